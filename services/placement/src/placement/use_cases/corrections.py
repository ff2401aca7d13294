"""Use cases on corrections of hours: correct or withdraw a logged day (HoursCorrected), and
list a placement's entries with their current minutes and history."""

from __future__ import annotations

import uuid

from chassis.auth import Principal
from gemeinwerk_contracts import HoursCorrected
from sqlalchemy.exc import IntegrityError

from chassis import Conflict, NotFound
from placement import clock
from placement.commands import CorrectHours
from placement.context import PlacementContext
from placement.domain.access import Action
from placement.domain.corrections import Correction, EntryHistory, check_correction
from placement.domain.hours_limits import Tally, span
from placement.store import audit as audit_store
from placement.store import corrections, hours, placements
from placement.use_cases.common import audit, authorize, ensure
from placement.use_cases.policies import hours_schedule

_ENTRY_UNKNOWN = "Der Stundeneintrag ist bei dieser Zuweisung nicht bekannt."


async def correct_hours(
    ctx: PlacementContext,
    principal: Principal,
    placement_id: str,
    entry_id: str,
    command: CorrectHours,
) -> Correction:
    """Record a correction (0 = withdrawal) of an entry; publish `HoursCorrected`.

    404 when the placement is unknown or the entry is not one of its entries, 409 when the
    minutes equal the current ones, 422 (worked_minutes) when an increase breaks the daily,
    weekly or monthly limit in force on the work date.
    """
    async with ctx.uow() as uow:
        facts = (await placements.load_facts(uow.session, [placement_id], for_update=True)).get(
            placement_id
        )
        if facts is None:
            raise NotFound("Die Zuweisung ist nicht bekannt.")
        authorize(principal, Action.LOG_HOURS, facts.scopes)
        entry = await corrections.entry_state(uow.session, entry_id)
        if entry is None or entry.placement_id != placement_id:
            raise NotFound(_ENTRY_UNKNOWN)
        first, last = span(entry.work_date, entry.work_date)
        logged = await hours.logged_days(uow.session, [placement_id], first, last)
        policy = (await hours_schedule(uow.session, ctx.settings)).on(entry.work_date)
        tally = Tally(logged.get(placement_id, {}))
        corrected = command.worked_minutes
        ensure(check_correction(entry.work_date, entry.current_minutes, corrected, tally, policy))
        correction = Correction(
            id=str(uuid.uuid4()),
            entry_id=entry.id,
            placement_id=placement_id,
            work_date=entry.work_date,
            revision=entry.revisions + 1,
            worked_minutes=corrected,
            previous_minutes=entry.current_minutes,
            reason=command.reason or None,
            corrected_at=clock.now(),
        )
        try:
            await corrections.add(uow.session, correction, principal.subject)
        except IntegrityError as exc:  # a concurrent correction of the same entry
            raise Conflict(
                "Der Eintrag wurde gerade von anderer Seite korrigiert.",
                field="worked_minutes",
                code="concurrent_correction",
            ) from exc
        uow.publish(
            HoursCorrected(
                participant_ref=uuid.UUID(facts.participant_ref),
                correction_id=uuid.UUID(correction.id),
                entry_id=uuid.UUID(entry.id),
                placement_id=uuid.UUID(placement_id),
                provider_id=uuid.UUID(facts.provider_id),
                work_date=entry.work_date,
                worked_minutes=corrected,
            )
        )
        details = {
            "entry_id": entry.id,
            "work_date": entry.work_date,
            "previous_minutes": entry.current_minutes,
            "worked_minutes": corrected,
        }
        record = audit(
            principal,
            "hours.withdrawn" if corrected == 0 else "hours.corrected",
            facts.placement.participant_id,
            "hours_entry",
            entry.id,
            details,
        )
        await audit_store.append(uow.session, [record])
        await uow.commit()
    ctx.metrics.hours_corrections.labels("withdrawal" if corrected == 0 else "correction").inc()
    return correction


async def list_hours(
    ctx: PlacementContext, principal: Principal, placement_id: str
) -> list[EntryHistory]:
    """A placement's entries with current minutes and corrections (404 when unknown);
    the read is audited."""
    async with ctx.uow() as uow:
        facts = (await placements.load_facts(uow.session, [placement_id])).get(placement_id)
        if facts is None:
            raise NotFound("Die Zuweisung ist nicht bekannt.")
        authorize(principal, Action.VIEW_PLACEMENT, facts.scopes)
        entries = await corrections.history(uow.session, placement_id)
        record = audit(
            principal,
            "hours.viewed",
            facts.placement.participant_id,
            "placement",
            placement_id,
            {"entries": len(entries)},
        )
        await audit_store.append(uow.session, [record])
        await uow.commit()
    return entries
