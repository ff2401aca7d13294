"""Use cases on the duty to work: exemptions (wichtiger Grund) and the derived assessment."""

from __future__ import annotations

import uuid
from datetime import date

from chassis.auth import Principal

from chassis import NotFound, UnitOfWork
from placement import clock
from placement.commands import AddExemption
from placement.context import PlacementContext
from placement.domain.access import Action
from placement.domain.duty import (
    DutyAssessment,
    ExemptionPeriod,
    assess_duty,
    check_exemption_period,
)
from placement.domain.models import Exemption, Participant
from placement.store import audit as audit_store
from placement.store import exemptions, participants
from placement.use_cases import obligation
from placement.use_cases.common import audit, authorize, ensure
from placement.use_cases.policies import duty_schedule


async def add_exemption(
    ctx: PlacementContext, principal: Principal, participant_id: str, command: AddExemption
) -> Exemption:
    """Record an exemption of a participant (audited); 422 when it ends before it starts."""
    ensure(check_exemption_period(command.valid_from, command.valid_until))
    async with ctx.uow() as uow:
        person = await _participant(uow, principal, participant_id, Action.RECORD_EXEMPTION)
        exemption = Exemption(
            id=str(uuid.uuid4()),
            participant_id=person.id,
            category=command.category,
            valid_from=command.valid_from,
            valid_until=command.valid_until,
            recorded_at=clock.now(),
        )
        await exemptions.add(uow.session, exemption, principal.subject)
        details = {"valid_from": exemption.valid_from, "valid_until": exemption.valid_until}
        record = audit(
            principal, "exemption.recorded", person.id, "exemption", exemption.id, details
        )
        await audit_store.append(uow.session, [record])
        await obligation.publish_if_changed(uow, ctx.settings, person)
        await uow.commit()
    return exemption


async def duty_to_work(
    ctx: PlacementContext, principal: Principal, participant_id: str, on: date | None = None
) -> DutyAssessment:
    """Whether the participant is obliged to work on `on` (default today), with the reasons.

    The read is audited (the reasons may name health grounds)."""
    day = on or clock.today()
    async with ctx.uow() as uow:
        person = await _participant(uow, principal, participant_id, Action.VIEW_PARTICIPANT)
        found = await exemptions.of_participant(uow.session, person.id)
        schedule = await duty_schedule(uow.session, ctx.settings)
        record = audit(principal, "duty.viewed", person.id, "participant", person.id, {"on": day})
        await audit_store.append(uow.session, [record])
        await uow.commit()
    return assess_duty(
        birth_date=person.birth_date,
        able_to_work=person.able_to_work,
        currently_employed=person.currently_employed,
        exemptions=[ExemptionPeriod(e.category, e.valid_from, e.valid_until) for e in found],
        min_age_years=schedule.on(day).min_age_years,
        on=day,
    )


async def _participant(
    uow: UnitOfWork, principal: Principal, participant_id: str, action: Action
) -> Participant:
    person = await participants.get(uow.session, participant_id)
    if person is None:
        raise NotFound("Die teilnehmende Person ist nicht bekannt.")
    authorize(principal, action, [person.municipality_key])
    return person
