"""`fieldops import geo --crs`: convert a file drawn on Amap, Tencent or Baidu maps, or warn that it looks so.

With `--crs gcj02|bd09` the parsed villages and crossings are moved to WGS84 before they are
stored. Without `--crs` nothing is converted (no guessing), but the dispatcher is told, with the
offset in metres, when the file declares GCJ-02/BD-09 or when its crossings and villages sit where
GCJ-02/BD-09 copies of the township's stored positions would.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ops.errors import bilingual

if TYPE_CHECKING:
    from geo.model import TownshipGeometry
    from geo.shift_check import ShiftFinding
    from ops.models import Post, Village

NAMES = {"wgs84": "WGS84", "cgcs2000": "CGCS2000", "gcj02": "GCJ-02", "bd09": "BD-09"}


def convert_to_wgs84(parsed: TownshipGeometry, crs: str) -> tuple[TownshipGeometry, list[str]]:
    """Move a parsed file given in `crs` to WGS84; say what was done (and any disagreement)."""
    from geo.china_crs import SHIFTED, parse_crs
    from geo.reproject import township_to_wgs84
    from geo.shift_check import township_anchors

    system = parse_crs(crs)
    notes: list[str] = []
    declared = parsed.declared_crs
    if declared is not None and _family(declared) != _family(system):
        notes.append(
            bilingual(
                f"文件自称坐标系为 {NAMES[declared]}，但按 --crs {system} 换算",
                f"the file declares {NAMES[declared]}, converted as --crs {system} says",
            )
        )
    if system not in SHIFTED:
        return parsed, notes
    moved = township_to_wgs84(parsed, system)
    offset = _median_offset_m(township_anchors(parsed), township_anchors(moved))
    notes.append(
        bilingual(
            f"已将 {NAMES[system]} 坐标换算为 WGS84（中位偏移 {offset:.0f} 米）",
            f"converted from {NAMES[system]} to WGS84 (median shift {offset:.0f} m)",
        )
    )
    return moved, notes


def default_crs_warnings(
    parsed: TownshipGeometry, posts: Iterable[Post], villages: Iterable[Village]
) -> list[str]:
    """Warn, with the offset in metres, when a file imported as WGS84 looks like GCJ-02 or BD-09."""
    from geo.china_crs import SHIFTED, shift_m
    from geo.shift_check import anchor_points, detect_shift_by_code, township_anchors

    given = township_anchors(parsed)
    stored = anchor_points(
        {v.code: v.geometry for v in villages},
        {p.code: (p.lon, p.lat) for p in posts if p.kind == "intersection"},
    )
    finding = detect_shift_by_code(given, stored)
    warnings = [] if finding is None else [_looks_shifted(finding)]
    declared = parsed.declared_crs
    if declared in SHIFTED and given and (finding is None or finding.crs != declared):
        lon, lat = next(iter(given.values()))
        warnings.append(_declared_but_not_converted(declared, shift_m(lon, lat, declared)))
    backwards = detect_shift_by_code(stored, given)
    if backwards is not None:
        warnings.append(_stored_look_shifted(backwards))
    return warnings


def _declared_but_not_converted(declared: str, offset_m: float) -> str:
    return bilingual(
        f"文件自称坐标系为 {NAMES[declared]}，但未指定 --crs，已按 WGS84 导入：位置将偏移约 "
        f"{offset_m:.0f} 米；如属实请加 --crs {declared} 重新导入",
        f"the file declares {NAMES[declared]} but no --crs was given, so it was imported as "
        f"WGS84: positions are off by about {offset_m:.0f} m; if so, import it again with "
        f"--crs {declared}",
    )


def _looks_shifted(finding: ShiftFinding) -> str:
    return bilingual(
        f"本文件的路口和村与已存数据相比，{finding.zh}，应是在高德、腾讯或百度地图上取的点；"
        f"已按 WGS84 导入，如属实请加 --crs {finding.crs} 重新导入（比较了 {finding.compared} 处）",
        f"compared with the township's stored data, this file's crossings and villages: "
        f"{finding.en}, as if picked on Amap/Tencent/Baidu; imported as WGS84; if so, import it "
        f"again with --crs {finding.crs} ({finding.compared} compared)",
    )


def _stored_look_shifted(finding: ShiftFinding) -> str:
    return bilingual(
        f"已存的位置相对本文件偏移 {finding.offset_m:.0f} 米，像是以前按 WGS84 导入了 "
        f"{NAMES[finding.crs]} 数据；本次导入已更正",
        f"the stored positions sit {finding.offset_m:.0f} m from this file's, as if "
        f"{NAMES[finding.crs]} data had been imported as WGS84 before; this import corrects them",
    )


def _family(crs: str) -> str:
    """WGS84 and CGCS2000 are one datum for FieldOps; GCJ-02 and BD-09 are each their own."""
    return "wgs84" if crs in ("wgs84", "cgcs2000") else crs


def _median_offset_m(before: dict[str, Any], after: dict[str, Any]) -> float:
    from statistics import median

    from geo.crs import geodesic_distance_m

    distances = [float(geodesic_distance_m(*before[code], *after[code])) for code in before]
    return median(distances) if distances else 0.0
