"""The SQL aggregate path agrees with the pure KPI rules, whatever order events came in."""

from __future__ import annotations

from datetime import date

import pytest
from chassis.store import Database
from chassis.store.migrations import upgrade
from gemeinwerk_contracts import PlacementEnded, PlacementStarted
from gemeinwerk_contracts.vocabulary import EndReason
from reporting.app import MIGRATIONS
from reporting.domain.facts import KpiFilter
from reporting.domain.kpis import KpiReport, compute_kpis
from reporting.domain.months import Month, months_between
from reporting.store.facts import load_facts
from reporting.store.kpi_queries import kpi_report
from reporting.store.metric_queries import metrics_snapshot
from reporting.store.statements import load_statements

from chassis import UnitOfWork

AS_OF = date(2026, 3, 15)
MONTHS = months_between(Month(2024, 12), Month(2027, 1))
FILTERS = [
    KpiFilter(),
    KpiFilter(legal_basis="asylblg_5"),
    KpiFilter(municipality_key="03459008"),
    KpiFilter(legal_basis="sgb2_16d", municipality_key="03459004"),
]


async def _both(
    database: Database, kpi_filter: KpiFilter, months: list[Month] = MONTHS
) -> tuple[KpiReport, KpiReport]:
    async with UnitOfWork(database) as uow:
        placements, hours, refusals = await load_facts(uow.session)
        statements = await load_statements(uow.session)
        by_sql = await kpi_report(uow.session, months, AS_OF, kpi_filter)
    by_rules = compute_kpis(placements, hours, refusals, months, AS_OF, kpi_filter, statements)
    return by_sql, by_rules


@pytest.mark.parametrize("seed", range(8))
async def test_sql_agrees_with_rules(sqlite_db, apply_events, random_history, seed: int) -> None:
    history = random_history(seed)
    await apply_events(sqlite_db, history.shuffled(seed))
    for kpi_filter in FILTERS:
        by_sql, by_rules = await _both(sqlite_db, kpi_filter)
        assert by_sql == by_rules, kpi_filter
    by_sql, by_rules = await _both(sqlite_db, KpiFilter(), MONTHS[5:9])
    assert by_sql == by_rules
    assert sum(m.placements_started for m in by_sql.months) > 0
    assert any(m.allowance_cents for m in by_sql.months)


async def test_order_and_redelivery_do_not_change_figures(
    sqlite_db, apply_events, random_history, tmp_path
) -> None:
    history = random_history(99)
    in_order = Database(f"sqlite+aiosqlite:///{tmp_path / 'in_order.db'}")
    await upgrade(in_order, MIGRATIONS)
    await apply_events(in_order, history.events)
    # Shuffled, in several batches, and every event a second time (new event id, same facts).
    shuffled = history.shuffled(7)
    for i in range(0, len(shuffled), 17):
        await apply_events(sqlite_db, shuffled[i : i + 17])
    await apply_events(sqlite_db, history.shuffled(8))
    for kpi_filter in FILTERS:
        expected, _ = await _both(in_order, kpi_filter)
        actual, _ = await _both(sqlite_db, kpi_filter)
        assert actual == expected
    await in_order.dispose()


async def test_end_before_start_completes_the_row(sqlite_db, apply_events, random_history) -> None:
    history = random_history(3, placements=1)
    start = next(e for e in history.events if isinstance(e, PlacementStarted))
    end = PlacementEnded(
        participant_ref=start.participant_ref,
        placement_id=start.placement_id,
        end_date=start.start_date,
        reason=EndReason.COMPLETED,
    )
    await apply_events(sqlite_db, [end])
    months = [Month.of(start.start_date)]
    before, _ = await _both(sqlite_db, KpiFilter(), months)
    assert (before.months[0].placements_started, before.months[0].placements_ended) == (0, 0)
    async with UnitOfWork(sqlite_db) as uow:
        assert (await metrics_snapshot(uow.session, AS_OF, 24)).awaiting_start == 1
    await apply_events(sqlite_db, [start])
    after, rules = await _both(sqlite_db, KpiFilter(), months)
    assert after == rules
    assert (after.months[0].placements_started, after.months[0].placements_ended) == (1, 1)
    async with UnitOfWork(sqlite_db) as uow:
        placements, _, _ = await load_facts(uow.session)
        assert (await metrics_snapshot(uow.session, AS_OF, 24)).awaiting_start == 0
    assert placements[0].end_date == start.start_date
    assert placements[0].legal_basis == start.legal_basis.value


async def test_gauges_agree_with_the_monthly_figures(
    sqlite_db, apply_events, random_history
) -> None:
    history = random_history(5, placements=80)
    await apply_events(sqlite_db, history.shuffled(1))
    async with UnitOfWork(sqlite_db) as uow:
        snapshot = await metrics_snapshot(uow.session, AS_OF, 24)
    window = months_between(Month.of(AS_OF).shift(-23), Month.of(AS_OF))
    by_sql, _ = await _both(sqlite_db, KpiFilter(), window)
    for figures in by_sql.months:
        month = str(figures.month)
        assert figures.placements_started == sum(
            n for (m, _), n in snapshot.started.items() if m == month
        )
        assert figures.placements_ended == sum(
            n for (m, _), n in snapshot.ended.items() if m == month
        )
        assert figures.worked_minutes == sum(
            n for (m, _), n in snapshot.worked_minutes.items() if m == month
        )
        assert figures.refusals == sum(n for (m, _), n in snapshot.refusals.items() if m == month)
        assert figures.refusals_unjustified == snapshot.refusals.get((month, "false"), 0)
        assert figures.allowance_cents == snapshot.allowance_cents.get((month,), 0)
    assert by_sql.active_placements == sum(snapshot.active.values())
    months_seen = {m for m, _ in [*snapshot.started, *snapshot.ended, *snapshot.worked_minutes]}
    assert months_seen <= {str(m) for m in window}


async def test_an_older_event_never_overwrites_a_newer_one(
    sqlite_db, random_history, dispatch_events
) -> None:
    from datetime import UTC, datetime, timedelta, timezone

    from gemeinwerk_contracts import Envelope, HoursLogged

    start = next(
        e for e in random_history(4, placements=1).events if isinstance(e, PlacementStarted)
    )
    t0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

    async def read(events: list[tuple[datetime, object]]) -> None:
        async with UnitOfWork(sqlite_db) as uow:
            await dispatch_events(
                uow,
                [
                    (Envelope(type=event.TYPE, source="/placement", time=at), event)  # type: ignore[attr-defined]
                    for at, event in events
                ],
            )
            await uow.commit()

    def hours(minutes: int) -> HoursLogged:
        return HoursLogged(
            participant_ref=start.participant_ref,
            entry_id=start.placement_id,  # any fixed id
            placement_id=start.placement_id,
            provider_id=start.provider_id,
            work_date=start.start_date,
            worked_minutes=minutes,
        )

    moved = start.model_copy(update={"start_date": start.start_date - timedelta(days=1)})
    end = PlacementEnded(
        participant_ref=start.participant_ref,
        placement_id=start.placement_id,
        end_date=start.start_date + timedelta(days=40),
        reason=EndReason.COMPLETED,
    )
    plus_two = timezone(timedelta(hours=2))
    # Newest first: the corrected start, the end, the corrected minutes.
    await read([(t0 + timedelta(minutes=5), moved), (t0 + timedelta(minutes=9), end)])
    await read([(t0 + timedelta(minutes=5), hours(60))])
    # Then the older versions: the first start (older than the end, too) and the first minutes
    # (its ce_time in +02:00 reads later as text, but is earlier).
    older = (t0 + timedelta(minutes=1)).astimezone(plus_two)
    await read([(t0, start), (older, hours(45))])
    async with UnitOfWork(sqlite_db) as uow:
        placements, entries, _ = await load_facts(uow.session)
    assert placements[0].start_date == moved.start_date
    assert placements[0].end_date == end.end_date
    assert [e.minutes for e in entries] == [60]
    # A newer correction still wins.
    await read([(t0 + timedelta(minutes=6), hours(75))])
    async with UnitOfWork(sqlite_db) as uow:
        _, entries, _ = await load_facts(uow.session)
    assert [e.minutes for e in entries] == [75]
