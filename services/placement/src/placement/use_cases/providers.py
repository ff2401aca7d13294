"""Use cases on providers (Träger): registration and approval by the district."""

from __future__ import annotations

import uuid
from dataclasses import replace

from chassis.auth import Principal

from chassis import NotFound
from placement import clock
from placement.commands import RegisterProvider
from placement.context import PlacementContext
from placement.domain.access import Action
from placement.domain.models import Provider
from placement.domain.provider import APPROVED, PENDING, check_approvable
from placement.store import providers
from placement.use_cases.common import authorize, ensure


async def register_provider(
    ctx: PlacementContext, principal: Principal, command: RegisterProvider
) -> Provider:
    """Register a provider: pending until a coordinator approves it, or approved at once
    when PROVIDER_APPROVAL_REQUIRED is off."""
    authorize(principal, Action.REGISTER_PROVIDER, [command.municipality_key])
    now = clock.now()
    required = ctx.settings.provider_approval_required
    provider = Provider(
        id=str(uuid.uuid4()),
        name=command.name,
        kind=command.kind,
        municipality_key=command.municipality_key,
        created_at=now,
        status=PENDING if required else APPROVED,
        for_profit=command.for_profit,
        approved_at=None if required else now,
    )
    async with ctx.uow() as uow:
        await providers.add(uow.session, provider, principal.subject)
        await uow.commit()
    ctx.metrics.providers_registered.labels(provider.kind.value).inc()
    return provider


async def approve_provider(
    ctx: PlacementContext, principal: Principal, provider_id: str
) -> Provider:
    """A coordinator approves a pending provider (404 unknown, 409 already approved)."""
    authorize(principal, Action.APPROVE_PROVIDER)
    async with ctx.uow() as uow:
        provider = await providers.get(uow.session, provider_id, for_update=True)
        if provider is None:
            raise NotFound("Der Träger ist nicht bekannt.")
        ensure(check_approvable(provider.approved))
        now = clock.now()
        await providers.approve(uow.session, provider.id, now, principal.subject)
        await uow.commit()
    return replace(provider, status=APPROVED, approved_at=now)


async def get_provider(ctx: PlacementContext, principal: Principal, provider_id: str) -> Provider:
    """A provider by id (404 when unknown)."""
    authorize(principal, Action.VIEW_PROVIDER)
    async with ctx.uow() as uow:
        provider = await providers.get(uow.session, provider_id)
    if provider is None:
        raise NotFound("Der Träger ist nicht bekannt.")
    return provider
