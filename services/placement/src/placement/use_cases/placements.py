"""Use cases on placements (Zuweisungen): propose, start, end (reads: placement_reads)."""

from __future__ import annotations

import uuid
from dataclasses import replace

from chassis.auth import Principal
from gemeinwerk_contracts import (
    AssignmentIssued,
    PlacementEnded,
    PlacementProposed,
    PlacementStarted,
    PostalAddress,
)

from chassis import DomainError, NotFound
from placement import clock
from placement.commands import ConfirmStart, EndPlacement, ProposePlacement
from placement.context import PlacementContext
from placement.domain.access import Action
from placement.domain.capacity import check_free_place
from placement.domain.lifecycle import (
    ENDED,
    PROPOSED,
    STARTED,
    check_endable,
    check_open_for_proposals,
    check_planned_end,
    check_startable,
)
from placement.domain.models import Opportunity, Participant, Placement, Provider
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
from placement.use_cases.sanctions import end_running_sanctions
from placement.use_cases.sgb2 import check_proposal


async def propose_placement(
    ctx: PlacementContext, principal: Principal, command: ProposePlacement
) -> Placement:
    """Issue a Zuweisung into an open opportunity with a free place: the placement is
    proposed, and `PlacementProposed` (public) and `AssignmentIssued` (internal, the
    particulars for the letter) are published in the same transaction.

    The opportunity row is locked (`SELECT … FOR UPDATE`) before its places are counted, so
    concurrent requests for the last place are serialised: one wins, the other gets 409.
    Proposed and started placements both hold a place.
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
        ensure(check_open_for_proposals(opportunity.status))
        ensure(check_for_profit(provider.for_profit, [participant.legal_basis]))
        hours_per_week = command.hours_per_week or opportunity.hours_per_week
        ensure(check_legal_basis(participant.legal_basis, opportunity.legal_bases))
        ensure(
            check_start_in_opportunity(
                command.start_date, opportunity.start_date, opportunity.end_date
            )
        )
        ensure(check_planned_end(command.start_date, command.end_date))
        ensure(check_hours_per_week(hours_per_week, opportunity.hours_per_week))
        reporting = command.reporting_instructions or opportunity.reporting_instructions
        if opportunity.site_address is None or not reporting:
            raise DomainError(
                "Für die Zuweisung fehlen Einsatzort oder Meldehinweis der Arbeitsgelegenheit.",
                field="reporting_instructions",
                code="particulars_missing",
            )
        placed = await placements.has_running(
            session, participant.id, opportunity.id, command.start_date
        )
        ensure(check_not_placed_twice(placed))
        occupied = await opportunities.count_occupied(session, opportunity.id, command.start_date)
        if (full := check_free_place(opportunity.places, occupied)) is not None:
            ctx.metrics.capacity_conflicts.inc()
            ensure(full)
        ensure(
            await check_proposal(
                session, ctx.settings, participant, command.start_date, command.end_date
            )
        )
        today = clock.today()
        placement = Placement(
            id=str(uuid.uuid4()),
            participant_id=participant.id,
            opportunity_id=opportunity.id,
            start_date=command.start_date,
            hours_per_week=hours_per_week,
            end_date=None,
            end_reason=None,
            created_at=clock.now(),
            status=PROPOSED,
            planned_end_date=command.end_date,
            reporting_instructions=command.reporting_instructions,
            proposed_date=today,
            started=False,
        )
        await placements.add(session, placement, principal.subject)
        details = {"opportunity_id": opportunity.id, "start_date": placement.start_date}
        record = audit(
            principal, "placement.proposed", participant.id, "placement", placement.id, details
        )
        await audit_store.append(session, [record])
        uow.publish(_proposed(placement, participant, opportunity, provider))
        uow.publish(_issued(placement, participant, opportunity, provider, reporting))
        await uow.commit()
    ctx.metrics.placements_proposed.labels(participant.legal_basis.value).inc()
    return placement


async def start_placement(
    ctx: PlacementContext, principal: Principal, placement_id: str, command: ConfirmStart
) -> Placement:
    """The provider (or a case worker) confirms the start of a proposed placement, on its
    planned or an actual first day; publishes `PlacementStarted`. 409 unless proposed.
    In the same transaction the participant's running sanctions end and open proposals are
    waived (`sanctions.end_running_sanctions`: the work was taken up)."""
    async with ctx.uow() as uow:
        session = uow.session
        facts = (await placements.load_facts(session, [placement_id], for_update=True)).get(
            placement_id
        )
        if facts is None:
            raise NotFound("Die Zuweisung ist nicht bekannt.")
        authorize(principal, Action.CONFIRM_START, facts.scopes)
        current = facts.placement
        ensure(check_startable(current.status))
        start_date = command.start_date or current.start_date
        opportunity = await opportunities.get(session, current.opportunity_id)
        participant = await participants.get(session, current.participant_id)
        assert opportunity is not None and participant is not None  # foreign keys
        provider = await providers.get(session, opportunity.provider_id)
        assert provider is not None
        ensure(check_start_in_opportunity(start_date, opportunity.start_date, opportunity.end_date))
        ensure(check_planned_end(start_date, current.planned_end_date))
        if start_date > clock.today():
            raise DomainError(
                "Der Beginn kann erst bestätigt werden, wenn er erfolgt ist (das Datum liegt "
                "in der Zukunft).",
                field="start_date",
                code="in_future",
            )
        now = clock.now()
        await placements.start(session, current.id, start_date, now, principal.subject)
        details = {"start_date": start_date}
        record = audit(
            principal, "placement.started", current.participant_id, "placement", current.id, details
        )
        await audit_store.append(session, [record])
        uow.publish(
            PlacementStarted(
                participant_ref=uuid.UUID(participant.participant_ref),
                placement_id=uuid.UUID(current.id),
                opportunity_id=uuid.UUID(opportunity.id),
                provider_id=uuid.UUID(provider.id),
                provider_kind=provider.kind,
                municipality_key=opportunity.municipality_key,
                legal_basis=participant.legal_basis,
                start_date=start_date,
                hours_per_week=current.hours_per_week,
                category=opportunity.category,
            )
        )
        # Taking up the work ends running sanctions and waives open proposals.
        await end_running_sanctions(uow, current.participant_id, start_date)
        await uow.commit()
    ctx.metrics.placements_started.labels(participant.legal_basis.value, provider.kind.value).inc()
    return replace(current, status=STARTED, start_date=start_date, started=True)


async def end_placement(
    ctx: PlacementContext, principal: Principal, placement_id: str, command: EndPlacement
) -> Placement:
    """End a proposed or started placement (409 when it has ended already, or was refused);
    publish `PlacementEnded`. A proposed one may end before its planned start (cancelled)."""
    async with ctx.uow() as uow:
        session = uow.session
        facts = (await placements.load_facts(session, [placement_id], for_update=True)).get(
            placement_id
        )
        if facts is None:
            raise NotFound("Die Zuweisung ist nicht bekannt.")
        authorize(principal, Action.END_PLACEMENT, facts.scopes)
        current = facts.placement
        ensure(check_endable(current.status))
        if current.started:
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
    return replace(current, end_date=command.end_date, end_reason=command.reason, status=ENDED)


def _proposed(
    placement: Placement, participant: Participant, opportunity: Opportunity, provider: Provider
) -> PlacementProposed:
    assert placement.proposed_date is not None
    return PlacementProposed(
        participant_ref=uuid.UUID(participant.participant_ref),
        placement_id=uuid.UUID(placement.id),
        opportunity_id=uuid.UUID(opportunity.id),
        provider_id=uuid.UUID(provider.id),
        provider_kind=provider.kind,
        municipality_key=opportunity.municipality_key,
        legal_basis=participant.legal_basis,
        category=opportunity.category,
        hours_per_week=placement.hours_per_week,
        start_date=placement.start_date,
        end_date=placement.planned_end_date,
        proposed_date=placement.proposed_date,
    )


def _issued(
    placement: Placement,
    participant: Participant,
    opportunity: Opportunity,
    provider: Provider,
    reporting_instructions: str,
) -> AssignmentIssued:
    site = opportunity.site_address
    assert site is not None and placement.proposed_date is not None
    description = opportunity.title
    if opportunity.description:
        description = f"{opportunity.title}: {opportunity.description}"
    return AssignmentIssued(
        participant_ref=uuid.UUID(participant.participant_ref),
        placement_id=uuid.UUID(placement.id),
        opportunity_id=uuid.UUID(opportunity.id),
        provider_id=uuid.UUID(provider.id),
        provider_name=provider.name,
        legal_basis=participant.legal_basis,
        category=opportunity.category,
        work_description=description[:2000],
        site_address=PostalAddress(
            street=site.street, postal_code=site.postal_code, city=site.city
        ),
        reporting_instructions=reporting_instructions,
        hours_per_week=placement.hours_per_week,
        start_date=placement.start_date,
        end_date=placement.planned_end_date,
        issued_date=placement.proposed_date,
    )
