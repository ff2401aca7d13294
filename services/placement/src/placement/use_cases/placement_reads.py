"""Reads of placements: every read of data about a person is audited."""

from __future__ import annotations

from chassis.auth import Principal

from chassis import NotFound, UnitOfWork
from placement.context import PlacementContext
from placement.domain.access import Action
from placement.domain.models import Placement
from placement.store import audit as audit_store
from placement.store import participants, placements
from placement.store import sanctions as sanctions_store
from placement.store.placements import PlacementFacts
from placement.store.sanctions import LegalNotice
from placement.use_cases.common import audit, authorize


async def _viewed(
    uow: UnitOfWork, principal: Principal, placement_id: str, action: str
) -> PlacementFacts:
    """The placement's facts (404 when unknown), authorised for viewing; the read is audited."""
    facts = (await placements.load_facts(uow.session, [placement_id])).get(placement_id)
    if facts is None:
        raise NotFound("Die Zuweisung ist nicht bekannt.")
    authorize(principal, Action.VIEW_PLACEMENT, facts.scopes)
    placement = facts.placement
    record = audit(principal, action, placement.participant_id, "placement", placement.id)
    await audit_store.append(uow.session, [record])
    return facts


async def get_placement(
    ctx: PlacementContext, principal: Principal, placement_id: str
) -> Placement:
    """A placement by id (404 when unknown); the read is audited."""
    async with ctx.uow() as uow:
        facts = await _viewed(uow, principal, placement_id, "placement.viewed")
        await uow.commit()
    return facts.placement


async def list_placements(
    ctx: PlacementContext, principal: Principal, participant_id: str
) -> list[Placement]:
    """All placements of a participant (404 when the participant is unknown); audited."""
    async with ctx.uow() as uow:
        participant = await participants.get(uow.session, participant_id)
        if participant is None:
            raise NotFound("Die teilnehmende Person ist nicht bekannt.")
        authorize(principal, Action.VIEW_PLACEMENT, [participant.municipality_key])
        found = await placements.list_for_participant(uow.session, participant.id)
        record = audit(
            principal, "placements.listed", participant.id, "participant", participant.id
        )
        await audit_store.append(uow.session, [record])
        await uow.commit()
    return found


async def legal_notice(
    ctx: PlacementContext, principal: Principal, placement_id: str
) -> LegalNotice | None:
    """The first delivered Zuweisung (with Rechtsfolgenbelehrung) of a placement, as reported by
    notification; None while none was delivered. The read is audited."""
    async with ctx.uow() as uow:
        facts = await _viewed(uow, principal, placement_id, "placement.legal_notice_viewed")
        ref = facts.participant_ref
        notice = await sanctions_store.first_notice(uow.session, placement_id, ref)
        await uow.commit()
    return notice
