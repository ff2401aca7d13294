"""Migration 0001 creates exactly what store/tables.py (and the chassis) describe."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from chassis.store import Database, chassis_metadata
from reporting.app import MIGRATIONS
from reporting.store.tables import metadata
from sqlalchemy import inspect


async def test_migration_matches_the_tables(sqlite_db: Database) -> None:
    def diff(connection):  # type: ignore[no-untyped-def]
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, [metadata, chassis_metadata])  # type: ignore[arg-type]

    async with sqlite_db.engine.connect() as connection:
        assert await connection.run_sync(diff) == []


async def test_downgrade_removes_everything(sqlite_db: Database) -> None:
    def downgrade(connection):  # type: ignore[no-untyped-def]
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
        return inspect(connection).get_table_names()

    async with sqlite_db.engine.begin() as connection:
        assert await connection.run_sync(downgrade) == ["alembic_version"]
