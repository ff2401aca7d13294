"""Use cases on placements (Zuweisungen): start and end (reads: placement_reads)."""

from __future__ import annotations

import uuid
from dataclasses import replace

from chassis.auth import Principal
from gemeinwerk_contracts import PlacementEnded, PlacementStarted

from chassis import NotFound
from placement import clock
from placement.commands import EndPlacement, StartPlacement
from placement.context import PlacementContext
from placement.domain.access import Action
from placement.domain.capacity import check_free_place
from placement.domain.models import Placement
from placement.domain.period import check_end, check_start_in_opportunity
from placement.domain.placement import (
    check_hours_per_week,
    check_legal_basis,
    check_not_placed_twice,
)
from placement.domain.provider import check_approved, check_for_profit
from placement.store import audit as audit_store
from placement.store import hours, opportunities, participants, placements, providers
from placement.use_cases.common import audit, authorize, ensure, unknown


async def start_placement(
    ctx: PlacementContext, principal: Principal, command: StartPlacement
) -> Placement:
    """Place a participant in an opportunity with a free place; publish `PlacementStarted`.

    The opportunity row is locked (`SELECT … FOR UPDATE`) before its places are counted,
    so concurrent requests for the last place are serialised: one wins, the other gets 409.
    """
    async with ctx.uow() as uow:
        session = uow.session
        participant = await participants.get(session, str(command.participant_id))
        if participant is None:
            raise unknown("participant_id", "Die teilnehmende Person ist nicht bekannt.")
        authorize(principal, Action.START_PLACEMENT, [participant.municipality_key])
        opportunity = await opportunities.get(session, str(command.opportunity_id), for_update=True)
        if opportunity is None:
            raise unknown("opportunity_id", "Die Arbeitsgelegenheit ist nicht bekannt.")
        provider = await providers.get(session, opportunity.provider_id)
        assert provider is not None  # foreign key
        ensure(check_approved(provider.approved, "opportunity_id"))
        ensure(check_for_profit(provider.for_profit, [participant.legal_basis]))
        hours_per_week = command.hours_per_week or opportunity.hours_per_week
        ensure(check_legal_basis(participant.legal_basis, opportunity.legal_bases))
        ensure(
            check_start_in_opportunity(
                command.start_date, opportunity.start_date, opportunity.end_date
            )
        )
        ensure(check_hours_per_week(hours_per_week, opportunity.hours_per_week))
        placed = await placements.has_running(
            session, participant.id, opportunity.id, command.start_date
        )
        ensure(check_not_placed_twice(placed))
        occupied = await opportunities.count_occupied(session, opportunity.id, command.start_date)
        if (full := check_free_place(opportunity.places, occupied)) is not None:
            ctx.metrics.capacity_conflicts.inc()
            ensure(full)
        placement = Placement(
            id=str(uuid.uuid4()),
            participant_id=participant.id,
            opportunity_id=opportunity.id,
            start_date=command.start_date,
            hours_per_week=hours_per_week,
            end_date=None,
            end_reason=None,
            created_at=clock.now(),
        )
        await placements.add(session, placement, principal.subject)
        details = {"opportunity_id": opportunity.id, "start_date": placement.start_date}
        await audit_store.append(
            session,
            [
                audit(
                    principal,
                    "placement.started",
                    participant.id,
                    "placement",
                    placement.id,
                    details,
                )
            ],
        )
        uow.publish(
            PlacementStarted(
                participant_ref=uuid.UUID(participant.participant_ref),
                placement_id=uuid.UUID(placement.id),
                opportunity_id=uuid.UUID(opportunity.id),
                provider_id=uuid.UUID(provider.id),
                provider_kind=provider.kind,
                municipality_key=opportunity.municipality_key,
                legal_basis=participant.legal_basis,
                start_date=placement.start_date,
                hours_per_week=placement.hours_per_week,
                category=opportunity.category,
            )
        )
        await uow.commit()
    ctx.metrics.placements_started.labels(participant.legal_basis.value, provider.kind.value).inc()
    return placement


async def end_placement(
    ctx: PlacementContext, principal: Principal, placement_id: str, command: EndPlacement
) -> Placement:
    """End a placement (409 when it has ended already); publish `PlacementEnded`."""
    async with ctx.uow() as uow:
        session = uow.session
        facts = (await placements.load_facts(session, [placement_id], for_update=True)).get(
            placement_id
        )
        if facts is None:
            raise NotFound("Die Zuweisung ist nicht bekannt.")
        authorize(principal, Action.END_PLACEMENT, facts.scopes)
        current = facts.placement
        last_work_date = await hours.last_work_date(session, current.id)
        ensure(check_end(current.start_date, command.end_date, current.ended, last_work_date))
        await placements.end(
            session, current.id, command.end_date, command.reason, clock.now(), principal.subject
        )
        details = {"end_date": command.end_date, "reason": command.reason.value}
        await audit_store.append(
            session,
            [
                audit(
                    principal,
                    "placement.ended",
                    current.participant_id,
                    "placement",
                    current.id,
                    details,
                )
            ],
        )
        uow.publish(
            PlacementEnded(
                participant_ref=uuid.UUID(facts.participant_ref),
                placement_id=uuid.UUID(current.id),
                end_date=command.end_date,
                reason=command.reason,
            )
        )
        await uow.commit()
    ctx.metrics.placements_ended.labels(command.reason.value).inc()
    return replace(current, end_date=command.end_date, end_reason=command.reason)
