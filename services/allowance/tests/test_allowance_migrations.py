"""Migration 0001 creates exactly what store/tables.py declares, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from allowance.app import MIGRATIONS
from allowance.store.tables import metadata
from chassis.store import Database, chassis_metadata
from chassis.store.migrations import upgrade
from sqlalchemy import inspect


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.integration)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path}/allowance.db"
    postgres = request.getfixturevalue("postgres")
    return str(postgres.create_database(f"allowance_mig_{uuid.uuid4().hex[:8]}"))


async def test_migration_matches_tables(database_url: str) -> None:
    database = Database(database_url)
    try:
        await upgrade(database, MIGRATIONS)
        await upgrade(database, MIGRATIONS)  # safe at every start

        def differences(connection: Any) -> list[Any]:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return list(compare_metadata(context, [metadata, chassis_metadata]))

        def tables(connection: Any) -> set[str]:
            return set(inspect(connection).get_table_names())

        async with database.engine.connect() as connection:
            assert await connection.run_sync(differences) == []
            assert {
                "allowance_placement",
                "allowance_line",
                "outbox_event",
                "outbox_lease",
                "inbox_event",
            } <= await connection.run_sync(tables)
    finally:
        await database.dispose()
