"""The `fieldops` command line. Heavy libraries are imported inside commands to keep --help fast."""

from __future__ import annotations

import typer

from ops.cli import (
    calendar,
    clock,
    coverage,
    data,
    db,
    demo,
    report,
    roster,
    serve,
    themes,
    township,
    users,
    worker,
)
from ops.cli.runtime import Runtime, configure_logging

app = typer.Typer(
    help="FieldOps：乡镇路口劝导、村巡逻排班、签到与覆盖 / rosters, check-ins and coverage for township field work.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    ctx: typer.Context,
    verbose: bool = typer.Option(False, "--verbose", "-v", help="log debug output to stderr"),
) -> None:
    """FieldOps command line; settings come from FIELDOPS_* environment variables."""
    configure_logging(verbose)
    ctx.obj = Runtime()


app.add_typer(db.app, name="db")
app.add_typer(data.import_app, name="import")
app.command("template")(data.template)
app.add_typer(township.app, name="township")
app.add_typer(roster.app, name="roster")
app.add_typer(calendar.app, name="calendar")
app.command("demo")(demo.demo)
app.command("worker")(worker.worker)
app.command("worker-ping")(worker.worker_ping)
app.command("serve")(serve.serve)
app.add_typer(serve.token_app, name="token")
app.add_typer(users.app, name="user")
app.add_typer(serve.sweep_app, name="sweep")
app.add_typer(serve.tracks_app, name="tracks")
app.command("coverage")(coverage.coverage)
app.add_typer(report.app, name="report")
app.add_typer(themes.app, name="theme")
app.command("scheduler")(clock.scheduler)


def main() -> None:
    """Run the fieldops CLI."""
    app()
