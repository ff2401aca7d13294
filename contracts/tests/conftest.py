"""Valid example events, one per type, for the contract tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

import pytest
from gemeinwerk_contracts import (
    AllowanceStatementIssued,
    AssignmentIssued,
    Event,
    HoursCorrected,
    HoursLogged,
    NoticeDelivered,
    NoticeFailed,
    OpportunityChanged,
    OpportunityClosed,
    OpportunityPublished,
    ParticipantDetailsChanged,
    ParticipantObligationChanged,
    ParticipantRegistered,
    PaymentRunCompleted,
    PlacementEnded,
    PlacementProposed,
    PlacementStarted,
    PostalAddress,
    ProviderContactRecorded,
    RefusalRecorded,
    SanctionDecided,
    SanctionEnded,
    SanctionProposed,
    SanctionWaived,
)
from gemeinwerk_contracts.events import NoticeChannel, NoticeFailureReason
from gemeinwerk_contracts.vocabulary import (
    EndReason,
    JustificationCategory,
    LegalBasis,
    OpportunityCategory,
    PaymentPayer,
    ProviderKind,
    RefusalKind,
    SanctionEndReason,
    SanctionRule,
    SanctionWaiverReason,
)

PARTICIPANT = UUID("6f1c8d2e-6b1a-4d59-9a57-0c2f3e1d7a10")
PLACEMENT = UUID("0b6f8a4e-2c3d-4e5f-8a9b-1c2d3e4f5a6b")
OPPORTUNITY = UUID("9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a")
PROVIDER = UUID("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d")
SANCTION = UUID("8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0db4")
REFUSAL = UUID("3c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f")
SITE = PostalAddress(street="Am Gografenhof 4", postal_code="49186", city="Bad Iburg")


def _opportunity_state() -> dict[str, object]:
    return {
        "opportunity_id": OPPORTUNITY,
        "provider_id": PROVIDER,
        "provider_kind": ProviderKind.MUNICIPAL,
        "municipality_key": "03459004",
        "category": OpportunityCategory.GREEN_SPACE_CARE,
        "places": 4,
        "hours_per_week": Decimal("20"),
        "start_date": date(2024, 3, 1),
        "end_date": date(2024, 12, 31),
        "legal_bases": [LegalBasis.ASYLBLG_5, LegalBasis.SGB2_16D],
        "language_requirement": None,
        "effective_date": date(2024, 2, 15),
    }


def example_events() -> list[Event]:
    return [
        OpportunityPublished.model_validate(_opportunity_state()),
        OpportunityChanged.model_validate({**_opportunity_state(), "places": 6}),
        OpportunityClosed(opportunity_id=OPPORTUNITY, closed_date=date(2024, 12, 31)),
        ParticipantObligationChanged(
            participant_ref=PARTICIPANT,
            obliged=True,
            legal_basis=LegalBasis.ASYLBLG_5,
            municipality_key="03459004",
            effective_date=date(2024, 2, 1),
        ),
        PlacementProposed(
            participant_ref=PARTICIPANT,
            placement_id=PLACEMENT,
            opportunity_id=OPPORTUNITY,
            provider_id=PROVIDER,
            provider_kind=ProviderKind.MUNICIPAL,
            municipality_key="03459004",
            legal_basis=LegalBasis.ASYLBLG_5,
            category=OpportunityCategory.GREEN_SPACE_CARE,
            hours_per_week=Decimal("20"),
            start_date=date(2024, 3, 4),
            proposed_date=date(2024, 2, 20),
        ),
        AssignmentIssued(
            participant_ref=PARTICIPANT,
            placement_id=PLACEMENT,
            opportunity_id=OPPORTUNITY,
            provider_id=PROVIDER,
            provider_name="Stadt Bad Iburg, Bauhof",
            legal_basis=LegalBasis.ASYLBLG_5,
            category=OpportunityCategory.GREEN_SPACE_CARE,
            work_description="Pflege der Grünanlagen am Schlossberg",
            site_address=SITE,
            reporting_instructions="Montag, 8:00 Uhr, beim Bauhofleiter im Büro",
            hours_per_week=Decimal("20"),
            start_date=date(2024, 3, 4),
            issued_date=date(2024, 2, 20),
        ),
        ProviderContactRecorded(
            provider_id=PROVIDER,
            provider_name="Stadt Bad Iburg, Bauhof",
            provider_kind=ProviderKind.MUNICIPAL,
            municipality_key="03459004",
            contact_name="Bauhofleitung",
            email="bauhof@bad-iburg.example",
            postal_address=SITE,
        ),
        SanctionProposed(
            sanction_id=SANCTION,
            participant_ref=PARTICIPANT,
            refusal_id=REFUSAL,
            placement_id=PLACEMENT,
            legal_basis=LegalBasis.SGB2_16D,
            rule=SanctionRule.SGB2_31A,
            rule_valid_from=date(2023, 1, 1),
            breach_number=2,
            reduction_percent=20,
            duration_months=2,
            legal_notice_id=UUID("6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b92"),
            proposed_date=date(2024, 3, 8),
        ),
        SanctionDecided(
            sanction_id=SANCTION,
            participant_ref=PARTICIPANT,
            rule=SanctionRule.SGB2_31A,
            reduction_percent=20,
            effective_from=date(2024, 4, 1),
            effective_until=date(2024, 5, 31),
            hearing_date=date(2024, 3, 20),
            decided_date=date(2024, 3, 25),
        ),
        SanctionWaived(
            sanction_id=SANCTION,
            participant_ref=PARTICIPANT,
            reason=SanctionWaiverReason.JUSTIFIED_AT_HEARING,
            waived_date=date(2024, 3, 25),
        ),
        SanctionEnded(
            sanction_id=SANCTION,
            participant_ref=PARTICIPANT,
            reason=SanctionEndReason.WORK_TAKEN_UP,
            end_date=date(2024, 4, 15),
        ),
        PaymentRunCompleted(
            payment_run_id=UUID("9c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1ec5"),
            month="2024-03",
            payer=PaymentPayer.DISTRICT,
            payments=12,
            paid_cents=31_240,
            carried_over_cents=260,
            completed_at=datetime(2024, 4, 5, 10, 0, tzinfo=UTC),
        ),
        ParticipantDetailsChanged(
            participant_ref=PARTICIPANT,
            given_name="Amal",
            family_name="Haddad",
            preferred_language="ar",
            email=None,
            postal_address=PostalAddress(
                street="Schloßstraße 1", postal_code="49186", city="Bad Iburg"
            ),
            municipality_key="03459004",
            legal_basis=LegalBasis.ASYLBLG_5,
        ),
        PlacementStarted(
            participant_ref=PARTICIPANT,
            placement_id=PLACEMENT,
            opportunity_id=OPPORTUNITY,
            provider_id=PROVIDER,
            provider_kind=ProviderKind.NON_PROFIT,
            municipality_key="03459004",
            legal_basis=LegalBasis.ASYLBLG_5,
            start_date=date(2024, 3, 4),
            hours_per_week=Decimal("20.5"),
            category=OpportunityCategory.FOOD_BANK,
        ),
        PlacementEnded(
            participant_ref=PARTICIPANT,
            placement_id=PLACEMENT,
            end_date=date(2024, 8, 30),
            reason=EndReason.REGULAR_EMPLOYMENT,
        ),
        HoursLogged(
            participant_ref=PARTICIPANT,
            entry_id=UUID("2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e"),
            placement_id=PLACEMENT,
            provider_id=PROVIDER,
            work_date=date(2024, 3, 5),
            worked_minutes=195,
        ),
        RefusalRecorded(
            participant_ref=PARTICIPANT,
            refusal_id=REFUSAL,
            opportunity_id=OPPORTUNITY,
            kind=RefusalKind.REFUSED,
            refusal_date=date(2024, 2, 20),
            justified=True,
            justification_category=JustificationCategory.CARING_FOR_RELATIVES,
            legal_notice_given=True,
        ),
        HoursCorrected(
            participant_ref=PARTICIPANT,
            correction_id=UUID("4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f70"),
            entry_id=UUID("2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e"),
            placement_id=PLACEMENT,
            provider_id=PROVIDER,
            work_date=date(2024, 3, 5),
            worked_minutes=0,
        ),
        AllowanceStatementIssued(
            statement_id=UUID("5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a81"),
            participant_ref=PARTICIPANT,
            month="2024-03",
            total_cents=260,
            worked_minutes=195,
            lines=1,
        ),
        NoticeDelivered(
            notice_id=UUID("6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b92"),
            notice_type="placement_started",
            participant_ref=PARTICIPANT,
            placement_id=PLACEMENT,
            channel=NoticeChannel.EMAIL,
            delivery_sequence=0,
            delivered_at=datetime(2024, 3, 1, 9, 30, tzinfo=UTC),
        ),
        NoticeFailed(
            notice_id=UUID("7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9ca3"),
            notice_type="placement_started",
            participant_ref=PARTICIPANT,
            placement_id=PLACEMENT,
            channel=NoticeChannel.LETTER,
            attempts=0,
            reason=NoticeFailureReason.NO_CHANNEL,
            failed_at=datetime(2024, 3, 1, 9, 30, tzinfo=UTC),
        ),
        ParticipantRegistered(
            participant_ref=PARTICIPANT,
            given_name="Amal",
            family_name="Haddad",
            preferred_language="ar",
            email="amal.haddad@example.org",
            postal_address=PostalAddress(
                street="Am Kurpark 3", postal_code="49186", city="Bad Iburg"
            ),
            municipality_key="03459004",
            legal_basis=LegalBasis.ASYLBLG_5,
        ),
    ]


@pytest.fixture
def all_events() -> list[Event]:
    """One valid example of every event type."""
    return example_events()


@pytest.fixture(params=example_events(), ids=lambda event: event.TYPE)
def event(request: pytest.FixtureRequest) -> Event:
    """One valid example of each event type."""
    result: Event = request.param
    return result
