"""`fieldops roster ...`: solve a problem file, generate, show, repair and explain rosters."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path

import typer

from ops.cli.runtime import Runtime, one_township_or_county, parse_day, reports_errors, runtime
from ops.errors import InputError, Problem, bilingual

app = typer.Typer(help="排班 / rosters", no_args_is_help=True)
TOWNSHIP = typer.Option(..., "--township", "-t", help="乡镇名称 / township name")
LANG = typer.Option("zh", "--lang", help="zh | en")


class Format(StrEnum):
    """Output formats of `roster show`."""

    table = "table"
    csv = "csv"
    xlsx = "xlsx"
    json = "json"
    wechat = "wechat"
    ics = "ics"


@app.command("solve")
@reports_errors
def solve_file(
    problem: Path = typer.Option(
        ..., "--problem", "-p", help="roster problem JSON (docs/roster-format.md)"
    ),
    out: Path = typer.Option(..., "--out", "-o", help="where to write the roster JSON"),
    time_limit: float | None = typer.Option(
        None, "--time-limit", min=0.1, help="cap on the whole solve, seconds"
    ),
) -> None:
    """Solve a roster problem file; a shortfall is not an error, malformed input is."""
    from ops.services.roster_files import solve_problem_file

    summary = solve_problem_file(problem, out, time_limit=time_limit)
    typer.echo(summary)


@app.command("nrp")
@reports_errors
def solve_nrp(
    instance: Path = typer.Argument(..., help="Curtois & Qu instance, e.g. Instance1.txt"),
    out: Path = typer.Option(..., "--out", "-o", help="where to write the roster JSON"),
    time_limit: float | None = typer.Option(
        None, "--time-limit", min=0.1, help="seconds for the solve (default 60)"
    ),
) -> None:
    """Solve a shift-scheduling benchmark instance (schedulingbenchmarks.org) on the roster engine."""
    from ops.services.roster_files import solve_nrp_file

    roster = solve_nrp_file(instance, out, time_limit=time_limit)
    typer.echo(
        f"{roster['instance']}: 目标值 objective {roster['objective']}, {roster['status']}, "
        f"{len(roster['assignments'])} assignments, {roster['solve_seconds']}s -> {out}"
    )


@app.command("requests")
@reports_errors
def import_requests(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="requests (.xlsx/.csv)", show_default=False),
    township: str = TOWNSHIP,
) -> None:
    """People's wishes (.xlsx/.csv): 编号 日期 意愿(上班/休息) 班次类型 权重."""
    from ops.cli.data import run_import  # the one runner every import shares

    run_import(ctx, "requests", file, township)


@app.command("generate")
@reports_errors
def generate(
    ctx: typer.Context,
    township: str | None = typer.Option(None, "--township", "-t", help="乡镇名称 / township name"),
    county: bool = typer.Option(False, "--county", help="every township, one worker task each"),
    start: str = typer.Option(..., "--start", help="first local day, YYYY-MM-DD"),
    days: int = typer.Option(7, "--days", "-n", help="number of days"),
    time_limit: float | None = typer.Option(
        None, "--time-limit", min=0.1, help="cap on the whole solve, seconds"
    ),
) -> None:
    """Build a roster from staff, leave and shift templates and store it as a new version."""
    from ops.runtime.db import session_scope
    from ops.services.rosters import generate_roster

    rt = runtime(ctx)
    first = parse_day(start, "--start")
    one_township_or_county(township, county)
    if county:
        _generate_county(rt, first, days, time_limit)
        return
    assert township is not None
    _note_unknown_holidays(first, days)
    with session_scope(rt.engine()) as session:
        roster, result = generate_roster(
            session=session, township_name=township, start=first, days=days, settings=rt.settings,
            time_limit=time_limit,
        )  # fmt: skip
    typer.echo(
        f"{township} 第{roster.version}版排班 {roster.start_date} 起 {roster.days} 天：{len(result.assignments)} 人次，"
        f"缺员 {result.shortfall}，最多 {result.max_load} 班/人，{result.status}，用时 {result.solve_seconds}s"
    )
    typer.echo(
        f"roster v{roster.version}: {len(result.assignments)} assignments, shortfall {result.shortfall}, "
        f"max load {result.max_load}, {result.status}, {result.solve_seconds}s"
    )
    for unfilled in result.unfilled:
        typer.echo(
            f"  缺员 {unfilled.shift} -{unfilled.missing}：{unfilled.reason.zh} / {unfilled.reason.en}"
        )


def _note_unknown_holidays(first: date, days: int) -> None:
    from ops.services.calendar import calendar_days, unknown_note, unknown_years

    years = unknown_years(calendar_days(first, max(days, 1)))
    if years:
        typer.echo(unknown_note(years), err=True)


def _generate_county(rt: Runtime, first: date, days: int, time_limit: float | None) -> None:
    import time as clock

    from ops.runtime.db import session_scope
    from ops.runtime.queue import make_client
    from ops.services.county import generate_county, township_names

    with session_scope(rt.engine()) as session:
        names = township_names(session=session)
    started = clock.perf_counter()
    client = make_client(rt.settings)
    results = generate_county(
        client, names, start=first, days=days, time_limit=time_limit, timeout=600
    )
    for summary in results:
        typer.echo(
            f"{summary['township']} v{summary['version']}: {summary['assignments']} 人次 assignments, "
            f"缺员 shortfall {summary['shortfall']}, {summary['status']}, {summary['solve_seconds']}s"
        )
    typer.echo(
        f"全县 {len(results)} 个乡镇，用时 {clock.perf_counter() - started:.1f}s / county wall time"
    )


@app.command("show")
@reports_errors
def show(
    ctx: typer.Context,
    township: str = TOWNSHIP,
    day: str = typer.Option(..., "--date", "-d", help="local day, YYYY-MM-DD"),
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="write to a file (required for xlsx)"
    ),
    staff: str | None = typer.Option(None, "--staff", help="ics: only this person's duties"),
    days: int = typer.Option(1, "--days", "-n", help="ics: number of days from --date"),
    lang: str = LANG,
    send: bool = typer.Option(
        False,
        "--send",
        help="wechat: also send the text to the group robots "
        "(FIELDOPS_WEBHOOK_URL, FIELDOPS_DINGTALK_URL)",
    ),
) -> None:
    """Show the roster in force for a day: table, csv, xlsx, json, wechat text or ics calendar."""
    from ops.reports import roster_formats as formats
    from ops.reports.scrub import json_text
    from ops.runtime.db import session_scope
    from ops.services.rosters import roster_day

    rt = runtime(ctx)
    tz = rt.settings.tz
    first = parse_day(day, "--date")
    if send:
        _check_can_send(rt, fmt)
    with session_scope(rt.engine()) as session:
        wanted = days if fmt is Format.ics else 1
        roster_days = [
            roster_day(
                session=session,
                township_name=township,
                day=first + timedelta(days=i),
                settings=rt.settings,
            )
            for i in range(wanted)
        ]
    one = roster_days[0]
    if fmt is Format.xlsx:
        if out is None:
            raise InputError(
                [Problem("--out", "", bilingual("xlsx 需要 --out 文件", "xlsx needs --out FILE"))]
            )
        out.write_bytes(formats.render_xlsx(one, tz, lang))
        typer.echo(f"已写入 {out} / written to {out}")
        return
    if fmt is Format.table:
        _print_table(one, tz, lang)
        return
    text = {
        Format.csv: lambda: "\ufeff" + formats.render_csv(one, tz, lang),
        Format.json: lambda: json_text(formats.day_to_dict(one, tz), indent=2),
        Format.wechat: lambda: formats.render_wechat(one, tz, lang),
        Format.ics: lambda: formats.render_ics(roster_days, tz, staff_id=staff, lang=lang),
    }[fmt]()
    if out is not None:
        out.write_text(text, encoding="utf-8", newline="")
        typer.echo(f"已写入 {out} / written to {out}")
    else:
        typer.echo(text.removeprefix("\ufeff"))
    if send:
        _send(rt, text)


def _check_can_send(rt: Runtime, fmt: Format) -> None:
    """Refuse --send before any work when it cannot be done: not wechat text, or no robot."""
    from ops.reports.webhook import robots

    if fmt is not Format.wechat:
        message = bilingual("--send 只用于 --format wechat", "--send goes with --format wechat")
        raise InputError([Problem("--send", fmt.value, message)])
    if not robots(rt.settings):
        message = bilingual(
            "未配置群机器人：请设置 FIELDOPS_WEBHOOK_URL（企业微信）或 FIELDOPS_DINGTALK_URL（钉钉）",
            "no group robot configured: set FIELDOPS_WEBHOOK_URL (WeChat) or "
            "FIELDOPS_DINGTALK_URL (DingTalk)",
        )
        raise InputError([Problem("--send", "", message)])


def _send(rt: Runtime, text: str) -> None:
    """Send the roster text to every configured robot; exit 1 if any of them did not take it."""
    from ops.reports.webhook import send_to_robots

    results = send_to_robots(rt.settings, text) or {}
    sent = ", ".join(kind for kind, ok in results.items() if ok)
    failed = ", ".join(kind for kind, ok in results.items() if not ok)
    if sent:
        typer.echo(f"已发送到群机器人 / sent to: {sent}", err=True)
    if failed:
        typer.echo(f"群机器人推送失败，已记录日志 / delivery failed ({failed}, logged)", err=True)
        raise typer.Exit(1)


def _print_table(day: object, tz: object, lang: str) -> None:
    from rich.table import Table

    from ops.cli.runtime import as_text
    from ops.cli.runtime import console as wide_console
    from ops.reports.roster_formats import day_rows

    rows = day_rows(day, tz, lang)  # type: ignore[arg-type]
    version = getattr(getattr(day, "roster", None), "version", None)
    title = f"{getattr(day, 'township', '')} {getattr(day, 'day', '')} v{version or '-'}"
    table = Table(title=as_text(title))
    for header in rows[0]:
        table.add_column(str(header))
    for row in rows[1:]:  # a name like "[/b]" is shown, not parsed
        table.add_row(*(as_text(v) for v in row))
    wide_console().print(table)


@app.command("repair")
@reports_errors
def repair(
    ctx: typer.Context,
    township: str = TOWNSHIP,
    day: str = typer.Option(..., "--date", "-d", help="local day, YYYY-MM-DD"),
    absent: str = typer.Option(..., "--absent", help="staff id of the person who cannot come"),
    from_: str | None = typer.Option(
        None, "--from", help="local HH:MM (default: start of day, or now if today)"
    ),
    time_limit: float | None = typer.Option(None, "--time-limit", min=0.1),
    lang: str = LANG,
) -> None:
    """Take someone off the roster from a time on, change as little as possible, print the message."""
    from ops.runtime.db import session_scope
    from ops.services.roster_changes import repair_roster

    rt = runtime(ctx)
    tz = rt.settings.tz
    the_day = parse_day(day, "--date")
    start = datetime.combine(the_day, _parse_time(from_) if from_ else time(0), tzinfo=tz)
    if from_ is None:
        start = max(start, datetime.now(UTC).astimezone(tz))
    with session_scope(rt.engine()) as session:
        roster, mended = repair_roster(
            session=session, township_name=township, day=the_day, absent=absent, from_time=start,
            settings=rt.settings, time_limit=time_limit,
        )  # fmt: skip
    typer.echo(
        f"第{roster.version}版（修补）/ version {roster.version} (repair): 缺员 shortfall {mended.result.shortfall}"
    )
    typer.echo("变动 changes:")
    for change in mended.changes:
        typer.echo(
            f"  {change.shift}: -{','.join(change.removed) or '—'} +{','.join(change.added) or '—'}"
        )
    typer.echo("")
    typer.echo(mended.message(lang))


def _parse_time(value: str) -> time:
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise InputError(
            [Problem("--from", value, bilingual("时间应为 HH:MM", "times are HH:MM"))]
        ) from None


@app.command("explain")
@reports_errors
def explain(
    ctx: typer.Context,
    township: str = TOWNSHIP,
    day: str = typer.Option(..., "--date", "-d", help="any day of the roster, YYYY-MM-DD"),
    fmt: str = typer.Option("text", "--format", "-f", help="text | json"),
    lang: str = LANG,
) -> None:
    """Why each person is where they are, and who could have taken each slot."""
    from ops.runtime.db import session_scope
    from ops.services.roster_changes import explain_roster
    from scheduler.explain import explanation_to_dict, render

    rt = runtime(ctx)
    with session_scope(rt.engine()) as session:
        roster, problem, explanation = explain_roster(
            session=session,
            township_name=township,
            day=parse_day(day, "--date"),
            settings=rt.settings,
        )
    if fmt == "json":
        typer.echo(
            json.dumps(
                {"version": roster.version} | explanation_to_dict(explanation),
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        typer.echo(render(problem, explanation, lang))
