"""Fixtures of the placement tests: the app on a migrated SQLite store (no Kafka needed:
the runtime is not started, so events stay in the outbox where tests can read them)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from chassis.store.migrations import upgrade
from placement.app import MIGRATIONS, build
from placement.context import PlacementContext
from placement.settings import Settings


@pytest.fixture
async def sqlite_app(tmp_path: Path) -> AsyncIterator[tuple[PlacementContext, httpx.AsyncClient]]:
    """The placement context and an HTTP client of an app on a fresh SQLite file."""
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'placement.db'}",
        kafka_bootstrap_servers="127.0.0.1:9",
    )
    runtime, app = build(settings)
    await upgrade(runtime.database, MIGRATIONS)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://placement") as client:
        yield app.state.placement, client
    await runtime.database.dispose()
