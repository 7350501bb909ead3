"""`fieldops scheduler`: run the periodic clock (one leader at a time, others stand by)."""

from __future__ import annotations

import signal
import threading
from typing import Any

import typer

from ops.cli.runtime import reports_errors, runtime


@reports_errors
def scheduler(
    ctx: typer.Context,
    show: bool = typer.Option(False, "--show", help="print the job table and exit"),
) -> None:
    """Tomorrow's roster, the no-show sweep, the weekly summary and coverage refresh, on time."""
    from ops.runtime.clock import jobs_from, run_clock

    settings = runtime(ctx).settings
    if show:
        for spec in jobs_from(settings):
            typer.echo(
                f"{spec.id:18} {spec.label_zh:8} {spec.trigger:8} {dict(spec.schedule)} -> {spec.task}"
            )
        return
    stop = threading.Event()

    def _stop(_signum: int, _frame: Any) -> None:
        stop.set()

    signal.signal(
        signal.SIGTERM, _stop
    )  # BlockingScheduler installs no handlers; we stop cleanly ourselves
    signal.signal(signal.SIGINT, _stop)
    typer.echo(
        f"定时任务已启动（时区 {settings.timezone}）/ scheduler running; Ctrl-C to stop", err=True
    )
    run_clock(settings, stop=stop)
