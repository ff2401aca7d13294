"""Internal placement events (version 1): the particulars notices need.

Work-site addresses, directions and providers' contact people are no business of other
agencies, so they travel on `gemeinwerk.internal.placement.v1` only.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar
from uuid import UUID

from pydantic import EmailStr, Field

from gemeinwerk_contracts.envelope import DataClassification
from gemeinwerk_contracts.events.base import Event
from gemeinwerk_contracts.events.participant import PostalAddress
from gemeinwerk_contracts.events.placement import (
    HoursPerWeek,
    MunicipalityKey,
    ParticipantRef,
)
from gemeinwerk_contracts.topics import PLACEMENT_INTERNAL
from gemeinwerk_contracts.vocabulary import LegalBasis, OpportunityCategory, ProviderKind


class AssignmentIssued(Event):
    """The particulars of a Zuweisung, for the letter: type, place, extent, start, where to
    report. Published with PlacementProposed in the same transaction."""

    TYPE: ClassVar[str] = "de.gemeinwerk.placement.assignment-issued.v1"
    TOPIC: ClassVar[str] = PLACEMENT_INTERNAL
    SOURCE: ClassVar[str] = "/placement"
    CLASSIFICATION: ClassVar[DataClassification] = DataClassification.PERSONAL

    participant_ref: ParticipantRef
    placement_id: UUID
    opportunity_id: UUID
    provider_id: UUID
    provider_name: str = Field(min_length=1, max_length=200, description="The Träger.")
    legal_basis: LegalBasis
    category: OpportunityCategory
    work_description: str = Field(min_length=1, max_length=2000, description="Type of work.")
    site_address: PostalAddress = Field(description="Where the work is done.")
    reporting_instructions: str = Field(
        min_length=1, max_length=1000, description="Where, when and to whom to report."
    )
    hours_per_week: HoursPerWeek
    start_date: date
    end_date: date | None = None
    issued_date: date

    def partition_key(self) -> str:
        return str(self.participant_ref)


class ProviderContactRecorded(Event):
    """A provider was approved or changed its contact data (for provider notices)."""

    TYPE: ClassVar[str] = "de.gemeinwerk.placement.provider-contact-recorded.v1"
    TOPIC: ClassVar[str] = PLACEMENT_INTERNAL
    SOURCE: ClassVar[str] = "/placement"
    CLASSIFICATION: ClassVar[DataClassification] = DataClassification.PERSONAL

    provider_id: UUID
    provider_name: str = Field(min_length=1, max_length=200)
    provider_kind: ProviderKind
    municipality_key: MunicipalityKey
    contact_name: str | None = Field(default=None, max_length=200)
    email: EmailStr | None = None
    postal_address: PostalAddress | None = None

    def partition_key(self) -> str:
        return str(self.provider_id)
