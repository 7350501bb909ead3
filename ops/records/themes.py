"""Theme days an event may be held for: the built-in list, and what each office adds to it."""

from __future__ import annotations

from sqlmodel import Session, col, select

from ops.errors import NotFoundError, bilingual
from ops.models import EventTheme, Township

# The days the township's own report names (2024), in the order of the year.
BUILT_IN_THEMES = (
    "平安建设宣传月",
    "4.15 全民国家安全教育日",
    "平安宣传周",
    "9.16 平西藏宣传日",
    "12.4 国家宪法日",
)


def themes_for(session: Session, township_id: int) -> list[str]:
    """The built-in theme days, then those the township's office added, oldest first."""
    added = session.exec(
        select(EventTheme.name)
        .where(EventTheme.township_id == township_id)
        .order_by(col(EventTheme.id))
    ).all()
    return list(BUILT_IN_THEMES) + [name for name in added if name not in BUILT_IN_THEMES]


def add_theme(*, session: Session, township_id: int, name: str) -> list[str]:
    """Add a theme day to a township's list (once); return the whole list."""
    if session.get(Township, township_id) is None:
        raise NotFoundError(bilingual("没有这个乡镇", "no such township"))
    name = name.strip()
    if name and name not in themes_for(session, township_id):
        session.add(EventTheme(township_id=township_id, name=name))
        session.commit()
    return themes_for(session, township_id)
