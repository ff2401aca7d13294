"""Use cases on providers (Träger): registration, approval by the district, contact data."""

from __future__ import annotations

import uuid
from dataclasses import replace

from chassis.auth import Principal
from gemeinwerk_contracts import PostalAddress, ProviderContactRecorded

from chassis import NotFound
from placement import clock
from placement.commands import RegisterProvider, UpdateProviderContact
from placement.context import PlacementContext
from placement.domain.access import Action
from placement.domain.models import Address, Provider
from placement.domain.provider import APPROVED, PENDING, check_approvable
from placement.store import providers
from placement.use_cases.common import authorize, ensure


async def register_provider(
    ctx: PlacementContext, principal: Principal, command: RegisterProvider
) -> Provider:
    """Register a provider: pending until a coordinator approves it, or approved at once
    when PROVIDER_APPROVAL_REQUIRED is off (then `ProviderContactRecorded` is published)."""
    authorize(principal, Action.REGISTER_PROVIDER, [command.municipality_key])
    now = clock.now()
    required = ctx.settings.provider_approval_required
    address = command.postal_address
    provider = Provider(
        id=str(uuid.uuid4()),
        name=command.name,
        kind=command.kind,
        municipality_key=command.municipality_key,
        created_at=now,
        status=PENDING if required else APPROVED,
        for_profit=command.for_profit,
        approved_at=None if required else now,
        contact_name=command.contact_name,
        email=str(command.email) if command.email else None,
        postal_address=Address(address.street, address.postal_code, address.city)
        if address
        else None,
    )
    async with ctx.uow() as uow:
        await providers.add(uow.session, provider, principal.subject)
        if provider.approved:
            uow.publish(contact_recorded(provider))
        await uow.commit()
    ctx.metrics.providers_registered.labels(provider.kind.value).inc()
    return provider


async def approve_provider(
    ctx: PlacementContext, principal: Principal, provider_id: str
) -> Provider:
    """A coordinator approves a pending provider (404 unknown, 409 already approved);
    publishes `ProviderContactRecorded` (internal topic)."""
    authorize(principal, Action.APPROVE_PROVIDER)
    async with ctx.uow() as uow:
        provider = await providers.get(uow.session, provider_id, for_update=True)
        if provider is None:
            raise NotFound("Der Träger ist nicht bekannt.")
        ensure(check_approvable(provider.approved))
        now = clock.now()
        await providers.approve(uow.session, provider.id, now, principal.subject)
        approved = replace(provider, status=APPROVED, approved_at=now)
        uow.publish(contact_recorded(approved))
        await uow.commit()
    return approved


async def update_contact(
    ctx: PlacementContext, principal: Principal, provider_id: str, command: UpdateProviderContact
) -> Provider:
    """Change a provider's contact data (only the fields sent); an approved provider
    publishes `ProviderContactRecorded` with the whole contact (internal topic)."""
    sent = command.model_fields_set
    async with ctx.uow() as uow:
        provider = await providers.get(uow.session, provider_id, for_update=True)
        if provider is None:
            raise NotFound("Der Träger ist nicht bekannt.")
        authorize(principal, Action.UPDATE_PROVIDER_CONTACT, [provider.id])
        changed = provider
        if "contact_name" in sent:
            changed = replace(changed, contact_name=command.contact_name)
        if "email" in sent:
            changed = replace(changed, email=str(command.email) if command.email else None)
        if "postal_address" in sent:
            a = command.postal_address
            changed = replace(
                changed, postal_address=Address(a.street, a.postal_code, a.city) if a else None
            )
        if changed != provider:
            await providers.save_contact(uow.session, changed)
            if changed.approved:
                uow.publish(contact_recorded(changed))
        await uow.commit()
    return changed


async def get_provider(ctx: PlacementContext, principal: Principal, provider_id: str) -> Provider:
    """A provider by id (404 when unknown)."""
    authorize(principal, Action.VIEW_PROVIDER)
    async with ctx.uow() as uow:
        provider = await providers.get(uow.session, provider_id)
    if provider is None:
        raise NotFound("Der Träger ist nicht bekannt.")
    return provider


def contact_recorded(provider: Provider) -> ProviderContactRecorded:
    """The internal event with a provider's contact data."""
    a = provider.postal_address
    return ProviderContactRecorded(
        provider_id=uuid.UUID(provider.id),
        provider_name=provider.name,
        provider_kind=provider.kind,
        municipality_key=provider.municipality_key,
        contact_name=provider.contact_name,
        email=provider.email,
        postal_address=PostalAddress(street=a.street, postal_code=a.postal_code, city=a.city)
        if a
        else None,
    )
