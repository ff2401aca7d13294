"""Sample facts of every notice type and template variant (shared by the notification tests)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from gemeinwerk_contracts.vocabulary import (
    EndReason,
    LegalBasis,
    OpportunityCategory,
    RefusalKind,
    SanctionRule,
    SanctionWaiverReason,
)
from notification.domain.notices import NoticeType
from notification.domain.placement_notice import PlacementFacts
from notification.domain.recipients import PostalAddress, Recipient

PLACEMENT = "0b6f8a4e-2c3d-4e5f-8a9b-1c2d3e4f5a6b"
PROVIDER = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
SANCTION = "7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
PARTICIPANT = "6f1c8d2e-6b1a-4d59-9a57-0c2f3e1d7a10"

AMAL = Recipient(
    participant_ref=PARTICIPANT,
    given_name="Amal",
    family_name="Haddad",
    preferred_language="ar",
    email="amal.haddad@example.org",
    postal_address=PostalAddress("Am Markt 3", "49186", "Bad Iburg"),
    municipality_key="03459004",
    legal_basis="asylblg_5",
)
TAFEL = Recipient(
    participant_ref="",
    given_name="Petra Lange",
    family_name="",
    preferred_language="de",
    email="lange@tafel-iburg.example.org",
    postal_address=PostalAddress("Schlossstraße 9", "49186", "Bad Iburg"),
    municipality_key="03459004",
    legal_basis="",
    organisation="Tafel Bad Iburg e. V.",
)


def placement_facts(
    category: OpportunityCategory = OpportunityCategory.FOOD_BANK,
    legal_basis: LegalBasis = LegalBasis.ASYLBLG_5,
) -> dict[str, str]:
    return PlacementFacts(
        placement_id=PLACEMENT,
        opportunity_id="9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a",
        provider_id=PROVIDER,
        municipality_key="03459004",
        legal_basis=legal_basis,
        category=category,
        start_date=date(2026, 11, 2),
        hours_per_week=Decimal("20.5"),
    ).to_json()


def assignment_facts(
    legal_basis: LegalBasis = LegalBasis.ASYLBLG_5,
    category: OpportunityCategory = OpportunityCategory.FOOD_BANK,
    end_date: str = "2027-04-30",
) -> dict[str, str]:
    return {
        "placement_id": PLACEMENT,
        "opportunity_id": "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a",
        "provider_id": PROVIDER,
        "provider_name": "Tafel Bad Iburg e. V.",
        "legal_basis": legal_basis.value,
        "category": category.value,
        "work_description": "Sortieren und Ausgeben von Lebensmitteln",
        "site_street": "Schlossstraße 9",
        "site_postal_code": "49186",
        "site_city": "Bad Iburg",
        "reporting_instructions": "Montag 8:30 Uhr bei Frau Lange im Lager, Eingang Hofseite",
        "hours_per_week": "20.5",
        "start_date": "2026-11-02",
        "end_date": end_date,
        "issued_date": "2026-10-20",
    }


def hearing_facts(
    rule: SanctionRule = SanctionRule.ASYLBLG_1A, refusal: RefusalKind | None = RefusalKind.NO_SHOW
) -> dict[str, str]:
    sgb = rule is SanctionRule.SGB2_31A
    return {
        "refusal_kind": refusal.value if refusal else "",
        "refusal_date": "2026-11-18" if refusal else "",
        "sanction_id": SANCTION,
        "participant_ref": PARTICIPANT,
        "refusal_id": "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e",
        "placement_id": PLACEMENT,
        "legal_basis": (LegalBasis.SGB2_16D if sgb else LegalBasis.ASYLBLG_5).value,
        "rule": rule.value,
        "breach_number": "2" if sgb else "1",
        "reduction_percent": "20" if sgb else "",
        "duration_months": "2" if sgb else "6",
        "legal_notice_id": "3c4d5e6f-7a8b-4c9d-8e0f-2a3b4c5d6e7f",
        "proposed_date": "2026-11-20",
        "respond_by": "2026-12-04",
    }


def decision_facts(
    rule: SanctionRule = SanctionRule.ASYLBLG_1A, hearing_date: str = "2026-12-01"
) -> dict[str, str]:
    return {
        "template": "sanction_decision",
        "sanction_id": SANCTION,
        "rule": rule.value,
        "reduction_percent": "20" if rule is SanctionRule.SGB2_31A else "",
        "effective_from": "2027-01-01",
        "effective_until": "2027-02-28",
        "hearing_date": hearing_date,
        "decided_date": "2026-12-10",
    }


def waiver_facts(
    reason: SanctionWaiverReason = SanctionWaiverReason.JUSTIFIED_AT_HEARING,
) -> dict[str, str]:
    return {
        "template": "sanction_waived",
        "sanction_id": SANCTION,
        "reason": reason.value,
        "waived_date": "2026-12-10",
    }


def statement_facts(corrected: str = "2026-09,2026-10") -> dict[str, str]:
    return {
        "statement_id": "4d5e6f7a-8b9c-4d0e-8f1a-3b4c5d6e7f8a",
        "month": "2026-11",
        "total_cents": "123456",
        "worked_minutes": "4530",
        "corrections_cents": "-480" if corrected else "0",
        "corrected_months": corrected,
    }


def ended_facts(reason: EndReason = EndReason.REGULAR_EMPLOYMENT) -> dict[str, str]:
    return {"placement_id": PLACEMENT, "end_date": "2027-03-15", "reason": reason.value}


def reminder_facts(last_work_date: str = "2026-11-20") -> dict[str, str]:
    return {
        "placement_id": PLACEMENT,
        "provider_id": PROVIDER,
        "start_date": "2026-11-02",
        "last_work_date": last_work_date,
        "silent_since": last_work_date or "2026-11-02",
        "days_silent": "14",
        "today": "2026-12-04",
    }


def samples(notice_type: NoticeType) -> list[dict[str, str]]:
    """Facts covering every template folder and every part of a notice type."""
    if notice_type is NoticeType.PLACEMENT_STARTED:
        return [placement_facts(c, b) for c in OpportunityCategory for b in LegalBasis]
    if notice_type is NoticeType.PROVIDER_START_INFO:
        return [placement_facts(c) for c in OpportunityCategory]
    if notice_type is NoticeType.ASSIGNMENT:
        return [
            assignment_facts(b, c, end)
            for b in LegalBasis
            for c in OpportunityCategory
            for end in ("2027-04-30", "")
        ]
    if notice_type in (NoticeType.HEARING, NoticeType.CASE_WORKER_HEARING_INFO):
        return [hearing_facts(r, k) for r in SanctionRule for k in [*RefusalKind, None]]
    if notice_type is NoticeType.SANCTION_DECISION:
        return [decision_facts(r, h) for r in SanctionRule for h in ("2026-12-01", "")] + [
            waiver_facts(r) for r in SanctionWaiverReason
        ]
    if notice_type is NoticeType.ALLOWANCE_STATEMENT:
        return [statement_facts(), statement_facts("")]
    if notice_type is NoticeType.PLACEMENT_ENDED:
        return [ended_facts(r) for r in EndReason]
    return [reminder_facts(), reminder_facts("")]
