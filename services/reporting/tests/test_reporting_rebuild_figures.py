"""The rebuild's figure reading, comparison and store preparation, on SQLite (no Kafka)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from chassis.store import Database
from chassis.store.tables import inbox_table
from reporting.domain.facts import KpiFilter
from reporting.domain.kpis import compute_kpis
from reporting.rebuild.bench import synthetic_events
from reporting.rebuild.compare import compare_stores, figures_of_both
from reporting.rebuild.figures import ALL, differences, read_figures
from reporting.rebuild.replay import StoreNotEmpty, prepare_store
from reporting.store.facts import load_facts
from reporting.store.statements import load_statements
from reporting.store.tables import hours_entry_table
from sqlalchemy import delete, select

from chassis import UnitOfWork

AS_OF = date(2026, 11, 21)


async def store(tmp_path: Path, name: str) -> Database:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / name}")
    await prepare_store(database)
    return database


async def test_the_same_events_in_another_order_give_identical_figures(
    tmp_path: Path, apply_events, random_history
) -> None:
    history = random_history(5, placements=60)
    left, right = await store(tmp_path, "a.db"), await store(tmp_path, "b.db")
    try:
        await apply_events(left, history.events)
        await apply_events(right, history.shuffled(9))
        a, b = await figures_of_both(left, right)
        assert differences(a, b) == []
        assert a.reports[ALL].months[0].month <= min(
            m.month for m in a.reports[ALL].months if m.placements_started
        )
        assert {"legal_basis=asylblg_5", "municipality_key=03459004"} <= set(a.reports)
        # Each selection equals the pure rules over the stored facts.
        async with UnitOfWork(left) as uow:
            placements, hours, refusals = await load_facts(uow.session)
            statements = await load_statements(uow.session)
            figures = await read_figures(uow.session, AS_OF)
        for name, kpi_filter in (
            (ALL, KpiFilter()),
            ("municipality_key=03459008", KpiFilter(municipality_key="03459008")),
        ):
            expected = compute_kpis(
                placements, hours, refusals, figures.months, AS_OF, kpi_filter, statements
            )
            assert figures.reports[name] == expected
        # One hours entry less is found, as a monthly figure, a gauge and a row count.
        async with UnitOfWork(right) as uow:
            entry = (await uow.session.execute(select(hours_entry_table).limit(1))).one()
            await uow.session.execute(
                delete(hours_entry_table).where(hours_entry_table.c.entry_id == entry.entry_id)
            )
            await uow.commit()
        a, b = await figures_of_both(left, right)
        found = differences(a, b)
        assert any("worked_minutes" in line for line in found)
        assert any(line.startswith("rows hours_entry") for line in found)
        assert any(line.startswith("gauge worked_minutes") for line in found)
        assert await compare_stores(left, right.url) == 1
        assert await compare_stores(left, left.url) == 0
    finally:
        await left.dispose()
        await right.dispose()


async def test_rebuild_needs_an_empty_store_or_reset(tmp_path: Path, apply_events) -> None:
    database = await store(tmp_path, "c.db")
    try:
        await apply_events(database, list(synthetic_events(50)))
        with pytest.raises(StoreNotEmpty):
            await prepare_store(database)
        await prepare_store(database, reset=True)
        await prepare_store(database)  # empty now
        async with UnitOfWork(database) as uow:
            assert (await uow.session.execute(select(inbox_table))).first() is None
    finally:
        await database.dispose()


def test_synthetic_events_are_mostly_hours() -> None:
    events = list(synthetic_events(500))
    assert len(events) == 500
    hours = sum(type(e).__name__ == "HoursLogged" for e in events)
    assert hours > 400
