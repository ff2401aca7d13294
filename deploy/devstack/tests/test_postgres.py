"""LocalPostgres / the ``postgres`` fixture: databases can be created and queried."""

from __future__ import annotations

import asyncpg
import pytest
from devstack.pgserver import PostgresServer, with_database
from devstack.postgres import LocalPostgres
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

pytestmark = pytest.mark.integration


async def test_create_database_and_query(postgres: PostgresServer) -> None:
    url = postgres.create_database("devstack_selftest")
    assert url.startswith("postgresql+asyncpg://")
    assert url.split("?")[0].endswith("/devstack_selftest")
    assert postgres.create_database("devstack_selftest") == url  # idempotent
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE IF NOT EXISTS t (id int primary key)"))
            await conn.execute(text("INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING"))
            name = (await conn.execute(text("SELECT current_database()"))).scalar_one()
            assert name == "devstack_selftest"
    finally:
        await engine.dispose()


async def test_async_create_and_asyncpg(postgres: PostgresServer) -> None:
    url = await postgres.acreate_database("devstack_other")
    conn = await asyncpg.connect(with_database(url, "devstack_other", scheme="postgresql"))
    try:
        assert await conn.fetchval("SELECT 41 + 1") == 42
    finally:
        await conn.close()


def test_local_postgres_settings() -> None:
    with LocalPostgres() as server:
        assert server.is_running
        assert server.server_url.endswith(f"127.0.0.1:{server.port}/postgres")
        url = server.create_database("Mixed Case")

        async def settings() -> tuple[str, str, str]:
            conn = await asyncpg.connect(with_database(url, "Mixed Case", scheme="postgresql"))
            try:
                row = await conn.fetchrow(
                    "SELECT current_database(), current_setting('fsync'),"
                    " current_setting('max_connections')"
                )
                return tuple(row)  # type: ignore[return-value]
            finally:
                await conn.close()

        from devstack.aio import run_sync

        assert run_sync(settings) == ("Mixed Case", "off", "200")
        root = server.root
    assert not server.is_running
    assert root is not None and not root.exists()
