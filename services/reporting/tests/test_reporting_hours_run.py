"""The HoursLogged batch handler: one multi-row upsert per run, same rows as one by one.

Runs on SQLite and (integration) on PostgreSQL, which refuses to update a row twice in one
statement, so duplicates inside a run must be reduced first.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from chassis.store import Database
from chassis.store.migrations import upgrade
from gemeinwerk_contracts import Envelope, HoursLogged
from reporting.app import MIGRATIONS
from reporting.consumers.read_model import on_hours_logged_run
from reporting.store import upsert
from reporting.store.tables import hours_entry_table
from sqlalchemy import event, select

from chassis import UnitOfWork

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
PLACEMENT = uuid.uuid4()
ENTRIES = [uuid.UUID(int=n) for n in range(1, 6)]

Item = tuple[Envelope, HoursLogged]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.integration)])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated, empty store on each dialect."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'reporting.db'}"
    else:
        server = request.getfixturevalue("postgres")
        url = await server.acreate_database(f"reporting_runs_{uuid.uuid4().hex[:8]}")
    database = Database(url)
    await upgrade(database, MIGRATIONS)
    yield database
    await database.dispose()


def logged(entry: uuid.UUID, minutes: int, at: datetime) -> Item:
    """An HoursLogged under a new event id with ce_time `at`."""
    event = HoursLogged(
        participant_ref=PLACEMENT,
        entry_id=entry,
        placement_id=PLACEMENT,
        provider_id=PLACEMENT,
        work_date=date(2026, 2, 27),
        worked_minutes=minutes,
    )
    return Envelope(type=event.TYPE, source="/placement", time=at), event


async def run(database: Database, *runs: list[Item]) -> None:
    """Each argument one run through the batch handler, all in one transaction."""
    async with UnitOfWork(database) as uow:
        for items in runs:
            await on_hours_logged_run(uow, items)
        await uow.commit()


async def minutes(database: Database) -> dict[uuid.UUID, int]:
    h = hours_entry_table.c
    async with UnitOfWork(database) as uow:
        rows = await uow.session.execute(select(h.entry_id, h.minutes))
    return {uuid.UUID(row.entry_id): row.minutes for row in rows}


async def test_duplicates_inside_one_run(store: Database) -> None:
    a, b = ENTRIES[:2]
    at = T0 + timedelta(minutes=3)
    await run(
        store,
        [
            logged(a, 45, T0),
            logged(b, 30, T0),
            logged(a, 75, T0 + timedelta(minutes=2)),
            logged(a, 60, T0 + timedelta(minutes=1)),
            logged(b, 30, T0),  # the same fact again under a new event id
            logged(b, 40, at),
            logged(b, 50, at),  # same ce_time: the later one wins, as one by one
        ],
    )
    assert await minutes(store) == {a: 75, b: 50}


async def test_an_older_correction_after_a_newer_one_in_the_same_run(store: Database) -> None:
    a = ENTRIES[0]
    older = (T0 + timedelta(minutes=1)).astimezone(timezone(timedelta(hours=2)))  # reads later
    await run(store, [logged(a, 60, T0 + timedelta(minutes=5)), logged(a, 45, older)])
    assert await minutes(store) == {a: 60}


async def test_an_older_correction_in_a_later_run(store: Database) -> None:
    a, b = ENTRIES[:2]
    await run(store, [logged(a, 60, T0 + timedelta(minutes=5))])
    await run(store, [logged(b, 30, T0), logged(a, 45, T0 + timedelta(minutes=1))])
    assert await minutes(store) == {a: 60, b: 30}
    # In one transaction too, and a newer correction still wins.
    await run(
        store, [logged(a, 50, T0 + timedelta(minutes=2))], [logged(a, 75, T0 + timedelta(hours=1))]
    )
    assert await minutes(store) == {a: 75, b: 30}


@pytest.mark.parametrize("seed", range(3))
async def test_a_run_leaves_what_one_by_one_leaves(
    store: Database, tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(seed)
    times = [T0 + timedelta(seconds=rng.randrange(4)) for _ in range(60)]
    items = [logged(rng.choice(ENTRIES), rng.randrange(1, 600), at) for at in times]
    reference = Database(f"sqlite+aiosqlite:///{tmp_path / 'one_by_one.db'}")
    await upgrade(reference, MIGRATIONS)
    await run(reference, *[[item] for item in items[:30]])
    await run(reference, *[[item] for item in items[30:]])
    monkeypatch.setattr(upsert, "PAGE_ROWS", 2)  # two rows per statement
    await run(store, items[:30])
    await run(store, items[30:])
    assert await minutes(store) == await minutes(reference)
    await reference.dispose()


async def test_a_run_is_one_multi_row_statement_per_page(
    store: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows_per_statement: list[int] = []

    def count(_conn, _cursor, statement: str, *_: object) -> None:  # type: ignore[no-untyped-def]
        if statement.startswith("INSERT INTO hours_entry"):
            assert "ON CONFLICT (entry_id) DO UPDATE" in statement
            rows_per_statement.append(statement.count("), (") + 1)

    monkeypatch.setattr(upsert, "PAGE_ROWS", 2)
    event.listen(store.engine.sync_engine, "before_cursor_execute", count)
    try:
        await run(store, [logged(entry, 60, T0) for entry in ENTRIES])
    finally:
        event.remove(store.engine.sync_engine, "before_cursor_execute", count)
    assert rows_per_statement == [2, 2, 1]
    assert await minutes(store) == dict.fromkeys(ENTRIES, 60)


def test_newest_per_key_keeps_the_last_of_the_newest() -> None:
    rows = [
        {"k": "b", "t": 1, "v": 1},
        {"k": "a", "t": 2, "v": 2},
        {"k": "b", "t": 3, "v": 3},
        {"k": "a", "t": 2, "v": 4},
        {"k": "b", "t": 2, "v": 5},
    ]
    assert [r["v"] for r in upsert.newest_per_key(rows, ["k"], "t")] == [4, 3]
    assert upsert.newest_per_key([], ["k"], "t") == []
