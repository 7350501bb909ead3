"""`fieldops worker`: a Celery worker over Redis, configured by the same settings as the API."""

from __future__ import annotations

import typer

from ops.cli.runtime import reports_errors, runtime

# Named by string so that ops never imports workers (Celery imports it inside the worker).
TASK_MODULES = ["workers.tasks", "workers.records"]


@reports_errors
def worker(
    ctx: typer.Context,
    concurrency: int = typer.Option(2, "--concurrency", "-c", min=1, help="pool processes"),
    loglevel: str = typer.Option("INFO", "--loglevel", "-l"),
    hostname: str | None = typer.Option(None, "--hostname", "-n", help="worker name, e.g. w1@%h"),
) -> None:
    """Run a worker that takes check-ins, reports and roster jobs from Redis."""
    from ops.runtime.queue import make_client

    app = make_client(runtime(ctx).settings, include=TASK_MODULES)
    argv = [
        "worker",
        f"--concurrency={concurrency}",
        f"--loglevel={loglevel}",
        "--without-gossip",
        "--without-mingle",
    ]
    if hostname:
        argv.append(f"--hostname={hostname}")
    app.worker_main(argv)


@reports_errors
def worker_ping(ctx: typer.Context, timeout: float = typer.Option(3.0, "--timeout")) -> None:
    """Exit 0 if at least one worker answers (for health checks)."""
    from ops.runtime.queue import make_client

    replies = make_client(runtime(ctx).settings).control.ping(timeout=timeout)
    typer.echo(f"{len(replies)} worker(s) answered")
    if not replies:
        raise typer.Exit(1)
