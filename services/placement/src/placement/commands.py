"""Inputs of the use cases; they double as the request bodies of the REST API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from gemeinwerk_contracts import PostalAddress
from gemeinwerk_contracts.events.placement import MunicipalityKey
from gemeinwerk_contracts.vocabulary import (
    EndReason,
    JustificationCategory,
    LegalBasis,
    OpportunityCategory,
    ProviderKind,
    RefusalKind,
)
from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field

MAX_BATCH_ENTRIES = 5000

HoursPerWeek = Annotated[
    Decimal,
    Field(gt=0, le=40, max_digits=4, decimal_places=2, description="Hours per week, e.g. 20.5."),
    AfterValidator(lambda hours: hours.quantize(Decimal("0.01"))),
]
WorkedMinutes = Annotated[
    int, Field(ge=1, le=1440, description="Minutes worked that day (integer, 1–1440).")
]


class Command(BaseModel):
    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)


class RegisterProvider(Command):
    """Register a provider (Träger) approved by the district."""

    name: str = Field(min_length=1, max_length=200)
    kind: ProviderKind
    municipality_key: MunicipalityKey


class CreateOpportunity(Command):
    """Offer an opportunity (Arbeitsgelegenheit) with a number of places."""

    provider_id: UUID
    title: str = Field(min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=4000)
    category: OpportunityCategory
    municipality_key: MunicipalityKey
    places: int = Field(ge=1, le=10_000)
    hours_per_week: HoursPerWeek
    legal_bases: list[LegalBasis] = Field(min_length=1, description="Statutes it is open for.")
    start_date: date | None = None
    end_date: date | None = None


class RegisterParticipant(Command):
    """Register a participant (Leistungsberechtigte/r)."""

    given_name: str = Field(min_length=1, max_length=100)
    family_name: str = Field(min_length=1, max_length=100)
    birth_date: date | None = None
    preferred_language: str = Field(
        default="de", pattern=r"^[a-z]{2,3}$", description="ISO 639 code, e.g. de, ar, fa."
    )
    email: EmailStr | None = None
    postal_address: PostalAddress | None = None
    municipality_key: MunicipalityKey
    legal_basis: LegalBasis


class StartPlacement(Command):
    """Place a participant in an opportunity (the start is confirmed)."""

    participant_id: UUID
    opportunity_id: UUID
    start_date: date
    hours_per_week: HoursPerWeek | None = Field(
        default=None, description="Agreed extent; default: the opportunity's hours per week."
    )


class LogHours(Command):
    """Log the minutes worked on one day."""

    work_date: date
    worked_minutes: WorkedMinutes


class HoursBatchEntry(LogHours):
    placement_id: UUID


class LogHoursBatch(Command):
    """Many days at once (e.g. a monthly sheet): all entries are applied, or none."""

    entries: list[HoursBatchEntry] = Field(min_length=1, max_length=MAX_BATCH_ENTRIES)


class EndPlacement(Command):
    """End a placement."""

    end_date: date = Field(description="Last day of the placement.")
    reason: EndReason


class RecordRefusal(Command):
    """Record a refusal, a no-show or a breaking off."""

    participant_id: UUID
    placement_id: UUID | None = None
    opportunity_id: UUID | None = None
    kind: RefusalKind
    refusal_date: date
    justified: bool = Field(description="Whether a wichtiger Grund was accepted.")
    justification_category: JustificationCategory | None = None
    legal_notice_given: bool = Field(description="Written Rechtsfolgenbelehrung given before.")
