"""The demo's console accounts: a dispatcher and a supervisor of Sewu, new passwords each run."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ops.runtime.settings import Settings

DEMO_ACCOUNTS = (("sewu-dispatcher", "dispatcher"), ("sewu-supervisor", "supervisor"))


def demo_accounts(settings: Settings, township: str) -> list[tuple[str, str, str]]:
    """Create (or give a new password to) the demo's accounts; (name, role, password) of each."""
    from sqlmodel import Session, select

    from ops.identity.accounts import add_account, new_password, set_password
    from ops.models import OfficeUser
    from ops.runtime.db import make_engine

    engine = make_engine(settings)
    made = []
    try:
        with Session(engine) as session:
            for name, role in DEMO_ACCOUNTS:
                password = new_password()
                if session.exec(select(OfficeUser).where(OfficeUser.name == name)).first():
                    set_password(session=session, name=name, password=password)
                else:
                    add_account(
                        session=session, name=name, role=role, township=township, password=password
                    )
                made.append((name, role, password))
    finally:
        engine.dispose()
    return made
