"""`fieldops demo`: a fresh demo township, and a whole week of field work run through the system."""

from __future__ import annotations

from datetime import UTC, datetime

import typer

from ops.cli.runtime import reports_errors, runtime
from ops.runtime.settings import Settings


@reports_errors
def demo(
    ctx: typer.Context,
    load_only: bool = typer.Option(
        False, "--load-only", help="only build the demo database and show it"
    ),
    lang: str = typer.Option("zh", "--lang", help="zh | en for the printed headlines"),
) -> None:
    """Build the illustrative Sewu Township and run a week: roster, worker, phones, sweep, weekly summary."""
    from ops.cli.township import print_township
    from ops.demo.build import DEMO_TOWNSHIP, build_demo
    from ops.runtime.db import make_engine, session_scope
    from ops.services.townships import describe_township

    base = runtime(ctx).settings
    if not load_only:
        _week(base, lang)
        return
    now = datetime.now(UTC)
    # With FIELDOPS_DATABASE_URL set, the township goes there (an empty database only).
    result = build_demo(
        base, today=now.astimezone(base.tz).date(), configured_database=bool(base.database_url)
    )
    for report in result.reports:
        typer.echo(report.summary())
        for warning in report.warnings:
            typer.echo(f"  注意 / warning: {warning}")
    engine = make_engine(result.settings)
    with session_scope(engine) as session:
        info = describe_township(session=session, name=DEMO_TOWNSHIP, now=now)
    print_township(info, tz=result.settings.tz)
    url = result.settings.effective_database_url
    typer.echo("")
    typer.echo("示意数据，非测绘成果 / illustrative data, not surveyed")
    typer.echo(f"演示数据库 demo database: {url}")
    typer.echo(f"继续使用 / to keep using it: export FIELDOPS_DATABASE_URL={url}")
    _console(result.settings, f"FIELDOPS_DATABASE_URL={url}")


def _week(base: Settings, lang: str) -> None:
    from ops.cli.report import print_headlines
    from ops.demo.week import run_demo_week

    week = run_demo_week(base, say=typer.echo)
    typer.echo("")
    print_headlines(week.summary, lang)
    typer.echo("")
    typer.echo("示意数据，非测绘成果 / illustrative data, not surveyed")
    typer.echo(f"周报文件夹 weekly summary folder: {week.report_folder.resolve()}")
    typer.echo(
        f"  summary.html summary.xlsx summary.json coverage.geojson wechat.txt  （用时 {week.seconds:.0f}s）"
    )
    if week.year_folder is not None:
        typer.echo("")
        for sentence in week.year_sentences or []:
            typer.echo(f"  {sentence}")
        typer.echo(f"今年至今工作数据 this year's figures to date: {week.year_folder.resolve()}")
        typer.echo("  figures.docx figures.xlsx figures.json")
    data_dir = week.settings.data_dir
    typer.echo(f"演示数据库 demo database: {week.settings.effective_database_url}")
    typer.echo(f"继续使用 / to keep using it: export FIELDOPS_DATA_DIR={data_dir}")
    _console(week.settings, f"FIELDOPS_DATA_DIR={data_dir}")


def _console(settings: Settings, env: str) -> None:
    """The console's address and the demo's sign-ins (the last lines the demo prints)."""
    from ops.demo.accounts import demo_accounts
    from ops.demo.build import DEMO_TOWNSHIP

    accounts = demo_accounts(settings, DEMO_TOWNSHIP)
    typer.echo("")
    typer.echo(
        f"办公控制台 office console: http://127.0.0.1:8000/console/  （先运行 / first run: {env} fieldops serve）"
    )
    for name, role, password in accounts:
        label = "调度员 dispatcher" if role == "dispatcher" else "督导 supervisor（只读 read only）"
        typer.echo(f"  {label}: 账号 name {name}  密码 password {password}")
