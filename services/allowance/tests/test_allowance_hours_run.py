"""The HoursLogged batch handler (one run of entries at a time), on SQLite and PostgreSQL.

Batches go through the chassis' BatchProcessor as Kafka would deliver them, so a rejected
event is dead-lettered by its own event id and the rest of the batch is applied on re-run.
"""

from __future__ import annotations

import asyncio
import sys
import uuid
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from aiokafka import ConsumerRecord
from allowance.app import MIGRATIONS, build, seed_rates
from allowance.settings import Settings
from allowance.store.tables import line_table
from chassis.consumer import BatchProcessor
from chassis.store.migrations import upgrade
from gemeinwerk_contracts import Envelope, Event, HoursLogged, encode
from gemeinwerk_contracts.topics import PLACEMENT_PUBLIC
from sqlalchemy import event as sa_event
from sqlalchemy import select

from chassis import RejectEvent, ServiceRuntime

sys.path.insert(0, str(Path(__file__).parent))
from helpers import envelope, hours, sample, started

LINES = "gemeinwerk_allowance_ledger_lines_total"
DAY = date(2026, 11, 2)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.integration)])
async def runtime(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[ServiceRuntime]:
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path}/allowance.db"
    else:
        url = request.getfixturevalue("postgres").create_database(f"run_{uuid.uuid4().hex[:8]}")
    runtime, _ = build(Settings(database_url=url))
    await upgrade(runtime.database, MIGRATIONS)
    await seed_rates(runtime)
    yield runtime
    await runtime.database.dispose()


class Producer:
    """Stands in for the dead-letter producer; keeps what was sent."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    async def send(self, topic: str, **message: Any) -> asyncio.Future[None]:
        self.sent.append(message)
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        done.set_result(None)
        return done


async def process(runtime: ServiceRuntime, *items: tuple[Envelope, Event]) -> list[str]:
    """Deliver one batch through the chassis; the event ids dead-lettered, with reasons."""
    producer = Producer()
    records = [
        ConsumerRecord(PLACEMENT_PUBLIC, 0, i, 0, 0, b"k", encode(e), None, 0, 0, env.to_headers())
        for i, (env, e) in enumerate(items)
    ]
    processor = BatchProcessor(
        runtime.subscriptions[0],
        runtime.uow,
        producer,  # type: ignore[arg-type]
        runtime.dead_letter_topic,
        runtime.metrics,
    )
    await processor.process(records)
    return [
        f"{dict(m['headers'])['ce_id'].decode()}: {dict(m['headers'])['dlq_reason'].decode()}"
        for m in producer.sent
    ]


def ev(event: Event) -> tuple[Envelope, Event]:
    return envelope(event), event


async def booked(runtime: ServiceRuntime) -> dict[str, tuple[int, str]]:
    """entry_id → (worked_minutes, event_id) of every line."""
    async with runtime.uow() as uow:
        rows = await uow.session.execute(
            select(line_table.c.entry_id, line_table.c.worked_minutes, line_table.c.event_id)
        )
        return {row.entry_id: (row.worked_minutes, row.event_id) for row in rows}


def lines_metric(runtime: ServiceRuntime) -> float:
    return sample(runtime.metrics.registry, LINES, service="allowance", legal_basis="asylblg_5")


async def test_duplicate_entry_inside_a_run(runtime: ServiceRuntime) -> None:
    start = started(uuid.uuid4(), uuid.uuid4(), uuid.uuid4())
    first, second = ev(hours(start, DAY, 60)), ev(hours(start, DAY, 30))
    again = ev(first[1])  # same entry, same data, new event id: a no-op
    changed = ev(hours(start, DAY, 61, entry_id=first[1].entry_id))  # first wins
    dead = await process(runtime, ev(start), first, again, second, changed)
    assert len(dead) == 1 and dead[0].startswith(f"{changed[0].id}: ")
    assert "already booked with other data" in dead[0]
    assert await booked(runtime) == {
        str(first[1].entry_id): (60, first[0].id),
        str(second[1].entry_id): (30, second[0].id),
    }
    assert lines_metric(runtime) == 2


async def test_run_with_an_already_booked_identical_entry(runtime: ServiceRuntime) -> None:
    start = started(uuid.uuid4(), uuid.uuid4(), uuid.uuid4())
    old = ev(hours(start, DAY, 60))
    assert await process(runtime, ev(start), old) == []
    new = [ev(hours(start, DAY, 15)), ev(old[1]), ev(hours(start, DAY, 45))]
    assert await process(runtime, *new) == []
    lines = await booked(runtime)
    assert len(lines) == 3 and lines[str(old[1].entry_id)] == (60, old[0].id)
    assert lines_metric(runtime) == 3  # the redelivered entry is not counted again


async def test_conflicting_entry_is_rejected_and_the_rest_applies(
    runtime: ServiceRuntime,
) -> None:
    start = started(uuid.uuid4(), uuid.uuid4(), uuid.uuid4())
    old = hours(start, DAY, 60)
    assert await process(runtime, ev(start), ev(old)) == []
    run = [
        ev(hours(start, DAY, 15)),
        ev(hours(start, DAY, 1, old.entry_id)),
        ev(hours(start, DAY, 2)),
    ]
    handler = runtime.subscriptions[0].batch_handlers[HoursLogged]
    with pytest.raises(RejectEvent, match="already booked") as rejected:
        async with runtime.uow() as uow:
            await handler(uow, run)
    assert rejected.value.event_id == run[1][0].id
    dead = await process(runtime, *run)
    assert [d.split(":")[0] for d in dead] == [run[1][0].id]
    lines = await booked(runtime)
    assert {lines[str(e.entry_id)][0] for _, e in run} == {60, 15, 2}
    assert lines_metric(runtime) == 3


async def test_unknown_placement_in_a_run(runtime: ServiceRuntime) -> None:
    start = started(uuid.uuid4(), uuid.uuid4(), uuid.uuid4())
    orphan = ev(hours(started(uuid.uuid4(), uuid.uuid4(), uuid.uuid4()), DAY, 60))
    run = [ev(hours(start, DAY, 60)), orphan, ev(hours(start, DAY, 30))]
    dead = await process(runtime, ev(start), *run)
    assert len(dead) == 1 and dead[0].startswith(f"{orphan[0].id}: ")
    assert "unknown placement" in dead[0]
    assert set(await booked(runtime)) == {str(run[0][1].entry_id), str(run[2][1].entry_id)}
    assert lines_metric(runtime) == 2


async def test_a_run_costs_three_statements(runtime: ServiceRuntime) -> None:
    """Rates (version + cold load), placements (cold cache) in one query, lines in one
    insert, duplicates in one read."""
    starts = [started(uuid.uuid4(), uuid.uuid4(), uuid.uuid4()) for _ in range(5)]
    assert await process(runtime, *map(ev, starts)) == []
    # A fresh consumer, its placement cache empty.
    cold, _ = build(Settings(database_url=runtime.settings.database_url))
    known = hours(starts[0], DAY, 60)
    assert await process(runtime, ev(known)) == []
    run = [ev(hours(s, DAY, 10 + i)) for i, s in enumerate(starts * 20)]
    run += [ev(known), run[3]]  # booked before; twice in this run
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement.split()[0])

    engine = cold.database.engine.sync_engine
    sa_event.listen(engine, "before_cursor_execute", count)
    try:
        async with cold.uow() as uow:
            await cold.subscriptions[0].batch_handlers[HoursLogged](uow, run)
            await uow.commit()
    finally:
        sa_event.remove(engine, "before_cursor_execute", count)
        await cold.database.dispose()
    # rates version, rates (cold cache), placements, lines, already booked ones
    expected = ["SELECT", "SELECT", "SELECT", "INSERT", "SELECT"]
    assert [s.upper() for s in statements if s.upper() != "BEGIN"] == expected
    assert len(await booked(runtime)) == 101
    assert sample(cold.metrics.registry, LINES, service="allowance", legal_basis="asylblg_5") == 100
