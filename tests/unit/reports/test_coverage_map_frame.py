"""The weekly page's map frames villages and crossings together, every crossing circle whole."""

from __future__ import annotations

import re

import pytest

from ops.reports.coverage_map import coverage_map
from ops.reports.map_symbols import MapCrossing, MapVillage

WORDS = {
    "map_title": "地图",
    "inset_title": "路口",
    "crossings_here": "路口",
    "north": "北",
    "no_data": "无",
}


def square(lon: float, lat: float, size: float = 0.01) -> list[list[list[list[float]]]]:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return [[ring]]  # one polygon with one ring


def circles(svg: str) -> list[tuple[float, float, float]]:
    return [
        tuple(map(float, m))
        for m in re.findall(r'<circle[^>]*cx="([\d.-]+)" cy="([\d.-]+)" r="([\d.-]+)"', svg)
    ]  # type: ignore[misc]


def view_box(svg: str) -> tuple[float, float]:
    width, height = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups()  # type: ignore[union-attr]
    return float(width), float(height)


@pytest.mark.parametrize(
    "where",
    [(91.80, 32.26), (91.70, 32.26), (91.75, 32.31), (91.75, 32.21), (91.7601, 32.2601)],
    ids=["east", "west", "north", "south", "on-the-villages-corner"],
)
def test_a_crossing_beyond_or_at_the_edge_of_the_villages_is_drawn_whole(where):
    villages = [
        MapVillage("甲村", square(91.74, 32.25), 0.5, "甲村"),
        MapVillage("乙村", square(91.75, 32.25), 0.2, "乙村"),
    ]
    crossings = [
        MapCrossing("国道入口", where[0], where[1], 1.0, "国道入口"),  # the largest circle
        MapCrossing("村口", 91.745, 32.255, 0.4, "村口"),
    ]
    main, inset = coverage_map(villages, crossings, WORDS)
    width, height = view_box(main)
    drawn = circles(main)
    assert len(drawn) == 2 and not inset
    for cx, cy, r in drawn:
        assert r <= cx <= width - r and r <= cy <= height - r, (cx, cy, r, width, height)
