"""`fieldops theme ...`: the theme days law-publicity events are held for (主题日)."""

from __future__ import annotations

import typer

from ops.cli.runtime import reports_errors, runtime
from ops.errors import InputError, Problem, bilingual

app = typer.Typer(help="宣传主题日 / theme days of events", no_args_is_help=True)
TOWNSHIP = typer.Option(..., "--township", "-t", help="乡镇名称 / township name")


@app.command("list")
@reports_errors
def list_themes(ctx: typer.Context, township: str = TOWNSHIP) -> None:
    """The built-in theme days, then those the township's office added."""
    for name in _themes(ctx, township, None):
        typer.echo(name)


@app.command("add")
@reports_errors
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="e.g. 藏历新年 (at most 64 characters)"),
    township: str = TOWNSHIP,
) -> None:
    """Add a theme day (a local festival, a campaign) to the township's list; adding it again changes nothing."""
    from ops.reports.scrub import one_line

    cleaned = one_line(name).strip()
    if not cleaned or len(cleaned) > 64 or "\x00" in name:
        raise InputError([Problem("NAME", name[:80], bilingual(
            "主题日名称为 1 至 64 个字", "a theme day's name is 1 to 64 characters"))])  # fmt: skip
    names = _themes(ctx, township, cleaned)
    typer.echo(f"已加入 / added: {cleaned} ({len(names)} 个主题日 theme days)")


def _themes(ctx: typer.Context, township: str, new: str | None) -> list[str]:
    from ops.records.themes import add_theme, themes_for
    from ops.runtime.db import session_scope
    from ops.services.townships import get_township

    rt = runtime(ctx)
    with session_scope(rt.engine()) as session:
        found = get_township(session=session, name=township)
        assert found.id is not None
        if new is None:
            return themes_for(session, found.id)
        return add_theme(session=session, township_id=found.id, name=new)
