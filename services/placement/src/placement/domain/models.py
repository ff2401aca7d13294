"""What the placement service keeps: plain, immutable records (no persistence concerns)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from gemeinwerk_contracts.vocabulary import (
    EndReason,
    JustificationCategory,
    LegalBasis,
    OpportunityCategory,
    ProviderKind,
    RefusalKind,
)


@dataclass(frozen=True)
class Address:
    street: str
    postal_code: str
    city: str


@dataclass(frozen=True)
class Provider:
    """A Träger; it may publish opportunities once the district has approved it."""

    id: str
    name: str
    kind: ProviderKind
    municipality_key: str
    created_at: datetime
    status: str = "pending"
    for_profit: bool = False
    approved_at: datetime | None = None
    contact_name: str | None = None
    email: str | None = None
    postal_address: Address | None = None

    @property
    def approved(self) -> bool:
        return self.status == "approved"


@dataclass(frozen=True)
class Opportunity:
    """An Arbeitsgelegenheit with a number of places."""

    id: str
    provider_id: str
    title: str
    description: str | None
    category: OpportunityCategory
    municipality_key: str
    places: int
    hours_per_week: Decimal
    legal_bases: tuple[LegalBasis, ...]
    start_date: date | None
    end_date: date | None
    created_at: datetime
    language_requirement: str | None = None
    status: str = "open"
    site_address: Address | None = None
    reporting_instructions: str | None = None
    attestations: Attestations | None = None
    closed_date: date | None = None


@dataclass(frozen=True)
class Attestations:
    """§ 16d SGB II: the work is zusätzlich, im öffentlichen Interesse and wettbewerbsneutral;
    attested per opportunity by a person at a time."""

    additional: bool
    public_interest: bool
    competition_neutral: bool
    attested_by: str
    attested_at: datetime


@dataclass(frozen=True)
class Participant:
    """A Leistungsberechtigte/r. `participant_ref` is the pseudonym used on public topics."""

    id: str
    participant_ref: str
    given_name: str
    family_name: str
    birth_date: date | None
    preferred_language: str
    email: str | None
    postal_address: Address | None
    municipality_key: str
    legal_basis: LegalBasis
    registered_at: datetime
    able_to_work: bool = True
    currently_employed: bool = False
    preferred_categories: tuple[OpportunityCategory, ...] = ()


@dataclass(frozen=True)
class Exemption:
    """A recorded wichtiger Grund of a participant, valid from `valid_from` to `valid_until`."""

    id: str
    participant_id: str
    category: JustificationCategory
    valid_from: date
    valid_until: date | None
    recorded_at: datetime


@dataclass(frozen=True)
class Placement:
    """A Zuweisung of a participant to an opportunity: proposed → started → ended, or
    proposed → refused / no_show / ended (cancelled). Ended once `end_reason` is set."""

    id: str
    participant_id: str
    opportunity_id: str
    start_date: date
    hours_per_week: Decimal
    end_date: date | None
    end_reason: EndReason | None
    created_at: datetime
    status: str = "started"
    planned_end_date: date | None = None
    reporting_instructions: str | None = None
    proposed_date: date | None = None
    started: bool = True
    """Whether the start was confirmed (also after the placement ended)."""

    @property
    def ended(self) -> bool:
        return self.end_reason is not None


@dataclass(frozen=True)
class HoursEntry:
    """The minutes worked in one placement on one day."""

    id: str
    placement_id: str
    work_date: date
    worked_minutes: int
    logged_at: datetime


@dataclass(frozen=True)
class Refusal:
    """A refusal, no-show or breaking off, as recorded by a case worker."""

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
