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
    """Register a provider (Träger); it starts pending until a coordinator approves it."""

    name: str = Field(min_length=1, max_length=200)
    kind: ProviderKind
    municipality_key: MunicipalityKey
    for_profit: bool = Field(
        default=False, description="A private for-profit firm (excluded from § 5 AsylbLG work)."
    )
    contact_name: str | None = Field(default=None, min_length=1, max_length=200)
    email: EmailStr | None = None
    postal_address: PostalAddress | None = None


class UpdateProviderContact(Command):
    """Change a provider's contact data; only the fields sent change (null clears one)."""

    contact_name: str | None = Field(default=None, min_length=1, max_length=200)
    email: EmailStr | None = None
    postal_address: PostalAddress | None = None


class AttestationsInput(Command):
    """§ 16d SGB II: the work is zusätzlich, im öffentlichen Interesse, wettbewerbsneutral."""

    additional: bool = Field(description="Zusätzlich.")
    public_interest: bool = Field(description="Im öffentlichen Interesse.")
    competition_neutral: bool = Field(description="Wettbewerbsneutral.")


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
    language_requirement: str | None = Field(
        default=None,
        pattern=r"^[a-z]{2,3}$",
        description="ISO 639 code of a language the work needs, e.g. de.",
    )
    site_address: PostalAddress | None = Field(
        default=None, description="Work site (Einsatzort); needed to publish."
    )
    reporting_instructions: str | None = Field(
        default=None,
        min_length=1,
        max_length=1000,
        description="Wo und wann melden (default for the Zuweisung letter); needed to publish.",
    )
    attestations: AttestationsInput | None = Field(
        default=None, description="§ 16d SGB II attestations; needed to publish sgb2_16d work."
    )


class UpdateOpportunity(Command):
    """Change a draft or open opportunity; only the fields sent change (null clears an
    optional one). An open opportunity publishes OpportunityChanged with its whole state."""

    title: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=4000)
    places: int | None = Field(default=None, ge=1, le=10_000)
    hours_per_week: HoursPerWeek | None = None
    start_date: date | None = None
    end_date: date | None = None
    language_requirement: str | None = Field(default=None, pattern=r"^[a-z]{2,3}$")
    site_address: PostalAddress | None = None
    reporting_instructions: str | None = Field(default=None, min_length=1, max_length=1000)
    attestations: AttestationsInput | None = None


class CloseOpportunity(Command):
    """Close an open opportunity: no new Zuweisungen; running placements go on."""

    closed_date: date | None = Field(default=None, description="Default: today.")


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
    able_to_work: bool = Field(default=True, description="Arbeitsfähig.")
    currently_employed: bool = Field(default=False, description="Erwerbstätig.")
    preferred_categories: list[OpportunityCategory] = Field(
        default_factory=list, max_length=20, description="Preferred kinds of work (matching)."
    )


class AddExemption(Command):
    """Record a wichtiger Grund that exempts a participant from the duty to work."""

    category: JustificationCategory
    valid_from: date
    valid_until: date | None = Field(default=None, description="Last valid day; open if absent.")


class UpdateParticipant(Command):
    """Change a participant's master data; only the fields sent change (null clears email
    or postal_address)."""

    preferred_language: str | None = Field(default=None, pattern=r"^[a-z]{2,3}$")
    email: EmailStr | None = None
    postal_address: PostalAddress | None = None
    municipality_key: MunicipalityKey | None = None
    able_to_work: bool | None = None
    currently_employed: bool | None = None


class ProposePlacement(Command):
    """Issue a Zuweisung: assign a participant to an opportunity (proposed until the provider
    confirms the start)."""

    participant_id: UUID
    opportunity_id: UUID
    start_date: date = Field(description="Planned first day of work.")
    end_date: date | None = Field(default=None, description="Planned last day; open if absent.")
    hours_per_week: HoursPerWeek | None = Field(
        default=None, description="Agreed extent; default: the opportunity's hours per week."
    )
    reporting_instructions: str | None = Field(
        default=None,
        min_length=1,
        max_length=1000,
        description="Wo und wann melden; default: the opportunity's instructions.",
    )


class ConfirmStart(Command):
    """The provider confirms that the participant started."""

    start_date: date | None = Field(default=None, description="Actual first day; default planned.")


class RecordSgb2Recheck(Command):
    """A documented re-check that allows § 16d assignments beyond the months limit."""

    decided_on: date
    note: str | None = Field(default=None, max_length=1000, description="Internal note.")


class AddSgb2MonthsPolicy(Command):
    """A new version of the § 16d limit, in force from `valid_from` until the next version."""

    valid_from: date
    months_limit: int = Field(ge=1, le=120, description="Most months of assignments.")
    window_years: int = Field(ge=1, le=20, description="Within this many years of the first.")


class LogHours(Command):
    """Log the minutes worked on one day."""

    work_date: date
    worked_minutes: WorkedMinutes


class CorrectHours(Command):
    """Correct the minutes of a logged day, or withdraw them (0); a new booking, never an edit."""

    worked_minutes: int = Field(
        ge=0, le=1440, description="Minutes worked that day after the correction; 0 withdraws."
    )
    reason: str | None = Field(
        default=None,
        max_length=200,
        description="Short internal note (German), e.g. 'Tippfehler'; never published.",
    )


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


class AddHoursPolicy(Command):
    """A new version of the hour limits, in force from `valid_from` until the next version."""

    valid_from: date
    daily_limit_minutes: int = Field(ge=1, le=1440, description="Most minutes per day.")
    weekly_limit_minutes: int = Field(ge=1, le=10080, description="Per ISO week (Mon–Sun).")
    monthly_limit_minutes: int = Field(ge=1, le=44640, description="Per calendar month.")


class AddDutyPolicy(Command):
    """A new version of the duty age, in force from `valid_from` until the next version."""

    valid_from: date
    min_age_years: int = Field(ge=14, le=99, description="Past school age from this age.")
