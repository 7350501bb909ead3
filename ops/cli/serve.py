"""`fieldops serve`, `fieldops token ...`, `fieldops sweep ...`: the intake side of the CLI."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import typer

from ops.cli.runtime import reports_errors, runtime

token_app = typer.Typer(help="访问令牌 / API tokens", no_args_is_help=True)
sweep_app = typer.Typer(help="定时检查 / sweeps", no_args_is_help=True)


@reports_errors
def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host"),
    port: int = typer.Option(8000, "--port"),
    workers: int = typer.Option(1, "--workers", min=1, help="uvicorn worker processes"),
) -> None:
    """Run the HTTP API (OpenAPI at /openapi.json)."""
    import uvicorn

    from ops.api.app import create_app

    settings = runtime(ctx).settings
    if workers == 1:
        uvicorn.run(
            create_app(settings), host=host, port=port, log_level="warning", access_log=False
        )
        return
    # Several processes: each builds its own app from the same environment.
    uvicorn.run(
        "ops.api.main:app",
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
    )


@token_app.command("issue")
@reports_errors
def issue(
    ctx: typer.Context,
    staff: str | None = typer.Option(None, "--staff", help="staff id (role staff)"),
    role: str | None = typer.Option(None, "--role", help="dispatcher | supervisor"),
    name: str | None = typer.Option(
        None, "--name", help="who holds a dispatcher or supervisor token"
    ),
) -> None:
    """Issue a token; it is printed once, as the last line, and only its hash is kept."""
    from ops.auth import issue_token
    from ops.db import session_scope

    rt = runtime(ctx)
    chosen = "staff" if staff else (role or "")
    with session_scope(rt.engine()) as session:
        token = issue_token(session=session, role=chosen, staff_id=staff, name=name)
    typer.echo("令牌只显示这一次，请妥善保存 / the token is shown once; keep it safe:", err=True)
    typer.echo(token)


@token_app.command("revoke")
@reports_errors
def revoke(
    ctx: typer.Context,
    staff: str | None = typer.Option(None, "--staff", help="revoke every token of this person"),
    token: str | None = typer.Option(None, "--token", help="revoke this token"),
) -> None:
    """Revoke a token, or all of a person's tokens."""
    from ops.auth import revoke_tokens
    from ops.db import session_scope

    rt = runtime(ctx)
    with session_scope(rt.engine()) as session:
        count = revoke_tokens(session=session, staff_id=staff, token=token)
    typer.echo(f"已注销 {count} 个令牌 / {count} token(s) revoked")


@sweep_app.command("no-shows")
@reports_errors
def no_shows(ctx: typer.Context) -> None:
    """Mark assignments nobody checked in for (by start + grace) as missed."""
    from ops.db import session_scope
    from ops.services.attendance import sweep_no_shows

    rt = runtime(ctx)
    with session_scope(rt.engine()) as session:
        counts = sweep_no_shows(session=session, now=datetime.now(UTC), settings=rt.settings)
    missed, attended = counts["missed"], counts["attended"]
    typer.echo(f"未到岗 {missed}，补到 {attended} / {missed} missed, {attended} attended")


tracks_app = typer.Typer(help="巡逻轨迹 / patrol tracks", no_args_is_help=True)


@tracks_app.command("import")
@reports_errors
def import_tracks(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="GPX 1.0 or 1.1 file"),
    staff: str = typer.Option(..., "--staff", help="whose patrol it is"),
) -> None:
    """Import a GPX track for a person; importing the same file again stores nothing new."""
    from ops.db import session_scope
    from ops.intake.gpx_import import import_gpx

    rt = runtime(ctx)
    with session_scope(rt.engine()) as session:
        done = import_gpx(session=session, path=file, staff_id=staff, settings=rt.settings)
    for warning in done.warnings:
        typer.echo(f"注意 / warning: {warning}", err=True)
    typer.echo(
        f"轨迹 {done.chunks} 段、{done.points} 个点（空段 {done.empty_segments}）/ "
        f"{done.chunks} chunk(s), {done.points} points, {done.empty_segments} empty segment(s)"
    )
