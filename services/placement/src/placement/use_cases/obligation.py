"""The duty to work on the public side: `ParticipantObligationChanged` when it is first
derived (registration) and whenever it changes (exemption, ability, employment, age policy
as of the day of the change). Never the reason."""

from __future__ import annotations

import uuid

from gemeinwerk_contracts import ParticipantObligationChanged

from chassis import UnitOfWork
from placement import clock
from placement.domain.duty import ExemptionPeriod, assess_duty
from placement.domain.models import Participant
from placement.settings import Settings
from placement.store import exemptions, participants
from placement.use_cases.policies import duty_schedule


async def publish_if_changed(uow: UnitOfWork, settings: Settings, person: Participant) -> bool:
    """Derive the duty to work today; publish it when it differs from the last published
    value (or none was published yet). Returns whether an event was published."""
    session = uow.session
    today = clock.today()
    found = await exemptions.of_participant(session, person.id)
    schedule = await duty_schedule(session, settings)
    obliged = assess_duty(
        birth_date=person.birth_date,
        able_to_work=person.able_to_work,
        currently_employed=person.currently_employed,
        exemptions=[ExemptionPeriod(e.category, e.valid_from, e.valid_until) for e in found],
        min_age_years=schedule.on(today).min_age_years,
        on=today,
    ).obliged
    if await participants.obliged_published(session, person.id) == obliged:
        return False
    await participants.set_obliged_published(session, person.id, obliged)
    uow.publish(
        ParticipantObligationChanged(
            participant_ref=uuid.UUID(person.participant_ref),
            obliged=obliged,
            legal_basis=person.legal_basis,
            municipality_key=person.municipality_key,
            effective_date=today,
        )
    )
    return True
