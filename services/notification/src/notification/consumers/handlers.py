"""Handlers of the consumed events; they only touch `uow.session` and never commit."""

from __future__ import annotations

from gemeinwerk_contracts import Envelope, ParticipantRegistered, PlacementStarted

from chassis import UnitOfWork
from notification.domain.placement_notice import PlacementFacts
from notification.domain.recipients import PostalAddress, Recipient
from notification.store.timestamps import as_utc
from notification.use_cases.placement_notices import open_placement_notice
from notification.use_cases.recipients import register_recipient


async def on_participant_registered(
    uow: UnitOfWork, envelope: Envelope, event: ParticipantRegistered
) -> None:
    """A participant was registered or updated: keep the contact data."""
    address = event.postal_address
    recipient = Recipient(
        participant_ref=str(event.participant_ref),
        given_name=event.given_name,
        family_name=event.family_name,
        preferred_language=event.preferred_language,
        email=str(event.email) if event.email else None,
        postal_address=PostalAddress(address.street, address.postal_code, address.city)
        if address
        else None,
        municipality_key=event.municipality_key,
        legal_basis=event.legal_basis.value,
    )
    await register_recipient(uow, recipient, as_utc(envelope.time), envelope.id)


async def on_placement_started(
    uow: UnitOfWork, envelope: Envelope, event: PlacementStarted
) -> None:
    """A placement started: open the notice that tells the participant."""
    facts = PlacementFacts(
        placement_id=str(event.placement_id),
        opportunity_id=str(event.opportunity_id),
        provider_id=str(event.provider_id),
        municipality_key=event.municipality_key,
        legal_basis=event.legal_basis,
        category=event.category,
        start_date=event.start_date,
        hours_per_week=event.hours_per_week,
    )
    await open_placement_notice(
        uow, str(event.participant_ref), facts, envelope.id, as_utc(envelope.time)
    )
