"""Use cases on opportunities (Arbeitsgelegenheiten)."""

from __future__ import annotations

import uuid

from chassis.auth import Principal

from chassis import NotFound
from placement import clock
from placement.commands import CreateOpportunity
from placement.context import PlacementContext
from placement.domain.access import Action
from placement.domain.capacity import free_places
from placement.domain.models import Opportunity
from placement.domain.provider import check_approved, check_for_profit
from placement.domain.registration import check_opportunity_period
from placement.store import opportunities, providers
from placement.use_cases.common import authorize, ensure, unknown


async def create_opportunity(
    ctx: PlacementContext, principal: Principal, command: CreateOpportunity
) -> tuple[Opportunity, int]:
    """Publish an opportunity of a known, approved provider; returns it with its free places.

    422 (provider_id) when the provider is not approved yet, 422 (legal_bases) when a
    for-profit provider offers § 5 AsylbLG work."""
    ensure(check_opportunity_period(command.start_date, command.end_date))
    async with ctx.uow() as uow:
        provider = await providers.get(uow.session, str(command.provider_id))
        if provider is None:
            raise unknown("provider_id", "Der Träger ist nicht bekannt.")
        authorize(principal, Action.CREATE_OPPORTUNITY, [provider.id, command.municipality_key])
        ensure(check_approved(provider.approved, "provider_id"))
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
        )
        await opportunities.add(uow.session, opportunity, principal.subject)
        await uow.commit()
    ctx.metrics.opportunities_created.labels(opportunity.category.value).inc()
    return opportunity, opportunity.places


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
