"""Events and small helpers shared by the allowance tests."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from gemeinwerk_contracts import (
    Envelope,
    Event,
    HoursCorrected,
    HoursLogged,
    PlacementStarted,
    envelope_for,
)
from gemeinwerk_contracts.vocabulary import LegalBasis, OpportunityCategory, ProviderKind
from prometheus_client import CollectorRegistry

MUNICIPALITY = "03459004"


def started(
    ref: uuid.UUID,
    placement_id: uuid.UUID,
    provider_id: uuid.UUID,
    legal_basis: LegalBasis = LegalBasis.ASYLBLG_5,
    start: date = date(2026, 11, 2),
) -> PlacementStarted:
    return PlacementStarted(
        participant_ref=ref,
        placement_id=placement_id,
        opportunity_id=uuid.uuid4(),
        provider_id=provider_id,
        provider_kind=ProviderKind.NON_PROFIT,
        municipality_key=MUNICIPALITY,
        legal_basis=legal_basis,
        start_date=start,
        hours_per_week=Decimal("20"),
        category=OpportunityCategory.FOOD_BANK,
    )


def hours(
    start: PlacementStarted,
    work_date: date,
    minutes: int,
    entry_id: uuid.UUID | None = None,
) -> HoursLogged:
    return HoursLogged(
        participant_ref=start.participant_ref,
        entry_id=entry_id or uuid.uuid4(),
        placement_id=start.placement_id,
        provider_id=start.provider_id,
        work_date=work_date,
        worked_minutes=minutes,
    )


def corrected(
    entry: HoursLogged, minutes: int, correction_id: uuid.UUID | None = None
) -> HoursCorrected:
    """A correction of `entry` to `minutes` (0 withdraws it)."""
    return HoursCorrected(
        participant_ref=entry.participant_ref,
        correction_id=correction_id or uuid.uuid4(),
        entry_id=entry.entry_id,
        placement_id=entry.placement_id,
        provider_id=entry.provider_id,
        work_date=entry.work_date,
        worked_minutes=minutes,
    )


def envelope(event: Event) -> Envelope:
    return envelope_for(event)


def sample(registry: CollectorRegistry, name: str, **labels: str) -> float:
    value = registry.get_sample_value(name, labels)
    return 0.0 if value is None else value


def auth(secret: str, subject: str = "t", role: str = "coordinator", scope: str = "*") -> dict:
    """Authorization header of a development token."""
    from chassis.auth import Principal, Role, issue_dev_token

    token = issue_dev_token(Principal(subject=subject, role=Role(role), scope=scope), secret)
    return {"Authorization": f"Bearer {token}"}
