"""Alembic migrations build exactly the tables the models declare, on SQLite and PostgreSQL."""

from __future__ import annotations


def test_migrated_schema_matches_the_models(db):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlmodel import SQLModel

    import ops.models  # noqa: F401

    with db.engine.connect() as connection:
        ignore_apscheduler = {
            "include_name": lambda name, kind, _p: (
                not (kind == "table" and name == "apscheduler_jobs")
            )
        }
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, **ignore_apscheduler}
        )
        assert compare_metadata(context, SQLModel.metadata) == []


def test_downgrade_to_nothing_and_back_up(db):
    from sqlalchemy import inspect

    from ops.runtime.migrate import current_revision, head_revision, upgrade

    upgrade(db.engine, "base")
    assert current_revision(db.engine) is None
    assert "staff_member" not in inspect(db.engine).get_table_names()
    upgrade(db.engine)
    assert current_revision(db.engine) == head_revision()
    assert "staff_member" in inspect(db.engine).get_table_names()


def test_db_upgrade_command_reports_the_revision(db, fieldops):
    from ops.runtime.migrate import head_revision

    result = fieldops("db", "upgrade")
    assert result.exit_code == 0, result.output
    assert head_revision() in result.stdout
