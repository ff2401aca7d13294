"""/providers and /opportunities."""

from __future__ import annotations

from uuid import UUID

from chassis.auth import CurrentPrincipal
from fastapi import APIRouter

from placement.api.deps import Ctx
from placement.api.views import ERRORS, OpportunityView, ProviderView
from placement.commands import (
    CloseOpportunity,
    CreateOpportunity,
    RegisterProvider,
    UpdateOpportunity,
    UpdateProviderContact,
)
from placement.use_cases import opportunities, providers

router = APIRouter(responses=ERRORS)


@router.post("/providers", status_code=201, tags=["providers"], summary="Träger registrieren")
async def register_provider(
    body: RegisterProvider, ctx: Ctx, principal: CurrentPrincipal
) -> ProviderView:
    provider = await providers.register_provider(ctx, principal, body)
    return ProviderView.model_validate(provider)


@router.get("/providers/{provider_id}", tags=["providers"], summary="Träger lesen")
async def get_provider(provider_id: UUID, ctx: Ctx, principal: CurrentPrincipal) -> ProviderView:
    provider = await providers.get_provider(ctx, principal, str(provider_id))
    return ProviderView.model_validate(provider)


@router.post(
    "/providers/{provider_id}/approve",
    tags=["providers"],
    summary="Träger zulassen (nur Kreiskoordination)",
)
async def approve_provider(
    provider_id: UUID, ctx: Ctx, principal: CurrentPrincipal
) -> ProviderView:
    provider = await providers.approve_provider(ctx, principal, str(provider_id))
    return ProviderView.model_validate(provider)


@router.patch(
    "/providers/{provider_id}",
    tags=["providers"],
    summary="Kontaktdaten des Trägers ändern (veröffentlicht ProviderContactRecorded, intern)",
)
async def update_provider_contact(
    provider_id: UUID, body: UpdateProviderContact, ctx: Ctx, principal: CurrentPrincipal
) -> ProviderView:
    provider = await providers.update_contact(ctx, principal, str(provider_id), body)
    return ProviderView.model_validate(provider)


@router.post(
    "/opportunities",
    status_code=201,
    tags=["opportunities"],
    summary="Arbeitsgelegenheit als Entwurf anlegen",
)
async def create_opportunity(
    body: CreateOpportunity, ctx: Ctx, principal: CurrentPrincipal
) -> OpportunityView:
    opportunity, free = await opportunities.create_opportunity(ctx, principal, body)
    return OpportunityView.of(opportunity, free)


@router.get(
    "/opportunities/{opportunity_id}",
    tags=["opportunities"],
    summary="Arbeitsgelegenheit mit freien Plätzen lesen",
)
async def get_opportunity(
    opportunity_id: UUID, ctx: Ctx, principal: CurrentPrincipal
) -> OpportunityView:
    opportunity, free = await opportunities.get_opportunity(ctx, principal, str(opportunity_id))
    return OpportunityView.of(opportunity, free)


@router.post(
    "/opportunities/{opportunity_id}/publish",
    tags=["opportunities"],
    summary="Entwurf veröffentlichen (veröffentlicht OpportunityPublished)",
)
async def publish_opportunity(
    opportunity_id: UUID, ctx: Ctx, principal: CurrentPrincipal
) -> OpportunityView:
    found, free = await opportunities.publish_opportunity(ctx, principal, str(opportunity_id))
    return OpportunityView.of(found, free)


@router.patch(
    "/opportunities/{opportunity_id}",
    tags=["opportunities"],
    summary="Arbeitsgelegenheit ändern (offen: veröffentlicht OpportunityChanged)",
)
async def update_opportunity(
    opportunity_id: UUID, body: UpdateOpportunity, ctx: Ctx, principal: CurrentPrincipal
) -> OpportunityView:
    found, free = await opportunities.update_opportunity(ctx, principal, str(opportunity_id), body)
    return OpportunityView.of(found, free)


@router.post(
    "/opportunities/{opportunity_id}/close",
    tags=["opportunities"],
    summary="Arbeitsgelegenheit schließen (veröffentlicht OpportunityClosed)",
)
async def close_opportunity(
    opportunity_id: UUID,
    ctx: Ctx,
    principal: CurrentPrincipal,
    body: CloseOpportunity | None = None,
) -> OpportunityView:
    command = body or CloseOpportunity()
    found, free = await opportunities.close_opportunity(
        ctx, principal, str(opportunity_id), command
    )
    return OpportunityView.of(found, free)
