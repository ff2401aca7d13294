"""Use cases on providers (Träger)."""

from __future__ import annotations

import uuid

from chassis.auth import Principal

from chassis import NotFound
from placement import clock
from placement.commands import RegisterProvider
from placement.context import PlacementContext
from placement.domain.access import Action
from placement.domain.models import Provider
from placement.store import providers
from placement.use_cases.common import authorize


async def register_provider(
    ctx: PlacementContext, principal: Principal, command: RegisterProvider
) -> Provider:
    """Register a provider approved by the district."""
    authorize(principal, Action.REGISTER_PROVIDER, [command.municipality_key])
    provider = Provider(
        id=str(uuid.uuid4()),
        name=command.name,
        kind=command.kind,
        municipality_key=command.municipality_key,
        created_at=clock.now(),
    )
    async with ctx.uow() as uow:
        await providers.add(uow.session, provider, principal.subject)
        await uow.commit()
    ctx.metrics.providers_registered.labels(provider.kind.value).inc()
    return provider


async def get_provider(ctx: PlacementContext, principal: Principal, provider_id: str) -> Provider:
    """A provider by id (404 when unknown)."""
    authorize(principal, Action.VIEW_PROVIDER)
    async with ctx.uow() as uow:
        provider = await providers.get(uow.session, provider_id)
    if provider is None:
        raise NotFound("Der Träger ist nicht bekannt.")
    return provider
