"""`fieldops db`: schema migrations."""

from __future__ import annotations

import typer

from ops.cli.runtime import reports_errors, runtime

app = typer.Typer(help="数据库 / database schema", no_args_is_help=True)


@app.command("upgrade")
@reports_errors
def upgrade(ctx: typer.Context, revision: str = typer.Argument("head")) -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    from ops.runtime.db import make_engine
    from ops.runtime.migrate import current_revision, upgrade

    settings = runtime(ctx).settings
    engine = make_engine(settings)
    upgrade(engine, revision)
    typer.echo(
        f"数据库已升级到 {current_revision(engine)} / database at revision {current_revision(engine)}"
    )
    typer.echo(_safe_url(settings.effective_database_url))


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
