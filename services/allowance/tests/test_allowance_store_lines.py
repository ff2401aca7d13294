"""Bulk writes and reads of ledger lines (SQLite), and the pure part of the run handler."""

from __future__ import annotations

import sys
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from allowance.app import MIGRATIONS, build
from allowance.consumers.hours import lines_of_run
from allowance.domain.ledger import LedgerLine, Placement
from allowance.domain.rates import default_rate_table
from allowance.settings import Settings
from allowance.store import ledger as store
from chassis.store.migrations import upgrade

from chassis import RejectEvent, ServiceRuntime

sys.path.insert(0, str(Path(__file__).parent))
from helpers import envelope, hours, started

DAY = date(2026, 11, 2)


@pytest.fixture
async def runtime(tmp_path: Path) -> AsyncIterator[ServiceRuntime]:
    runtime, _ = build(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/allowance.db"))
    await upgrade(runtime.database, MIGRATIONS)
    yield runtime
    await runtime.database.dispose()


def line(minutes: int = 60, entry_id: str | None = None) -> LedgerLine:
    return LedgerLine(
        entry_id=entry_id or str(uuid.uuid4()),
        placement_id=str(uuid.uuid4()),
        participant_ref=str(uuid.uuid4()),
        provider_id=str(uuid.uuid4()),
        municipality_key="03459004",
        legal_basis="asylblg_5",
        work_date=DAY,
        month="2026-11",
        worked_minutes=minutes,
        rate_cents_per_hour=80,
        amount_cents=minutes * 80 // 60,
    )


async def test_add_lines_returns_what_it_inserted(runtime: ServiceRuntime) -> None:
    a, b, c = line(), line(), line()
    async with runtime.uow() as uow:
        assert await store.add_lines(uow.session, []) == set()
        assert await store.add_lines(uow.session, [(a, "e1"), (b, "e2")]) == {
            a.entry_id,
            b.entry_id,
        }
        changed = replace(a, worked_minutes=1, amount_cents=1)
        assert await store.add_lines(uow.session, [(changed, "e3"), (c, "e4")]) == {c.entry_id}
        found = await store.lines_of_entries(uow.session, [a.entry_id, c.entry_id, "nope"])
        await uow.commit()
    assert found == {a.entry_id: a, c.entry_id: c}  # the first booking stays


async def test_lines_of_entries_of_nothing(runtime: ServiceRuntime) -> None:
    async with runtime.uow() as uow:
        assert await store.lines_of_entries(uow.session, []) == {}


def test_lines_of_run_books_with_the_domain_rule_and_names_the_rejected_event() -> None:
    start = started(uuid.uuid4(), uuid.uuid4(), uuid.uuid4())
    placement = Placement(
        placement_id=str(start.placement_id),
        participant_ref=str(start.participant_ref),
        legal_basis="asylblg_5",
        provider_id=str(start.provider_id),
        municipality_key=start.municipality_key,
        start_date=start.start_date,
    )
    placements = {placement.placement_id: placement}
    rates = default_rate_table(150)
    run = [(envelope(e), e) for e in (hours(start, DAY, 60), hours(start, DAY, 2))]
    assert [b[1].amount_cents for b in lines_of_run(run, placements, rates)] == [80, 3]
    wrong = hours(start, DAY, 60).model_copy(update={"provider_id": uuid.uuid4()})
    orphan = hours(started(uuid.uuid4(), uuid.uuid4(), uuid.uuid4()), DAY, 60)
    for bad, reason in ((wrong, "provider differs"), (orphan, "unknown placement")):
        item = (envelope(bad), bad)
        with pytest.raises(RejectEvent, match=reason) as rejected:
            lines_of_run([*run, item], placements, rates)
        assert rejected.value.event_id == item[0].id
