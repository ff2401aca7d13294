"""Use cases on opportunities (Arbeitsgelegenheiten): draft → open → closed."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date
from typing import Any

from chassis.auth import Principal
from gemeinwerk_contracts import OpportunityChanged, OpportunityClosed, OpportunityPublished

from chassis import NotFound, UnitOfWork
from placement import clock
from placement.commands import (
    AttestationsInput,
    CloseOpportunity,
    CreateOpportunity,
    UpdateOpportunity,
)
from placement.context import PlacementContext
from placement.domain.access import Action
from placement.domain.capacity import free_places
from placement.domain.lifecycle import (
    CLOSED,
    DRAFT,
    OPEN,
    check_changeable,
    check_closable,
    check_places_not_below_occupied,
    check_publish_particulars,
    check_publishable,
    check_sgb2_attestations,
)
from placement.domain.models import Address, Attestations, Opportunity, Provider
from placement.domain.provider import check_approved, check_for_profit
from placement.domain.registration import check_opportunity_period
from placement.store import opportunities, providers
from placement.use_cases.common import authorize, ensure, unknown


def _attestations(value: AttestationsInput | None, principal: Principal) -> Attestations | None:
    if value is None:
        return None
    return Attestations(
        additional=value.additional,
        public_interest=value.public_interest,
        competition_neutral=value.competition_neutral,
        attested_by=principal.subject,
        attested_at=clock.now(),
    )


def _address(value: Any) -> Address | None:
    return None if value is None else Address(value.street, value.postal_code, value.city)


async def create_opportunity(
    ctx: PlacementContext, principal: Principal, command: CreateOpportunity
) -> tuple[Opportunity, int]:
    """Create a draft opportunity of a known provider (no event; see `publish_opportunity`);
    returns it with its free places.

    422 (legal_bases) when a for-profit provider offers § 5 AsylbLG work."""
    ensure(check_opportunity_period(command.start_date, command.end_date))
    async with ctx.uow() as uow:
        provider = await providers.get(uow.session, str(command.provider_id))
        if provider is None:
            raise unknown("provider_id", "Der Träger ist nicht bekannt.")
        authorize(principal, Action.CREATE_OPPORTUNITY, [provider.id, command.municipality_key])
        ensure(check_for_profit(provider.for_profit, command.legal_bases))
        opportunity = Opportunity(
            id=str(uuid.uuid4()),
            provider_id=provider.id,
            title=command.title,
            description=command.description,
            category=command.category,
            municipality_key=command.municipality_key,
            places=command.places,
            hours_per_week=command.hours_per_week,
            legal_bases=tuple(dict.fromkeys(command.legal_bases)),
            start_date=command.start_date,
            end_date=command.end_date,
            created_at=clock.now(),
            language_requirement=command.language_requirement,
            status=DRAFT,
            site_address=_address(command.site_address),
            reporting_instructions=command.reporting_instructions,
            attestations=_attestations(command.attestations, principal),
        )
        await opportunities.add(uow.session, opportunity, principal.subject)
        await uow.commit()
    ctx.metrics.opportunities_created.labels(opportunity.category.value).inc()
    return opportunity, opportunity.places


async def publish_opportunity(
    ctx: PlacementContext, principal: Principal, opportunity_id: str
) -> tuple[Opportunity, int]:
    """Publish a draft: the provider must be approved, the work site and reporting
    instructions given, § 16d work attested; publishes `OpportunityPublished`. Without a
    start date the offer starts on the day of publication."""
    async with ctx.uow() as uow:
        opportunity, provider = await _load(uow, principal, opportunity_id)
        ensure(check_publishable(opportunity.status))
        ensure(check_approved(provider.approved, "provider_id"))
        ensure(check_for_profit(provider.for_profit, opportunity.legal_bases))
        ensure(
            check_publish_particulars(opportunity.site_address, opportunity.reporting_instructions)
        )
        ensure(check_sgb2_attestations(opportunity.legal_bases, opportunity.attestations))
        today = clock.today()
        start = opportunity.start_date or today
        ensure(check_opportunity_period(start, opportunity.end_date))
        published = replace(opportunity, status=OPEN, start_date=start)
        extra = {"published_at": clock.now(), "published_by": principal.subject}
        await opportunities.save(uow.session, published, extra)
        uow.publish(OpportunityPublished(**_state(published, provider, today)))
        await uow.commit()
    ctx.metrics.opportunities_published.labels(published.category.value).inc()
    return published, published.places


async def update_opportunity(
    ctx: PlacementContext, principal: Principal, opportunity_id: str, command: UpdateOpportunity
) -> tuple[Opportunity, int]:
    """Change a draft or an open opportunity (409 when closed). Places may not drop below the
    places taken today (409). An open one publishes `OpportunityChanged` with the whole state,
    and keeps its § 16d attestations complete (422)."""
    sent = command.model_fields_set
    async with ctx.uow() as uow:
        current, provider = await _load(uow, principal, opportunity_id, for_update=True)
        ensure(check_changeable(current.status))
        changes: dict[str, Any] = {}
        for name in (
            "title",
            "description",
            "places",
            "hours_per_week",
            "start_date",
            "end_date",
            "language_requirement",
            "reporting_instructions",
        ):
            if name in sent:
                changes[name] = getattr(command, name)
        for required in ("title", "places", "hours_per_week"):
            if changes.get(required, 0) is None:
                del changes[required]
        if "site_address" in sent:
            changes["site_address"] = _address(command.site_address)
        if "attestations" in sent:
            changes["attestations"] = _attestations(command.attestations, principal)
        changed = replace(current, **changes)
        ensure(check_opportunity_period(changed.start_date, changed.end_date))
        today = clock.today()
        occupied = await opportunities.count_occupied(uow.session, changed.id, today)
        ensure(check_places_not_below_occupied(changed.places, occupied))
        if changed.status == OPEN:
            if changed.start_date is None:
                changed = replace(changed, start_date=current.start_date or today)
            ensure(check_publish_particulars(changed.site_address, changed.reporting_instructions))
            ensure(check_sgb2_attestations(changed.legal_bases, changed.attestations))
        await opportunities.save(uow.session, changed)
        if changed.status == OPEN and _state(changed, provider, today) != _state(
            current, provider, today
        ):
            uow.publish(OpportunityChanged(**_state(changed, provider, today)))
        await uow.commit()
    return changed, free_places(changed.places, occupied)


async def close_opportunity(
    ctx: PlacementContext, principal: Principal, opportunity_id: str, command: CloseOpportunity
) -> tuple[Opportunity, int]:
    """Close an open opportunity (409 otherwise): no new Zuweisungen, no matching; running
    placements go on. Publishes `OpportunityClosed`."""
    async with ctx.uow() as uow:
        current, _ = await _load(uow, principal, opportunity_id, for_update=True)
        ensure(check_closable(current.status))
        closed_date = command.closed_date or clock.today()
        closed = replace(current, status=CLOSED, closed_date=closed_date)
        extra = {"closed_at": clock.now(), "closed_by": principal.subject}
        await opportunities.save(uow.session, closed, extra)
        uow.publish(OpportunityClosed(opportunity_id=uuid.UUID(closed.id), closed_date=closed_date))
        occupied = await opportunities.count_occupied(uow.session, closed.id, clock.today())
        await uow.commit()
    ctx.metrics.opportunities_closed.inc()
    return closed, free_places(closed.places, occupied)


async def get_opportunity(
    ctx: PlacementContext, principal: Principal, opportunity_id: str
) -> tuple[Opportunity, int]:
    """An opportunity with its free places today (Europe/Berlin); 404 when unknown."""
    authorize(principal, Action.VIEW_OPPORTUNITY)
    async with ctx.uow() as uow:
        opportunity = await opportunities.get(uow.session, opportunity_id)
        if opportunity is None:
            raise NotFound("Die Arbeitsgelegenheit ist nicht bekannt.")
        occupied = await opportunities.count_occupied(uow.session, opportunity.id, clock.today())
    return opportunity, free_places(opportunity.places, occupied)


async def _load(
    uow: UnitOfWork, principal: Principal, opportunity_id: str, *, for_update: bool = False
) -> tuple[Opportunity, Provider]:
    opportunity = await opportunities.get(uow.session, opportunity_id, for_update=for_update)
    if opportunity is None:
        raise NotFound("Die Arbeitsgelegenheit ist nicht bekannt.")
    provider = await providers.get(uow.session, opportunity.provider_id)
    assert provider is not None  # foreign key
    authorize(principal, Action.CREATE_OPPORTUNITY, [provider.id, opportunity.municipality_key])
    return opportunity, provider


def _state(opportunity: Opportunity, provider: Provider, effective: date) -> dict[str, Any]:
    """The snapshot that OpportunityPublished and OpportunityChanged carry."""
    assert opportunity.start_date is not None
    return {
        "opportunity_id": uuid.UUID(opportunity.id),
        "provider_id": uuid.UUID(provider.id),
        "provider_kind": provider.kind,
        "municipality_key": opportunity.municipality_key,
        "category": opportunity.category,
        "places": opportunity.places,
        "hours_per_week": opportunity.hours_per_week,
        "start_date": opportunity.start_date,
        "end_date": opportunity.end_date,
        "legal_bases": list(opportunity.legal_bases),
        "language_requirement": opportunity.language_requirement,
        "effective_date": effective,
    }
