"""HoursCorrected and AllowanceStatementIssued: the SQL path agrees with the pure rules
worked out from the events themselves, whatever order (and batches) the events come in."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from gemeinwerk_contracts import (
    AllowanceStatementIssued,
    Envelope,
    Event,
    HoursCorrected,
    HoursLogged,
    PlacementEnded,
    PlacementStarted,
    RefusalRecorded,
)
from reporting.domain.facts import KpiFilter, PlacementFact, RefusalFact, StatementFact
from reporting.domain.hours import HoursVersion, current_hours
from reporting.domain.kpis import KpiReport, compute_kpis
from reporting.domain.months import Month, months_between
from reporting.store.facts import load_facts
from reporting.store.kpi_queries import kpi_report

from chassis import UnitOfWork

AS_OF = date(2026, 3, 15)
MONTHS = months_between(Month(2024, 12), Month(2027, 1))
FILTERS = [
    KpiFilter(),
    KpiFilter(legal_basis="asylblg_5"),
    KpiFilter(municipality_key="03459008"),
    KpiFilter(legal_basis="sgb2_16d", municipality_key="03459004"),
]


def pure_report(history, kpi_filter: KpiFilter, months: list[Month] = MONTHS) -> KpiReport:  # type: ignore[no-untyped-def]
    """The figures straight from the history's events (no store): the reference."""
    starts = {e.placement_id: e for e in history.events if isinstance(e, PlacementStarted)}
    ends = {e.placement_id: e for e in history.events if isinstance(e, PlacementEnded)}
    placements = []
    for pid in set(starts) | set(ends):
        start, end = starts.get(pid), ends.get(pid)
        placements.append(
            PlacementFact(
                str(pid),
                str((start or end).participant_ref),  # type: ignore[union-attr]
                legal_basis=start.legal_basis.value if start else None,
                municipality_key=start.municipality_key if start else None,
                start_date=start.start_date if start else None,
                end_date=end.end_date if end else None,
            )
        )
    versions = [
        HoursVersion(
            str(e.entry_id),
            str(e.placement_id),
            e.work_date,
            e.worked_minutes,
            history.time_of(e),
            isinstance(e, HoursCorrected),
        )
        for e in history.events
        if isinstance(e, HoursLogged | HoursCorrected)
    ]
    refusals = [
        RefusalFact(
            str(e.refusal_id),
            e.kind.value,
            e.refusal_date,
            e.justified,
            str(e.placement_id) if e.placement_id else None,
        )
        for e in history.events
        if isinstance(e, RefusalRecorded)
    ]
    statements = [
        StatementFact(str(e.statement_id), str(e.participant_ref), e.month, e.total_cents)
        for e in history.events
        if isinstance(e, AllowanceStatementIssued)
    ]
    hours = current_hours(versions)
    return compute_kpis(placements, hours, refusals, months, AS_OF, kpi_filter, statements)


async def sql_report(database, kpi_filter: KpiFilter, months: list[Month] = MONTHS) -> KpiReport:  # type: ignore[no-untyped-def]
    async with UnitOfWork(database) as uow:
        return await kpi_report(uow.session, months, AS_OF, kpi_filter)


@pytest.mark.parametrize("seed", range(6))
async def test_sql_agrees_with_the_events_in_any_order(
    sqlite_db, apply_events, random_history, seed: int
) -> None:
    history = random_history(seed, placements=50)
    kinds = {type(e) for e in history.events}
    assert {HoursCorrected, AllowanceStatementIssued} <= kinds
    withdrawn = [
        e for e in history.events if isinstance(e, HoursCorrected) and not e.worked_minutes
    ]
    assert withdrawn, "the history withdraws some entries"
    shuffled = history.shuffled(seed + 100)  # corrections before their entries, too
    for i in range(0, len(shuffled), 13):
        await apply_events(sqlite_db, shuffled[i : i + 13])
    await apply_events(sqlite_db, history.shuffled(seed + 200))  # everything again, new ids
    for kpi_filter in FILTERS:
        assert await sql_report(sqlite_db, kpi_filter) == pure_report(history, kpi_filter)
    assert await sql_report(sqlite_db, KpiFilter(), MONTHS[5:9]) == pure_report(
        history, KpiFilter(), MONTHS[5:9]
    )


def test_current_hours_newest_version_wins() -> None:
    t0 = datetime(2026, 3, 1, tzinfo=UTC)
    day = date(2026, 2, 2)
    logged = HoursVersion("e", "p", day, 300, t0)
    fixed = HoursVersion("e", "p", day, 240, t0 + timedelta(minutes=1), correction=True)
    gone = HoursVersion("e", "p", day, 0, t0 + timedelta(minutes=2), correction=True)
    for order in ([logged, fixed], [fixed, logged]):
        assert [h.minutes for h in current_hours(order)] == [240]
    assert [h.minutes for h in current_hours([gone, logged, fixed])] == [0]
    other = HoursVersion("f", "p", day, 15, t0)
    assert [h.entry_id for h in current_hours([other, logged])] == ["e", "f"]


def test_statement_filter_goes_through_the_participants_placements() -> None:
    months = months_between(Month(2026, 1), Month(2026, 4))
    placements = [
        PlacementFact(
            "p1",
            "ref1",
            "asylblg_5",
            "03459004",
            start_date=date(2026, 2, 10),
            end_date=date(2026, 3, 1),
        ),
        PlacementFact("p2", "ref2", "sgb2_16d", "03459008", start_date=date(2026, 1, 5)),
        PlacementFact("p3", "ref3", end_date=date(2026, 2, 1)),  # start unknown
    ]
    statements = [
        StatementFact("s1", "ref1", "2026-01", 1_000),  # before ref1's placement
        StatementFact("s2", "ref1", "2026-02", 2_000),
        StatementFact("s3", "ref1", "2026-03", 3_000, corrections_cents=-100),  # last day 1.3.
        StatementFact("s4", "ref1", "2026-04", -50),  # after it ended
        StatementFact("s5", "ref2", "2026-03", 400),
        StatementFact("s6", "ref3", "2026-02", 70),
        StatementFact("s7", "unknown", "2026-02", 9),
    ]

    def cents(kpi_filter: KpiFilter) -> list[int]:
        report = compute_kpis(placements, [], [], months, date(2026, 4, 30), kpi_filter, statements)
        return [m.allowance_cents for m in report.months]

    assert cents(KpiFilter()) == [1_000, 2_079, 3_400, -50]
    assert cents(KpiFilter(municipality_key="03459004")) == [0, 2_000, 3_000, 0]
    assert cents(KpiFilter(legal_basis="sgb2_16d")) == [0, 0, 400, 0]


async def test_a_correction_before_its_entry(sqlite_db, dispatch_events) -> None:
    t0 = datetime(2026, 3, 1, 12, tzinfo=UTC)
    pid, ref = uuid.uuid4(), uuid.uuid4()
    logged = HoursLogged(
        participant_ref=ref,
        entry_id=uuid.uuid4(),
        placement_id=pid,
        provider_id=uuid.uuid4(),
        work_date=date(2026, 2, 3),
        worked_minutes=300,
    )

    def correction(minutes: int) -> HoursCorrected:
        return HoursCorrected(
            participant_ref=ref,
            correction_id=uuid.uuid4(),
            entry_id=logged.entry_id,
            placement_id=pid,
            provider_id=logged.provider_id,
            work_date=logged.work_date,
            worked_minutes=minutes,
        )

    async def read(events: list[tuple[datetime, Event]]) -> list[int]:
        async with UnitOfWork(sqlite_db) as uow:
            await dispatch_events(
                uow, [(Envelope(type=e.TYPE, source=e.SOURCE, time=at), e) for at, e in events]
            )
            await uow.commit()
        async with UnitOfWork(sqlite_db) as uow:
            _, hours, _ = await load_facts(uow.session)
        return [h.minutes for h in hours]

    # The withdrawal is read first; the older entry and an older correction change nothing.
    assert await read([(t0 + timedelta(minutes=5), correction(0))]) == [0]
    assert await read([(t0, logged), (t0 + timedelta(minutes=1), correction(240))]) == [0]
    # In one run: the newest of several corrections wins.
    newer = [(t0 + timedelta(minutes=m), correction(m * 10)) for m in (9, 7, 8)]
    assert await read(newer) == [90]
