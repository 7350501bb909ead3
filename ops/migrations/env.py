"""Alembic environment: the connection is handed in by ops.runtime.migrate, never read from a file."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import ops.models  # noqa: F401  (registers every table on the metadata)

config = context.config
target_metadata = SQLModel.metadata
FOREIGN_TABLES = {"apscheduler_jobs"}  # owned by APScheduler's job store, not by these migrations


def include_name(name: str | None, type_: str, _parent: object) -> bool:
    """Leave tables that other libraries own alone."""
    return not (type_ == "table" and name in FOREIGN_TABLES)


def run_migrations_online() -> None:
    """Run migrations on the connection ops.runtime.migrate put in the config attributes."""
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
