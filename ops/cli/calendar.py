"""`fieldops calendar ...`: the roster calendar (statutory holidays, 调休, office days)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ops.cli.runtime import parse_day, reports_errors, runtime

app = typer.Typer(
    help="排班日历：法定节假日、调休和本乡镇的节日、宣传日、集市日 / the roster calendar",
    no_args_is_help=True,
)
TOWNSHIP = typer.Option(..., "--township", "-t", help="乡镇名称 / township name")


@app.command("show")
@reports_errors
def show(
    ctx: typer.Context,
    township: str = TOWNSHIP,
    start: str = typer.Option(..., "--start", help="first local day, YYYY-MM-DD"),
    days: int = typer.Option(7, "--days", "-n", min=1, max=366, help="number of days"),
    fmt: str = typer.Option("text", "--format", "-f", help="text | json"),
    lang: str = typer.Option("zh", "--lang", help="zh | en"),
) -> None:
    """Each day: statutory status (holiday, make-up working day, unknown), office marks, demand."""
    from ops.runtime.db import session_scope
    from ops.services.calendar import day_line, township_calendar, unknown_note, unknown_years
    from ops.services.townships import get_township

    rt = runtime(ctx)
    first = parse_day(start, "--start")
    with session_scope(rt.engine()) as session:
        found = get_township(session=session, name=township)
        assert found.id is not None
        calendar = township_calendar(session=session, township_id=found.id, first=first, days=days)
    if fmt == "json":
        rows = [
            {
                "date": d.day.isoformat(),
                "statutory": d.statutory,
                "holiday": d.holiday_name[1] if d.holiday_name else None,
                "pattern_weekday": d.pattern_weekday,
                "kinds": sorted(d.kinds),
                "names": list(d.names),
                "demand_factor": d.demand_factor,
            }
            for d in calendar.values()
        ]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for entry in calendar.values():
            typer.echo(day_line(entry, lang))
    years = unknown_years(calendar)
    if years:
        typer.echo(unknown_note(years), err=True)


@app.command("import")
@reports_errors
def import_calendar(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="the office calendar (.xlsx/.csv)", show_default=False),
    township: str = TOWNSHIP,
) -> None:
    """Office days (.xlsx/.csv): 日期 结束日期 类型(节日/宣传日/集市日/其他) 名称 需求系数."""
    from ops.cli.data import run_import  # the one runner every import shares

    run_import(ctx, "calendar", file, township)
