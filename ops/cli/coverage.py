"""`fieldops coverage`: villages, cells and crossings covered in a period."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from ops.cli.runtime import CoordinateSystem, parse_day, reports_errors, runtime
from ops.errors import InputError, Problem, bilingual


class Format(StrEnum):
    """Output formats of `coverage`."""

    table = "table"
    json = "json"
    geojson = "geojson"


@reports_errors
def coverage(
    ctx: typer.Context,
    township: str = typer.Option(..., "--township", "-t", help="乡镇名称 / township name"),
    first: str = typer.Option(..., "--from", help="first local day, YYYY-MM-DD"),
    last: str = typer.Option(..., "--to", help="last local day (included), YYYY-MM-DD"),
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
    out: Path | None = typer.Option(None, "--out", "-o", help="write to a file instead of stdout"),
    refresh: bool = typer.Option(
        False, "--refresh", help="recompute every patrol of the period from its tracks first"
    ),
    crs: CoordinateSystem | None = typer.Option(
        None,
        "--crs",
        case_sensitive=False,
        show_default=False,
        help="坐标系 / write geojson or json positions in: wgs84 (default), cgcs2000 (Tianditu), "
        "gcj02 (Amap/高德, Tencent tiles), bd09 (Baidu tiles)",
    ),
) -> None:
    """Which villages, cells and crossings were covered, for how long, and what was missed."""
    from ops.runtime.db import session_scope
    from ops.services.coverage import refresh_period
    from ops.services.coverage_report import build_coverage, coverage_geojson, data_in_crs

    rt = runtime(ctx)
    start, end = parse_day(first, "--from"), parse_day(last, "--to")
    if crs is not None and fmt is Format.table:
        message = bilingual(
            "--crs 只用于 geojson 和 json 输出", "--crs applies to geojson and json"
        )
        raise InputError([Problem("--crs", crs.value, message)])
    with session_scope(rt.engine()) as session:
        if refresh:
            refresh_period(
                session=session, township_name=township, first=start, last=end, settings=rt.settings
            )
        report = build_coverage(
            session=session, township_name=township, first=start, last=end, settings=rt.settings
        )
    if fmt is Format.table:
        _print_tables(report.data)
        return
    if fmt is Format.json:
        body = report.data if crs is None else data_in_crs(report.data, crs.value)
    else:
        body = coverage_geojson(report, crs=crs.value if crs else None)
    text = json.dumps(body, ensure_ascii=False, indent=2)
    if out is None:
        typer.echo(text)
    else:
        out.write_text(text + "\n", encoding="utf-8")
        typer.echo(f"已写入 {out} / written to {out}")


def _print_tables(data: dict[str, Any]) -> None:
    from rich.table import Table

    from ops.cli.runtime import as_text
    from ops.cli.runtime import console as wide_console

    console = wide_console()
    period = data["period"]
    villages = Table(
        title=as_text(
            f"{data['township']} 村巡逻覆盖 village coverage {period['from']} – {period['to']}"
        )
    )
    for header in (
        "村 village",
        "网格 cells",
        "已覆盖 covered",
        "覆盖率 ratio",
        "公里 km",
        "分钟 min",
        "巡逻 patrols",
        "最近 last visit",
        "14天未到 stale",
    ):
        villages.add_column(header)
    for v in data["villages"]:
        last = (v["last_visit"] or "—")[:16].replace("T", " ")
        cells = (str(v["cells_total"]), str(v["cells_covered"]), f"{v['coverage_ratio']:.0%}")
        effort = (
            f"{v['km']:.1f}",
            f"{v['minutes']:.0f}",
            str(v["patrols"]),
            last,
            str(v["stale_cells"]),
        )
        villages.add_row(as_text(v["name"]), *cells, *effort)
    console.print(villages)
    posts = Table(title="岗位 posts")
    for header in (
        "岗位 post",
        "计划 planned",
        "到岗 filled",
        "准时 on time",
        "迟到 late",
        "缺勤 missed",
        "在岗分钟 min",
        "劝导人次 reached",
        "违法 violations",
    ):
        posts.add_column(header)
    for p in data["posts"]:
        violations = ", ".join(f"{k}:{n}" for k, n in p["violations"].items()) or "—"
        counts = (
            str(p[k]) for k in ("shifts_planned", "shifts_filled", "on_time", "late", "missed")
        )
        posts.add_row(
            as_text(p["name"]),
            *counts,
            f"{p['minutes_present']:.0f}",
            str(p["people_reached"]),
            violations,
        )
    console.print(posts)
