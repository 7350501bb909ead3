"""Coverage on a map: an RFC 7946 FeatureCollection of villages and the cells patrols covered.

Village features carry their coverage figures; cell features are H3 hexagons (closed,
counter-clockwise, [lon, lat]) with their effort and the villages they belong to. Every feature
has `"kind": "village"` or `"kind": "cell"` so a map can style them apart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from geo.coverage import CellEffort, VillageCells, VillageCoverage
from geo.h3cells import cell_boundary
from geo.io import polygon_feature, to_feature_collection


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat().replace("+00:00", "Z")


def coverage_feature_collection(
    villages: Sequence[VillageCells],
    coverage: Sequence[VillageCoverage],
    cells: Sequence[CellEffort],
) -> dict[str, Any]:
    """Return villages with their coverage and covered cells with their effort, as GeoJSON."""
    by_village = {summary.village_id: summary for summary in coverage}
    owners: defaultdict[str, list[str]] = defaultdict(list)
    for village in villages:
        for cell in village.cells:
            owners[cell].append(village.village_id)
    features = [_village_feature(v, by_village.get(v.village_id)) for v in villages]
    features.extend(
        polygon_feature(
            {"type": "Polygon", "coordinates": [[list(p) for p in cell_boundary(c.cell)]]},
            {
                "kind": "cell",
                "cell": c.cell,
                "villages": owners.get(c.cell, []),
                "minutes": round(c.minutes, 1),
                "km": round(c.km, 3),
                "patrols": c.patrols,
                "last_visit": _iso(c.last_visit),
            },
            feature_id=c.cell,
        )
        for c in cells
    )
    return to_feature_collection(features)


def _village_feature(village: VillageCells, summary: VillageCoverage | None) -> dict[str, Any]:
    properties: dict[str, Any] = {"kind": "village", "id": village.village_id, "name": village.name}
    if summary is not None:
        properties |= {
            "cells_total": summary.cells_total,
            "cells_covered": summary.cells_covered,
            "coverage_ratio": round(summary.coverage_ratio, 4),
            "km": round(summary.km, 3),
            "minutes": round(summary.minutes, 1),
            "patrols": summary.patrols,
            "last_visit": _iso(summary.last_visit),
            "stale_cells": summary.stale_cells,
        }
    return polygon_feature(village.geometry, properties, feature_id=village.village_id)
