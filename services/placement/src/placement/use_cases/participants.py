"""Use cases on participants: personal data, so every action leaves an audit record."""

from __future__ import annotations

import uuid
from dataclasses import replace

from chassis.auth import Principal
from gemeinwerk_contracts import ParticipantDetailsChanged, ParticipantRegistered, PostalAddress

from chassis import NotFound
from placement import clock
from placement.commands import RegisterParticipant, UpdateParticipant
from placement.context import PlacementContext
from placement.domain.access import Action
from placement.domain.models import Address, Participant
from placement.domain.registration import check_birth_date
from placement.store import audit as audit_store
from placement.store import participants
from placement.use_cases import obligation
from placement.use_cases.common import audit, authorize, ensure


async def register_participant(
    ctx: PlacementContext, principal: Principal, command: RegisterParticipant
) -> Participant:
    """Register a participant and publish `ParticipantRegistered` (internal topic).

    The participant gets two random UUIDs: the id (used in this API) and the pseudonymous
    `participant_ref` (the only reference on public topics).
    """
    authorize(principal, Action.REGISTER_PARTICIPANT, [command.municipality_key])
    ensure(check_birth_date(command.birth_date, clock.today()))
    participant_id = str(uuid.uuid4())
    participant_ref = str(uuid.uuid4())
    assert participant_ref != participant_id
    address = command.postal_address
    participant = Participant(
        id=participant_id,
        participant_ref=participant_ref,
        given_name=command.given_name,
        family_name=command.family_name,
        birth_date=command.birth_date,
        preferred_language=command.preferred_language,
        email=str(command.email) if command.email else None,
        postal_address=Address(address.street, address.postal_code, address.city)
        if address
        else None,
        municipality_key=command.municipality_key,
        legal_basis=command.legal_basis,
        registered_at=clock.now(),
        able_to_work=command.able_to_work,
        currently_employed=command.currently_employed,
        preferred_categories=tuple(dict.fromkeys(command.preferred_categories)),
    )
    async with ctx.uow() as uow:
        await participants.add(uow.session, participant, principal.subject)
        await audit_store.append(
            uow.session,
            [
                audit(
                    principal,
                    "participant.registered",
                    participant.id,
                    "participant",
                    participant.id,
                )
            ],
        )
        uow.publish(_registered(participant))
        await obligation.publish_if_changed(uow, ctx.settings, participant)
        await uow.commit()
    ctx.metrics.participants_registered.labels(participant.legal_basis.value).inc()
    return participant


async def get_participant(
    ctx: PlacementContext, principal: Principal, participant_id: str
) -> Participant:
    """A participant by id (404 when unknown); the read itself is audited."""
    async with ctx.uow() as uow:
        participant = await participants.get(uow.session, participant_id)
        if participant is None:
            raise NotFound("Die teilnehmende Person ist nicht bekannt.")
        authorize(principal, Action.VIEW_PARTICIPANT, [participant.municipality_key])
        await audit_store.append(
            uow.session,
            [audit(principal, "participant.viewed", participant.id, "participant", participant.id)],
        )
        await uow.commit()
    return participant


async def update_participant(
    ctx: PlacementContext, principal: Principal, participant_id: str, command: UpdateParticipant
) -> Participant:
    """Change a participant's master data (only the fields sent; audited).

    Contact data, language or municipality changes publish `ParticipantDetailsChanged`
    (internal topic, the whole new state); a change of the derived duty to work publishes
    `ParticipantObligationChanged` (public topic, no reason)."""
    sent = command.model_fields_set
    async with ctx.uow() as uow:
        current = await participants.get(uow.session, participant_id)
        if current is None:
            raise NotFound("Die teilnehmende Person ist nicht bekannt.")
        authorize(principal, Action.UPDATE_PARTICIPANT, [current.municipality_key])
        changed = current
        for name in (
            "preferred_language",
            "municipality_key",
            "able_to_work",
            "currently_employed",
        ):
            value = getattr(command, name)
            if name in sent and value is not None:
                changed = replace(changed, **{name: value})
        if "email" in sent:
            changed = replace(changed, email=str(command.email) if command.email else None)
        if "postal_address" in sent:
            a = command.postal_address
            address = Address(a.street, a.postal_code, a.city) if a else None
            changed = replace(changed, postal_address=address)
        if changed.municipality_key != current.municipality_key:
            authorize(principal, Action.UPDATE_PARTICIPANT, [changed.municipality_key])
        await participants.save_details(uow.session, changed)
        fields = sorted(n for n in sent if getattr(changed, n) != getattr(current, n))
        record = audit(
            principal,
            "participant.updated",
            changed.id,
            "participant",
            changed.id,
            {"fields": fields},
        )
        await audit_store.append(uow.session, [record])
        if _details(changed) != _details(current):
            uow.publish(_registered(changed, ParticipantDetailsChanged))
        await obligation.publish_if_changed(uow, ctx.settings, changed)
        await uow.commit()
    return changed


def _details(p: Participant) -> tuple[object, ...]:
    return (p.preferred_language, p.email, p.postal_address, p.municipality_key)


def _registered(
    participant: Participant, event: type[ParticipantRegistered] = ParticipantRegistered
) -> ParticipantRegistered:
    address = participant.postal_address
    return event(
        participant_ref=uuid.UUID(participant.participant_ref),
        given_name=participant.given_name,
        family_name=participant.family_name,
        preferred_language=participant.preferred_language,
        email=participant.email,
        postal_address=PostalAddress(
            street=address.street, postal_code=address.postal_code, city=address.city
        )
        if address
        else None,
        municipality_key=participant.municipality_key,
        legal_basis=participant.legal_basis,
    )
