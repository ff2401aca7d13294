"""Migration 0001 creates exactly what store/tables.py describes (SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from chassis.store import Database, chassis_metadata
from chassis.store.migrations import upgrade
from devstack.pgserver import PostgresServer
from placement.app import MIGRATIONS
from placement.store.tables import metadata
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

TABLES = {
    "provider",
    "opportunity",
    "opportunity_legal_basis",
    "participant",
    "placement",
    "hours_entry",
    "refusal",
    "audit_record",
    "outbox_event",
    "outbox_lease",
    "inbox_event",
}


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    diffs = compare_metadata(context, [metadata, chassis_metadata])  # type: ignore[arg-type]
    return [
        d
        for d in diffs
        if not (isinstance(d, tuple) and d[0] == "remove_table" and d[1].name == "alembic_version")
    ]


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


async def _check(database: Database) -> None:
    await upgrade(database, MIGRATIONS)
    await upgrade(database, MIGRATIONS)  # idempotent at every start
    async with database.engine.connect() as connection:
        assert await connection.run_sync(_tables) >= TABLES
        assert await connection.run_sync(_differences) == []
    await database.dispose()


async def test_sqlite_schema_matches_tables(tmp_path: Path) -> None:
    await _check(Database(f"sqlite+aiosqlite:///{tmp_path / 'm.db'}"))


@pytest.mark.integration
async def test_postgres_schema_matches_tables(postgres: PostgresServer) -> None:
    url = await postgres.acreate_database(f"placement_mig_{uuid.uuid4().hex[:8]}")
    await _check(Database(url))
