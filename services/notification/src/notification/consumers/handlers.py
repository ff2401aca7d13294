"""Handlers of the consumed events; they only touch `uow.session` and never commit.

Handlers that need settings (hearing deadline, case workers' mailbox) are made by
`sanction_handlers(settings)`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

from gemeinwerk_contracts import (
    AllowanceStatementIssued,
    AssignmentIssued,
    Envelope,
    HoursLogged,
    ParticipantRegistered,
    PlacementEnded,
    PlacementStarted,
    ProviderContactRecorded,
    RefusalRecorded,
    SanctionDecided,
    SanctionProposed,
    SanctionWaived,
)

from chassis import UnitOfWork
from notification.domain.notices import NoticeType
from notification.domain.placement_notice import PlacementFacts
from notification.domain.recipients import PostalAddress, Recipient
from notification.settings import Settings
from notification.store import activity
from notification.store.notices import placement_of
from notification.store.recipients import get_recipient
from notification.store.timestamps import as_utc
from notification.use_cases.open_notice import open_notice
from notification.use_cases.placement_notices import open_placement_notice
from notification.use_cases.recipients import record_provider_contact, register_recipient


async def on_participant_registered(
    uow: UnitOfWork, envelope: Envelope, event: ParticipantRegistered
) -> None:
    """A participant was registered, or its details changed (ParticipantDetailsChanged: a
    full snapshot, handled alike): keep the contact data, the newer by ce_time wins."""
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


async def on_provider_contact_recorded(
    uow: UnitOfWork, envelope: Envelope, event: ProviderContactRecorded
) -> None:
    """A provider's contact data: kept for provider notices (newer by ce_time wins)."""
    address = event.postal_address
    values = {
        "provider_id": str(event.provider_id),
        "provider_name": event.provider_name,
        "provider_kind": event.provider_kind.value,
        "municipality_key": event.municipality_key,
        "contact_name": event.contact_name,
        "email": str(event.email) if event.email else None,
        "street": address.street if address else None,
        "postal_code": address.postal_code if address else None,
        "city": address.city if address else None,
    }
    await record_provider_contact(uow, values, as_utc(envelope.time), envelope.id)


async def on_placement_started(
    uow: UnitOfWork, envelope: Envelope, event: PlacementStarted
) -> None:
    """A placement started: tell the participant and the provider; track it for reminders."""
    at = as_utc(envelope.time)
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
    participant = str(event.participant_ref)
    await open_placement_notice(uow, participant, facts, envelope.id, at)
    await open_notice(
        uow,
        NoticeType.PROVIDER_START_INFO,
        facts.placement_id,
        participant,
        facts.to_json(),
        envelope.id,
        at,
        municipality_key=event.municipality_key,
        addressee_id=facts.provider_id,
        placement_id=facts.placement_id,
    )
    await activity.placement_started(
        uow.session,
        facts.placement_id,
        participant,
        facts.provider_id,
        event.municipality_key,
        event.start_date,
        at,
    )


async def on_assignment_issued(
    uow: UnitOfWork, envelope: Envelope, event: AssignmentIssued
) -> None:
    """A Zuweisung was issued: the assignment letter with its Rechtsfolgenbelehrung."""
    site = event.site_address
    facts = {
        "placement_id": str(event.placement_id),
        "opportunity_id": str(event.opportunity_id),
        "provider_id": str(event.provider_id),
        "provider_name": event.provider_name,
        "legal_basis": event.legal_basis.value,
        "category": event.category.value,
        "work_description": event.work_description,
        "site_street": site.street,
        "site_postal_code": site.postal_code,
        "site_city": site.city,
        "reporting_instructions": event.reporting_instructions,
        "hours_per_week": str(event.hours_per_week),
        "start_date": event.start_date.isoformat(),
        "end_date": event.end_date.isoformat() if event.end_date else "",
        "issued_date": event.issued_date.isoformat(),
    }
    await open_notice(
        uow,
        NoticeType.ASSIGNMENT,
        str(event.placement_id),
        str(event.participant_ref),
        facts,
        envelope.id,
        as_utc(envelope.time),
        placement_id=str(event.placement_id),
    )


async def on_hours_logged(uow: UnitOfWork, envelope: Envelope, event: HoursLogged) -> None:
    """Hours were logged: the placement is not silent."""
    await activity.hours_logged(
        uow.session, str(event.placement_id), event.work_date, as_utc(envelope.time)
    )


async def on_placement_ended(uow: UnitOfWork, envelope: Envelope, event: PlacementEnded) -> None:
    """A placement ended: confirm it to the participant; no more reminders."""
    at = as_utc(envelope.time)
    placement_id = str(event.placement_id)
    tracked = await activity.placement_ended(uow.session, placement_id, event.end_date, at)
    facts = {
        "placement_id": placement_id,
        "end_date": event.end_date.isoformat(),
        "reason": event.reason.value,
    }
    await open_notice(
        uow,
        NoticeType.PLACEMENT_ENDED,
        placement_id,
        str(event.participant_ref),
        facts,
        envelope.id,
        at,
        municipality_key=tracked.municipality_key if tracked else "",
        placement_id=placement_id,
    )


async def on_refusal_recorded(uow: UnitOfWork, envelope: Envelope, event: RefusalRecorded) -> None:
    """An unjustified refusal: kept so that the hearing letter can state what happened."""
    if event.justified:
        return
    await activity.refusal_recorded(
        uow.session,
        str(event.refusal_id),
        str(event.participant_ref),
        str(event.placement_id) if event.placement_id else None,
        event.kind.value,
        event.refusal_date,
    )


async def on_sanction_decided(uow: UnitOfWork, envelope: Envelope, event: SanctionDecided) -> None:
    """A case worker imposed the proposed sanction: the decision letter."""
    sanction_id = str(event.sanction_id)
    facts = {
        "template": "sanction_decision",
        "sanction_id": sanction_id,
        "rule": event.rule.value,
        "reduction_percent": str(event.reduction_percent or ""),
        "effective_from": event.effective_from.isoformat(),
        "effective_until": event.effective_until.isoformat(),
        "hearing_date": event.hearing_date.isoformat() if event.hearing_date else "",
        "decided_date": event.decided_date.isoformat(),
    }
    await _decision(uow, envelope, event.participant_ref, sanction_id, facts)


async def on_sanction_waived(uow: UnitOfWork, envelope: Envelope, event: SanctionWaived) -> None:
    """A case worker decided against the sanction: a short letter (same notice type)."""
    sanction_id = str(event.sanction_id)
    facts = {
        "template": "sanction_waived",
        "sanction_id": sanction_id,
        "reason": event.reason.value,
        "waived_date": event.waived_date.isoformat(),
    }
    await _decision(uow, envelope, event.participant_ref, sanction_id, facts)


async def _decision(
    uow: UnitOfWork,
    envelope: Envelope,
    participant: object,
    sanction_id: str,
    facts: dict[str, str],
) -> None:
    placement_id = await placement_of(uow.session, NoticeType.HEARING, sanction_id)
    await open_notice(
        uow,
        NoticeType.SANCTION_DECISION,
        sanction_id,
        str(participant),
        facts,
        envelope.id,
        as_utc(envelope.time),
        placement_id=placement_id,
    )


async def on_allowance_statement_issued(
    uow: UnitOfWork, envelope: Envelope, event: AllowanceStatementIssued
) -> None:
    """A month was closed: tell the participant hours, amount and corrections."""
    facts = {
        "statement_id": str(event.statement_id),
        "month": event.month,
        "total_cents": str(event.total_cents),
        "worked_minutes": str(event.worked_minutes),
        "corrections_cents": str(event.corrections_cents),
        "corrected_months": ",".join(sorted(event.corrected_months)),
    }
    await open_notice(
        uow,
        NoticeType.ALLOWANCE_STATEMENT,
        str(event.statement_id),
        str(event.participant_ref),
        facts,
        envelope.id,
        as_utc(envelope.time),
    )


def on_sanction_proposed_with(
    settings: Settings,
) -> Callable[[UnitOfWork, Envelope, SanctionProposed], Awaitable[None]]:
    """The handler of SanctionProposed: the hearing letter to the participant (answer
    within HEARING_RESPONSE_DAYS of the proposal) and the information to the case workers'
    mailbox of the participant's municipality."""

    async def on_sanction_proposed(
        uow: UnitOfWork, envelope: Envelope, event: SanctionProposed
    ) -> None:
        at = as_utc(envelope.time)
        sanction_id = str(event.sanction_id)
        participant = str(event.participant_ref)
        placement_id = str(event.placement_id) if event.placement_id else None
        municipality = ""
        known = await get_recipient(uow.session, participant)
        if known is not None:
            municipality = known.municipality_key
        elif placement_id is not None:
            tracked = await activity.get_activity(uow.session, placement_id)
            municipality = tracked.municipality_key if tracked else ""
        respond_by = event.proposed_date + timedelta(days=settings.hearing_response_days)
        refusal = await activity.get_refusal(uow.session, str(event.refusal_id))
        facts = {
            "sanction_id": sanction_id,
            "participant_ref": participant,
            "refusal_id": str(event.refusal_id),
            "refusal_kind": refusal[0] if refusal else "",
            "refusal_date": refusal[1].isoformat() if refusal else "",
            "placement_id": placement_id or "",
            "legal_basis": event.legal_basis.value,
            "rule": event.rule.value,
            "breach_number": str(event.breach_number),
            "reduction_percent": str(event.reduction_percent or ""),
            "duration_months": str(event.duration_months),
            "legal_notice_id": str(event.legal_notice_id),
            "proposed_date": event.proposed_date.isoformat(),
            "respond_by": respond_by.isoformat(),
        }
        for notice_type, addressee_id in (
            (NoticeType.HEARING, None),
            (NoticeType.CASE_WORKER_HEARING_INFO, settings.mailbox_for(municipality)),
        ):
            await open_notice(
                uow,
                notice_type,
                sanction_id,
                participant,
                facts,
                envelope.id,
                at,
                municipality_key=municipality,
                addressee_id=addressee_id,
                placement_id=placement_id,
            )

    return on_sanction_proposed
