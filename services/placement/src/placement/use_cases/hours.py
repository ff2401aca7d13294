"""Use cases on hours (Stundennachweis): one day, or a batch applied all-or-nothing."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from chassis.auth import Principal
from gemeinwerk_contracts import HoursLogged
from sqlalchemy.exc import IntegrityError

from chassis import Conflict, NotFound, UnitOfWork
from placement import clock
from placement.commands import LogHours, LogHoursBatch
from placement.context import PlacementContext
from placement.domain.access import Action
from placement.domain.hours import HoursRow, PlacementPeriod, check_batch, check_entry
from placement.domain.hours_limits import Tally, span
from placement.domain.models import HoursEntry
from placement.domain.violations import RowViolation
from placement.store import audit as audit_store
from placement.store import hours, placements
from placement.store.placements import PlacementFacts
from placement.use_cases.common import audit, authorize, ensure
from placement.use_cases.policies import hours_schedule


class BatchRejected(Exception):
    """Some rows of a batch break a rule; nothing was written."""

    def __init__(self, violations: Sequence[RowViolation]) -> None:
        super().__init__(f"{len(violations)} invalid row(s)")
        self.violations = list(violations)


async def log_hours(
    ctx: PlacementContext, principal: Principal, placement_id: str, command: LogHours
) -> HoursEntry:
    """Log one day's minutes for a placement; publish `HoursLogged`.

    422 (work_date) outside the active period or in the future, 409 when the day has an
    entry already, 422 (worked_minutes) over the daily, weekly or monthly limit in force on
    the work date.
    """
    row = HoursRow(placement_id, command.work_date, command.worked_minutes)
    async with ctx.uow() as uow:
        facts = (await placements.load_facts(uow.session, [placement_id], for_update=True)).get(
            placement_id
        )
        if facts is None:
            raise NotFound("Die Zuweisung ist nicht bekannt.")
        authorize(principal, Action.LOG_HOURS, facts.scopes)
        first, last = span(row.work_date, row.work_date)
        logged = await hours.logged_days(uow.session, [placement_id], first, last)
        limits = await hours_schedule(uow.session, ctx.settings)
        tally = Tally(logged.get(placement_id, {}))
        ensure(check_entry(row, _period(facts), tally, limits, clock.today()))
        [entry] = await apply_entries(uow, principal, [row], {placement_id: facts})
    count_entries(ctx, "single", [entry])
    return entry


async def log_hours_batch(
    ctx: PlacementContext, principal: Principal, command: LogHoursBatch
) -> int:
    """Validate every row (same rules as one day, plus duplicates inside the batch) and
    apply all of them in one transaction, or none (`BatchRejected` lists the bad rows).

    Three statements regardless of size: placements (locked), existing entries, bulk
    insert — plus the outbox and audit bulk inserts at commit.
    """
    rows = [HoursRow(str(e.placement_id), e.work_date, e.worked_minutes) for e in command.entries]
    placement_ids = sorted({r.placement_id for r in rows})
    async with ctx.uow() as uow:
        known = await placements.load_facts(uow.session, placement_ids, for_update=True)
        for facts in known.values():
            authorize(principal, Action.LOG_HOURS, facts.scopes)
        days = [r.work_date for r in rows]
        first, last = span(min(days), max(days))
        logged = await hours.logged_days(uow.session, list(known), first, last)
        periods = {pid: _period(facts) for pid, facts in known.items()}
        limits = await hours_schedule(uow.session, ctx.settings)
        violations = check_batch(rows, periods, logged, limits, clock.today())
        if violations:
            ctx.metrics.hours_batches.labels("rejected").inc()
            raise BatchRejected(violations)
        entries = await apply_entries(uow, principal, rows, known)
    ctx.metrics.hours_batches.labels("accepted").inc()
    count_entries(ctx, "batch", entries)
    return len(entries)


async def apply_entries(
    uow: UnitOfWork,
    principal: Principal,
    rows: Sequence[HoursRow],
    facts: dict[str, PlacementFacts],
) -> list[HoursEntry]:
    """Insert checked rows, publish one `HoursLogged` each, audit per person, commit."""
    now = clock.now()
    entry_ids = [uuid.uuid4() for _ in rows]
    entries = [
        HoursEntry(str(entry_id), r.placement_id, r.work_date, r.worked_minutes, now)
        for entry_id, r in zip(entry_ids, rows, strict=True)
    ]
    try:
        await hours.add_many(uow.session, entries, principal.subject)
    except IntegrityError as exc:  # a concurrent request logged the same day first
        raise Conflict(
            "Für einen der Tage wurden gerade von anderer Seite Stunden erfasst.",
            field="work_date",
            code="duplicate_day",
        ) from exc
    # UUID objects once per placement, not once per entry (batches of 5000 entries).
    ids = {
        pid: (uuid.UUID(f.participant_ref), uuid.UUID(pid), uuid.UUID(f.provider_id))
        for pid, f in facts.items()
    }
    for entry_id, entry in zip(entry_ids, entries, strict=True):
        participant_ref, placement_id, provider_id = ids[entry.placement_id]
        uow.publish(
            HoursLogged(
                participant_ref=participant_ref,
                entry_id=entry_id,
                placement_id=placement_id,
                provider_id=provider_id,
                work_date=entry.work_date,
                worked_minutes=entry.worked_minutes,
            )
        )
    days: dict[str, list[date]] = defaultdict(list)
    for entry in entries:
        days[entry.placement_id].append(entry.work_date)
    records = [
        audit(
            principal,
            "hours.logged",
            facts[pid].placement.participant_id,
            "placement",
            pid,
            {"entries": len(logged), "first_work_date": min(logged), "last_work_date": max(logged)},
        )
        for pid, logged in days.items()
    ]
    await audit_store.append(uow.session, records)
    await uow.commit()
    return entries


def _period(facts: PlacementFacts) -> PlacementPeriod:
    p = facts.placement
    return PlacementPeriod(p.start_date, p.end_date, started=p.started)


def count_entries(ctx: PlacementContext, channel: str, entries: Sequence[HoursEntry]) -> None:
    ctx.metrics.hours_entries_logged.labels(channel).inc(len(entries))
    ctx.metrics.minutes_logged.labels(channel).inc(sum(e.worked_minutes for e in entries))
