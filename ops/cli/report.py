"""`fieldops report weekly`: the supervisor's weekly summary as files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from ops.cli.runtime import one_township_or_county, reports_errors, runtime
from ops.errors import InputError, Problem, bilingual

app = typer.Typer(help="报告 / reports", no_args_is_help=True)


@app.command("weekly")
@reports_errors
def weekly(
    ctx: typer.Context,
    township: str | None = typer.Option(None, "--township", "-t", help="乡镇名称 / township name"),
    county: bool = typer.Option(
        False, "--county", help="every township of the database in one summary"
    ),
    week: str = typer.Option(..., "--week", "-w", help="ISO week, e.g. 2026-W48"),
    out: Path = typer.Option(
        ..., "--out", "-o", help="folder for summary.html/.xlsx/.json, coverage.geojson, wechat.txt"
    ),
    lang: str = typer.Option("zh", "--lang", help="zh | en"),
) -> None:
    """Write the weekly coverage summary (Chinese by default) and print its headline figures."""
    from ops.reports.weekly import parse_week
    from ops.reports.weekly_files import FILES, write_weekly
    from ops.runtime.db import session_scope

    one_township_or_county(township, county)
    if lang not in ("zh", "en"):
        raise InputError(
            [Problem("--lang", lang, bilingual("语言为 zh 或 en", "lang is zh or en"))]
        )
    rt = runtime(ctx)
    with session_scope(rt.engine()) as session:
        report = write_weekly(
            session=session,
            township=township,
            monday=parse_week(week),
            out=out,
            settings=rt.settings,
            lang=lang,
        )
    print_headlines(report.summary, lang)
    typer.echo(f"周报已写入 / written to {report.folder.resolve()}: {', '.join(FILES)}")
    if report.delivered is False:
        failed = ", ".join(kind for kind, ok in (report.deliveries or {}).items() if not ok)
        typer.echo(
            f"注意：群机器人推送失败（{failed}），已记录日志 / webhook delivery failed ({failed}, logged)",
            err=True,
        )


@app.command("period")
@reports_errors
def period(
    ctx: typer.Context,
    township: str | None = typer.Option(None, "--township", "-t", help="乡镇名称 / township name"),
    county: bool = typer.Option(
        False, "--county", help="every township of the database in one report"
    ),
    year: int | None = typer.Option(None, "--year", "-y", help="a calendar year, e.g. 2024"),
    first: str | None = typer.Option(None, "--from", help="first local day, e.g. 2024-03-01"),
    last: str | None = typer.Option(None, "--to", help="last local day (inclusive)"),
    out: Path = typer.Option(
        ..., "--out", "-o", help="folder for figures.docx, figures.xlsx, figures.json"
    ),
    lang: str = typer.Option("zh", "--lang", help="zh | en"),
) -> None:
    """Write the period figures (年度/时段工作数据) with year-on-year change, counted from the records.

    One section per area of the township's yearly report (study, law publicity, mediator
    training, household visits, hazard sweeps, disputes, petitions, patrols, traffic persuasion):
    a sentence of figures in the report's style and a table in figures.docx, every counted row in
    figures.xlsx, everything in figures.json.
    """
    from ops.reports.period import parse_period
    from ops.reports.period_files import FILES, write_period
    from ops.runtime.db import session_scope

    one_township_or_county(township, county)
    if lang not in ("zh", "en"):
        raise InputError(
            [Problem("--lang", lang, bilingual("语言为 zh 或 en", "lang is zh or en"))]
        )
    span = parse_period(year, first, last)
    rt = runtime(ctx)
    with session_scope(rt.engine()) as session:
        report = write_period(
            session=session,
            township=township,
            period=span,
            out=out,
            settings=rt.settings,
            lang=lang,
        )
    for area in report.summary["areas"]:
        typer.echo(area["sentence_en" if lang == "en" else "sentence"])
    typer.echo(f"时段数据已写入 / written to {report.folder.resolve()}: {', '.join(FILES)}")


def print_headlines(summary: dict[str, Any], lang: str = "zh") -> None:
    """A short table of the headline figures with the change from last week."""
    from rich.table import Table

    from ops.cli.runtime import as_text, console
    from ops.reports.render_text import OVERVIEW

    kpis, change = summary["kpis"], summary["kpis"].get("change", {})
    table = Table(title=as_text(f"{summary['township']} {summary['week']}"))
    for header in ("指标", "本周", "较上周") if lang != "en" else ("figure", "this week", "change"):
        table.add_column(header)
    for key, zh, en in OVERVIEW:
        value, delta = kpis[key], change.get(key)
        shown = (
            f"{value:.0%}"
            if isinstance(value, float) and key.endswith(("rate", "coverage"))
            else str(value if value is not None else "—")
        )
        rate = key.endswith(("rate", "coverage"))
        change_text = "" if delta is None else (f"{delta * 100:+.1f} pp" if rate else f"{delta:+g}")
        table.add_row(zh if lang != "en" else en, shown, change_text)
    console().print(table)
