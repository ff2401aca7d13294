"""Use case: record a refusal, a no-show or a breaking off (a fact; sanctions are decided
elsewhere, by a person, after a hearing)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from chassis.auth import Principal
from gemeinwerk_contracts import RefusalRecorded

from placement import clock
from placement.commands import RecordRefusal
from placement.context import PlacementContext
from placement.domain.access import Action
from placement.domain.models import Refusal
from placement.domain.refusal import check_refusal, check_refusal_target, concerns_placement
from placement.store import audit as audit_store
from placement.store import opportunities, participants, placements, refusals
from placement.use_cases.common import audit, authorize, ensure, unknown
from placement.use_cases.proposal_refusal import close_refused_proposal
from placement.use_cases.sanctions import (
    SanctionOutcome,
    consider_refusal,
    count_outcome,
    legal_notice_for,
)


@dataclass(frozen=True)
class RecordedRefusal:
    """The refusal and what it means for a sanction."""

    refusal: Refusal
    sanction: SanctionOutcome


async def record_refusal(
    ctx: PlacementContext, principal: Principal, command: RecordRefusal
) -> RecordedRefusal:
    """Record a refusal and publish `RefusalRecorded` (pseudonymous, public topic).

    A no-show or breaking off that names only the opportunity is linked to the participant's
    placement in it, when there is one.

    When the refusal names a placement, `legal_notice_given` is whether the placement's
    assignment notice was delivered by the refusal day (from NoticeDelivered); the request's
    value is kept only for a refusal of a mere offer. An unjustified refusal of a placement
    with a delivered notice gets a sanction proposal in the same transaction.
    """
    c = command
    placement_id = str(c.placement_id) if c.placement_id else None
    opportunity_id = str(c.opportunity_id) if c.opportunity_id else None
    async with ctx.uow() as uow:
        session = uow.session
        participant = await participants.get(session, str(c.participant_id))
        if participant is None:
            raise unknown("participant_id", "Die teilnehmende Person ist nicht bekannt.")
        authorize(principal, Action.RECORD_REFUSAL, [participant.municipality_key])
        ensure(
            check_refusal(
                justified=c.justified,
                justification_category=c.justification_category,
                has_placement=placement_id is not None,
                has_opportunity=opportunity_id is not None,
                refusal_date=c.refusal_date,
                today=clock.today(),
            )
        )
        placement = None
        if placement_id is not None:
            placement = await placements.get(session, placement_id)
            if placement is None:
                raise unknown("placement_id", "Die Zuweisung ist nicht bekannt.")
        if opportunity_id is not None and await opportunities.get(session, opportunity_id) is None:
            raise unknown("opportunity_id", "Die Arbeitsgelegenheit ist nicht bekannt.")
        if placement is None and opportunity_id is not None and concerns_placement(c.kind):
            # A no-show or breaking off in an opportunity the person is placed in concerns
            # that placement: name it, so that consumers can attribute the refusal.
            placement = await placements.latest_in_opportunity(
                session, participant.id, opportunity_id
            )
            placement_id = placement.id if placement else None
        ensure(
            check_refusal_target(
                participant.id,
                placement.participant_id if placement else None,
                placement.opportunity_id if placement else None,
                opportunity_id,
            )
        )
        notice = await legal_notice_for(
            session, placement_id, participant.participant_ref, c.refusal_date
        )
        refusal = Refusal(
            id=str(uuid.uuid4()),
            participant_id=participant.id,
            placement_id=placement_id,
            opportunity_id=opportunity_id or (placement.opportunity_id if placement else None),
            kind=c.kind,
            refusal_date=c.refusal_date,
            justified=c.justified,
            justification_category=c.justification_category,
            legal_notice_given=(
                notice is not None if placement_id is not None else c.legal_notice_given
            ),
            recorded_at=clock.now(),
        )
        await refusals.add(session, refusal, principal.subject)
        await close_refused_proposal(session, placement, refusal.kind.value)
        details = {"kind": refusal.kind.value, "refusal_date": refusal.refusal_date}
        record = audit(
            principal, "refusal.recorded", participant.id, "refusal", refusal.id, details
        )
        await audit_store.append(session, [record])
        uow.publish(_recorded(refusal, participant.participant_ref))
        outcome = await consider_refusal(uow, principal, refusal, participant, notice)
        await uow.commit()
    ctx.metrics.refusals_recorded.labels(refusal.kind.value, str(refusal.justified).lower()).inc()
    count_outcome(ctx, outcome)
    return RecordedRefusal(refusal, outcome)


def _recorded(refusal: Refusal, participant_ref: str) -> RefusalRecorded:
    def as_uuid(value: str | None) -> uuid.UUID | None:
        return uuid.UUID(value) if value else None

    return RefusalRecorded(
        participant_ref=uuid.UUID(participant_ref),
        refusal_id=uuid.UUID(refusal.id),
        placement_id=as_uuid(refusal.placement_id),
        opportunity_id=as_uuid(refusal.opportunity_id),
        kind=refusal.kind,
        refusal_date=refusal.refusal_date,
        justified=refusal.justified,
        justification_category=refusal.justification_category,
        legal_notice_given=refusal.legal_notice_given,
    )
