"""`fieldops serve`, `fieldops token ...`, `fieldops sweep ...`: the intake side of the CLI."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import typer

from ops.cli.runtime import Runtime, reports_errors, runtime
from ops.errors import InputError, Problem, bilingual

token_app = typer.Typer(help="访问令牌 / API tokens", no_args_is_help=True)
GRACEFUL_SHUTDOWN_S = 10
sweep_app = typer.Typer(help="定时检查 / sweeps", no_args_is_help=True)


@reports_errors
def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host"),
    port: int = typer.Option(8000, "--port"),
    workers: int = typer.Option(
        1, "--workers", min=1, max=64, help="API processes (uvicorn workers) on one port"
    ),
) -> None:
    """Run the HTTP API, the field app (/app/) and the office console (OpenAPI at /openapi.json).

    SIGTERM stops accepting, lets requests in flight finish (at most 10 s) and exits.
    """
    import uvicorn

    from ops.api.app import create_app

    settings = runtime(ctx).settings
    common = {
        "host": host,
        "port": port,
        "log_level": "warning",
        "access_log": False,
        "timeout_graceful_shutdown": GRACEFUL_SHUTDOWN_S,
        "timeout_keep_alive": 5,
        # Behind a TLS proxy: its X-Forwarded-Proto makes the request https (so the console's
        # cookies are Secure), believed only from these addresses.
        "proxy_headers": True,
        "forwarded_allow_ips": settings.forwarded_allow_ips,
    }
    if workers == 1:
        uvicorn.run(create_app(settings), **common)  # type: ignore[arg-type]
        return
    # Several processes: each builds its own app from the same environment (ops.api.main).
    uvicorn.run("ops.api.main:app", workers=workers, **common)  # type: ignore[arg-type]


@token_app.command("issue")
@reports_errors
def issue(
    ctx: typer.Context,
    staff: list[str] | None = typer.Option(
        None, "--staff", help="staff id (role staff); repeat it for a sheet of cards"
    ),
    role: str | None = typer.Option(None, "--role", help="dispatcher | supervisor"),
    name: str | None = typer.Option(
        None, "--name", help="who holds a dispatcher or supervisor token"
    ),
    township: str | None = typer.Option(
        None,
        "--township",
        "-t",
        help="with --role: hold the token to this township; with --qr/--qr-sheet: cards for "
        "every active staff member of it",
    ),
    qr: Path | None = typer.Option(
        None, "--qr", help="write a sign-in QR code (card.png or .svg) instead of a token"
    ),
    qr_sheet: Path | None = typer.Option(
        None, "--qr-sheet", help="printable sign-in cards: sheet.pdf or sheet.html"
    ),
    base_url: str | None = typer.Option(
        None, "--base-url", help="how phones reach the server (default: FIELDOPS_PUBLIC_URL)"
    ),
    valid_days: float = typer.Option(
        7, "--valid-days", min=0.01, max=90, help="days a card's code stays valid"
    ),
) -> None:
    """Issue a token (printed once, as the last line), or one-time sign-in cards (--qr, --qr-sheet)."""
    from ops.identity.auth import issue_token
    from ops.runtime.db import session_scope

    rt = runtime(ctx)
    if qr or qr_sheet or (township and not role):
        _issue_cards(rt, staff or [], township, qr, qr_sheet, base_url, valid_days)
        return
    if staff and len(staff) > 1:
        raise InputError(
            [Problem("--staff", "", bilingual("令牌一次只发给一个人", "one --staff per token"))]
        )
    chosen = "staff" if staff else (role or "")
    with session_scope(rt.engine()) as session:
        township_id = None
        if township:
            from ops.services.townships import get_township

            township_id = get_township(session=session, name=township).id
        token = issue_token(
            session=session, role=chosen, staff_id=staff[0] if staff else None, name=name,
            township_id=township_id,
        )  # fmt: skip
    typer.echo("令牌只显示这一次，请妥善保存 / the token is shown once; keep it safe:", err=True)
    typer.echo(token)


def _issue_cards(
    rt: Runtime,
    staff: list[str],
    township: str | None,
    qr: Path | None,
    qr_sheet: Path | None,
    base_url: str | None,
    valid_days: float,
) -> None:
    """One-time sign-in codes as a QR image (one person) and/or a sheet of cards (many)."""
    from dataclasses import replace
    from datetime import timedelta

    from ops.identity.cards import write_qr, write_sheet
    from ops.runtime.db import session_scope
    from ops.services.signin import active_staff_ids, issue_cards
    from ops.services.townships import get_township

    with session_scope(rt.engine()) as session:
        ids = list(staff)
        if township:
            found = get_township(session=session, name=township)
            ids += active_staff_ids(session=session, township_id=found.id or 0)
        if not ids:
            raise InputError(
                [
                    Problem(
                        "--staff",
                        "",
                        bilingual("请给出 --staff 或 --township", "give --staff or --township"),
                    )
                ]
            )
        if qr and len(set(ids)) != 1:
            raise InputError(
                [
                    Problem(
                        "--qr",
                        str(qr),
                        bilingual(
                            "--qr 只对应一个人；多人请用 --qr-sheet",
                            "--qr is for one person; use --qr-sheet",
                        ),
                    )
                ]
            )
        if qr_sheet and qr_sheet.suffix.lower() not in (".pdf", ".html", ".htm"):
            raise InputError(
                [
                    Problem(
                        "--qr-sheet",
                        str(qr_sheet),
                        bilingual("文件应为 .pdf 或 .html", "use .pdf or .html"),
                    )
                ]
            )
        cards = issue_cards(
            session=session, staff_ids=ids, base_url=base_url or rt.settings.public_url,
            now=datetime.now(UTC), valid_for=timedelta(days=valid_days),
        )  # fmt: skip
    cards = [replace(c, expires_at=c.expires_at.astimezone(rt.settings.tz)) for c in cards]
    if qr_sheet:
        write_sheet(cards, qr_sheet)
        typer.echo(f"工作卡 {len(cards)} 张 → {qr_sheet} / {len(cards)} card(s) written", err=True)
    expires = cards[0].expires_at.strftime("%Y-%m-%d %H:%M")
    typer.echo(
        f"登录码只能用一次，有效期至 {expires}；旧卡已作废 / "
        f"each code signs in once, until {expires}; older cards no longer work",
        err=True,
    )
    if qr:
        write_qr(cards[0].link, qr)
        typer.echo(f"二维码 → {qr} / QR code written", err=True)
        typer.echo(cards[0].link)


@token_app.command("revoke")
@reports_errors
def revoke(
    ctx: typer.Context,
    staff: str | None = typer.Option(
        None, "--staff", help="revoke every token of this person, and their unused cards"
    ),
    token: str | None = typer.Option(None, "--token", help="revoke this token"),
) -> None:
    """Revoke a token, or all of a person's tokens (their phone asks them to scan a new card)."""
    from ops.identity.auth import revoke_tokens
    from ops.runtime.db import session_scope
    from ops.services.signin import void_codes

    rt = runtime(ctx)
    with session_scope(rt.engine()) as session:
        # With the settings, the API's token cache forgets them too: revoked at once everywhere.
        revoked = revoke_tokens(session=session, staff_id=staff, token=token, settings=rt.settings)
        voided = void_codes(session=session, staff_id=staff, now=datetime.now(UTC)) if staff else 0
    count = len(revoked)
    typer.echo(
        f"已注销 {count} 个令牌，作废 {voided} 张未用的工作卡 / "
        f"{count} token(s) revoked, {voided} unused card(s) voided"
    )


@sweep_app.command("no-shows")
@reports_errors
def no_shows(ctx: typer.Context) -> None:
    """Mark assignments nobody checked in for (by start + grace) as missed."""
    from ops.runtime.db import session_scope
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
    from ops.intake.gpx_import import import_gpx
    from ops.runtime.db import session_scope

    rt = runtime(ctx)
    with session_scope(rt.engine()) as session:
        done = import_gpx(session=session, path=file, staff_id=staff, settings=rt.settings)
    for warning in done.warnings:
        typer.echo(f"注意 / warning: {warning}", err=True)
    typer.echo(
        f"轨迹 {done.chunks} 段、{done.points} 个点（空段 {done.empty_segments}）/ "
        f"{done.chunks} chunk(s), {done.points} points, {done.empty_segments} empty segment(s)"
    )
