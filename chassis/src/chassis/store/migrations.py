"""Alembic glue: each service's env.py calls `run_env`; start-up calls `upgrade`."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from chassis.store.database import Database, normalise_url
from chassis.store.tables import chassis_metadata


def run_env(service_metadata: MetaData) -> None:
    """Body of a service's migrations/env.py (online, offline and shared-connection mode)."""
    config = context.config
    target = [service_metadata, chassis_metadata]
    shared: Connection | None = config.attributes.get("connection")
    if shared is not None:
        _run(shared, target)
        return
    url = normalise_url(config.get_main_option("sqlalchemy.url") or "")
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=target, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return

    async def online() -> None:
        engine = create_async_engine(url)
        async with engine.begin() as connection:
            await connection.run_sync(_run, target)
        await engine.dispose()

    asyncio.run(online())


def _run(connection: Connection, target: Any) -> None:
    context.configure(
        connection=connection, target_metadata=target, render_as_batch=True, compare_type=True
    )
    with context.begin_transaction():
        context.run_migrations()


def create_chassis_tables(op: Any) -> None:
    """Create outbox, lease and inbox tables inside a service's first migration."""
    chassis_metadata.create_all(op.get_bind())


def drop_chassis_tables(op: Any) -> None:
    chassis_metadata.drop_all(op.get_bind())


async def upgrade(database: Database, script_location: Path) -> None:
    """Bring the store to the newest migration; safe to run at every start."""

    def _upgrade(connection: Connection) -> None:
        config = Config()
        config.set_main_option("script_location", str(script_location))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")

    async with database.engine.begin() as connection:
        await connection.run_sync(_upgrade)
