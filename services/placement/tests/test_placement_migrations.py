"""The migrations create exactly what store/tables.py describes (SQLite and PostgreSQL)."""

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
    "hours_correction",
    "refusal",
    "audit_record",
    "participant_preferred_category",
    "exemption",
    "hours_policy",
    "duty_policy",
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


async def test_0002_keeps_existing_providers_approved_and_downgrades(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'm2.db'}")

    def migrate(connection: Connection, step: str, revision: str) -> None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        getattr(command, step)(config, revision)

    async with database.engine.begin() as connection:
        await connection.run_sync(migrate, "upgrade", "0001")
        await connection.execute(
            text(
                "INSERT INTO provider (id, name, kind, municipality_key, created_at, created_by) "
                "VALUES ('p1', 'Alt', 'municipal', '03459004', '2026-01-01 00:00:00', 'x')"
            )
        )
        await connection.run_sync(migrate, "upgrade", "head")
        row = (await connection.execute(text("SELECT status, for_profit FROM provider"))).one()
        assert (row.status, bool(row.for_profit)) == ("approved", False)
        await connection.run_sync(migrate, "downgrade", "0001")
        assert "hours_policy" not in await connection.run_sync(_tables)
    await database.dispose()
