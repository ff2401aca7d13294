"""Reads of placements: every read of data about a person is audited."""

from __future__ import annotations

from chassis.auth import Principal

from chassis import NotFound
from placement.context import PlacementContext
from placement.domain.access import Action
from placement.domain.models import Placement
from placement.store import audit as audit_store
from placement.store import participants, placements
from placement.store import sanctions as sanctions_store
from placement.store.sanctions import LegalNotice
from placement.use_cases.common import audit, authorize


async def get_placement(
    ctx: PlacementContext, principal: Principal, placement_id: str
) -> Placement:
    """A placement by id (404 when unknown); the read is audited."""
    async with ctx.uow() as uow:
        facts = (await placements.load_facts(uow.session, [placement_id])).get(placement_id)
        if facts is None:
            raise NotFound("Die Zuweisung ist nicht bekannt.")
        authorize(principal, Action.VIEW_PLACEMENT, facts.scopes)
        placement = facts.placement
        record = audit(
            principal, "placement.viewed", placement.participant_id, "placement", placement.id
        )
        await audit_store.append(uow.session, [record])
        await uow.commit()
    return placement


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
        facts = (await placements.load_facts(uow.session, [placement_id])).get(placement_id)
        if facts is None:
            raise NotFound("Die Zuweisung ist nicht bekannt.")
        authorize(principal, Action.VIEW_PLACEMENT, facts.scopes)
        participant = await participants.get(uow.session, facts.placement.participant_id)
        if participant is None:  # pragma: no cover - a placement always has its participant
            raise NotFound("Die Person ist nicht bekannt.")
        notice = await sanctions_store.first_notice(
            uow.session, placement_id, participant.participant_ref
        )
        record = audit(
            principal, "placement.legal_notice_viewed", participant.id, "placement", placement_id
        )
        await audit_store.append(uow.session, [record])
        await uow.commit()
    return notice
