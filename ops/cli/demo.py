"""`fieldops demo`: a fresh demo township, loaded through the real importers."""

from __future__ import annotations

from datetime import UTC, datetime

import typer

from ops.cli.runtime import reports_errors, runtime


@reports_errors
def demo(ctx: typer.Context) -> None:
    """Build a fresh demo database (illustrative Sewu Township) and show what it loaded."""
    from ops.cli.township import print_township
    from ops.db import make_engine, session_scope
    from ops.demo import DEMO_TOWNSHIP, build_demo
    from ops.services.townships import describe_township

    base = runtime(ctx).settings
    now = datetime.now(UTC)
    result = build_demo(base, today=now.astimezone(base.tz).date())
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
