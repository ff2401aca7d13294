"""Response bodies of the REST API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from gemeinwerk_contracts.vocabulary import (
    EndReason,
    JustificationCategory,
    LegalBasis,
    OpportunityCategory,
    ProviderKind,
    RefusalKind,
)
from pydantic import BaseModel, ConfigDict, Field

from placement.domain.models import Opportunity, Placement
from placement.store.sanctions import LegalNotice


class View(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class AddressView(View):
    street: str
    postal_code: str
    city: str


class ProviderView(View):
    id: str
    name: str
    kind: ProviderKind
    municipality_key: str
    created_at: datetime
    status: Literal["pending", "approved"]
    for_profit: bool
    approved_at: datetime | None
    contact_name: str | None = None
    email: str | None = None
    postal_address: AddressView | None = None


class OpportunityView(View):
    id: str
    provider_id: str
    title: str
    description: str | None
    category: OpportunityCategory
    municipality_key: str
    places: int
    free_places: int
    hours_per_week: Decimal
    legal_bases: list[LegalBasis]
    start_date: date | None
    end_date: date | None
    language_requirement: str | None
    created_at: datetime
    status: Literal["draft", "open", "closed"]
    site_address: AddressView | None
    reporting_instructions: str | None
    attestations: AttestationsView | None
    closed_date: date | None

    @classmethod
    def of(cls, opportunity: Opportunity, free_places: int) -> OpportunityView:
        data = {**opportunity.__dict__, "legal_bases": list(opportunity.legal_bases)}
        return cls.model_validate({**data, "free_places": free_places})


class AttestationsView(View):
    """§ 16d SGB II attestations, with who attested them and when."""

    additional: bool
    public_interest: bool
    competition_neutral: bool
    attested_by: str
    attested_at: datetime


class ParticipantView(View):
    id: str
    participant_ref: str
    given_name: str
    family_name: str
    birth_date: date | None
    preferred_language: str
    email: str | None
    postal_address: AddressView | None
    municipality_key: str
    legal_basis: LegalBasis
    registered_at: datetime
    able_to_work: bool
    currently_employed: bool
    preferred_categories: list[OpportunityCategory]


class PlacementView(View):
    id: str
    participant_id: str
    opportunity_id: str
    start_date: date
    hours_per_week: Decimal
    end_date: date | None
    end_reason: EndReason | None
    status: Literal["proposed", "started", "ended", "refused", "no_show"]
    created_at: datetime
    planned_end_date: date | None
    reporting_instructions: str | None
    proposed_date: date | None

    @classmethod
    def of(cls, placement: Placement) -> PlacementView:
        return cls.model_validate(placement.__dict__)


class LegalNoticeView(BaseModel):
    """Whether the Zuweisung with its Rechtsfolgenbelehrung reached the participant: only then
    can an unjustified refusal lead to a sanction proposal."""

    delivered: bool
    notice_id: str | None = None
    channel: str | None = Field(default=None, description="email, or letter (handed to print).")
    delivered_at: datetime | None = None

    @classmethod
    def of(cls, notice: LegalNotice | None) -> LegalNoticeView:
        if notice is None:
            return cls(delivered=False)
        return cls(
            delivered=True,
            notice_id=notice.notice_id,
            channel=notice.channel,
            delivered_at=notice.delivered_at,
        )


class PlacementList(BaseModel):
    items: list[PlacementView]


class HoursEntryView(View):
    id: str
    placement_id: str
    work_date: date
    worked_minutes: int
    logged_at: datetime


class BatchAccepted(BaseModel):
    accepted: int


class RefusalView(View):
    id: str
    participant_id: str
    placement_id: str | None
    opportunity_id: str | None
    kind: RefusalKind
    refusal_date: date
    justified: bool
    justification_category: JustificationCategory | None
    legal_notice_given: bool
    recorded_at: datetime


class ErrorItem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ErrorResponse(BaseModel):
    """The body of 4xx answers: what is wrong, and where (the same shape as FastAPI's 422)."""

    detail: list[ErrorItem] | str


ERRORS: dict[int | str, dict[str, object]] = {
    code: {"model": ErrorResponse, "description": text}
    for code, text in (
        (403, "Keine Berechtigung"),
        (404, "Nicht gefunden"),
        (409, "Konflikt mit dem aktuellen Stand"),
        (422, "Ungültige Eingabe oder verletzte Regel (Feld in `loc`)"),
    )
}
