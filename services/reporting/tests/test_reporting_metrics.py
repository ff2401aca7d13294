"""The business gauges: exposition, no personal references, throttled recomputation."""

from __future__ import annotations

import asyncio
from datetime import date

from prometheus_client import CollectorRegistry, generate_latest
from reporting.metrics import MetricsRefresher
from reporting.store.metric_queries import MetricsSnapshot, metrics_snapshot

from chassis import UnitOfWork


async def test_gauges_show_labels_but_no_references(
    sqlite_db, apply_events, random_history
) -> None:
    history = random_history(11, placements=30)
    await apply_events(sqlite_db, history.events)

    async def load(today: date) -> MetricsSnapshot:
        async with UnitOfWork(sqlite_db) as uow:
            return await metrics_snapshot(uow.session, today, 24)

    registry = CollectorRegistry()
    refresher = MetricsRefresher()
    refresher.attach(registry, load, lambda: date(2026, 3, 15))
    await refresher.refresh()
    text = generate_latest(registry).decode()
    for name in (
        "gemeinwerk_reporting_active_placements{",
        "gemeinwerk_reporting_placements_started{",
        "gemeinwerk_reporting_placements_ended{",
        "gemeinwerk_reporting_worked_minutes{",
        "gemeinwerk_reporting_refusals{",
        "gemeinwerk_reporting_allowance_cents{",
        "gemeinwerk_reporting_placements_awaiting_start ",
        "gemeinwerk_reporting_refreshed_timestamp_seconds ",
    ):
        assert name in text, name
    for event in history.events:
        assert str(event.participant_ref) not in text  # type: ignore[attr-defined]
        for attribute in ("placement_id", "statement_id", "entry_id"):
            if hasattr(event, attribute):
                assert str(getattr(event, attribute)) not in text
    assert 'month="2026-03"' in text
    assert 'month="2024-03"' not in text  # outside the 24-month window


async def test_a_burst_of_batches_costs_few_recomputations() -> None:
    calls: list[date] = []

    async def load(today: date) -> MetricsSnapshot:
        calls.append(today)
        await asyncio.sleep(0.01)
        return MetricsSnapshot(started={("2026-03", "asylblg_5"): len(calls)})

    refresher = MetricsRefresher(min_interval=0.2, idle_interval=60)
    refresher.attach(CollectorRegistry(), load, lambda: date(2026, 3, 15))
    await refresher.start()
    assert len(calls) == 1  # at start-up
    for _ in range(50):
        await refresher.request()
        await asyncio.sleep(0.005)
    await asyncio.sleep(0.6)
    await refresher.stop()
    assert 2 <= len(calls) <= 4
    # The last request of the burst was honoured: the newest snapshot is served.
    assert refresher.collector.snapshot.started[("2026-03", "asylblg_5")] == len(calls)


async def test_a_failing_recomputation_is_retried_without_stopping() -> None:
    attempts = 0

    async def load(today: date) -> MetricsSnapshot:
        nonlocal attempts
        attempts += 1
        if attempts == 2:
            raise RuntimeError("store away")
        return MetricsSnapshot(awaiting_start=attempts)

    refresher = MetricsRefresher(min_interval=0.01, idle_interval=60, retry_interval=0.01)
    refresher.attach(CollectorRegistry(), load, lambda: date(2026, 3, 15))
    try:
        await refresher.start()
        await refresher.request()
        for _ in range(100):
            if refresher.collector.snapshot.awaiting_start == 3:
                break
            await asyncio.sleep(0.01)
    finally:
        await refresher.stop()
    assert refresher.collector.snapshot.awaiting_start == 3
