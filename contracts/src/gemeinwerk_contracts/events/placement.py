"""Events of the placement service (version 1)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, ClassVar
from uuid import UUID

from pydantic import Field, field_validator, model_validator

from gemeinwerk_contracts.events.base import Event
from gemeinwerk_contracts.topics import PLACEMENT_PUBLIC
from gemeinwerk_contracts.vocabulary import (
    EndReason,
    JustificationCategory,
    LegalBasis,
    OpportunityCategory,
    ProviderKind,
    RefusalKind,
)

MunicipalityKey = Annotated[
    str,
    Field(
        pattern=r"^\d{8}$",
        description="Amtlicher Gemeindeschlüssel (AGS), 8 digits, e.g. 03459004 for Bad Iburg.",
    ),
]
ParticipantRef = Annotated[
    UUID,
    Field(description="Pseudonymous participant reference; reveals nothing about the person."),
]


class _PlacementEvent(Event):
    TOPIC: ClassVar[str] = PLACEMENT_PUBLIC
    SOURCE: ClassVar[str] = "/placement"

    participant_ref: ParticipantRef

    def partition_key(self) -> str:
        return str(self.participant_ref)


HoursPerWeek = Annotated[
    Decimal,
    Field(gt=0, le=40, max_digits=4, decimal_places=2, description="Extent in hours per week."),
]


class _OpportunityState(Event):
    """An opportunity as it stands: the same snapshot in Published and Changed."""

    TOPIC: ClassVar[str] = PLACEMENT_PUBLIC
    SOURCE: ClassVar[str] = "/placement"

    opportunity_id: UUID
    provider_id: UUID
    provider_kind: ProviderKind
    municipality_key: MunicipalityKey
    category: OpportunityCategory
    places: int = Field(ge=1, le=10_000, description="Number of places offered.")
    hours_per_week: HoursPerWeek
    start_date: date = Field(description="First day of the offer's period.")
    end_date: date | None = Field(default=None, description="Last day; none when open-ended.")
    legal_bases: list[LegalBasis] = Field(min_length=1, description="Accepted legal bases.")
    language_requirement: str | None = Field(
        default=None,
        pattern=r"^[a-z]{2,3}$",
        description="ISO 639 code of a language the work requires; none when there is none.",
    )
    effective_date: date = Field(description="Day the publication or change takes effect.")

    @field_validator("legal_bases")
    @classmethod
    def _distinct(cls, value: list[LegalBasis]) -> list[LegalBasis]:
        if len(set(value)) != len(value):
            raise ValueError("legal_bases must be distinct")
        return value

    def partition_key(self) -> str:
        return str(self.opportunity_id)


class OpportunityPublished(_OpportunityState):
    """An approved provider's opportunity went from draft to open."""

    TYPE: ClassVar[str] = "de.gemeinwerk.placement.opportunity-published.v1"


class OpportunityChanged(_OpportunityState):
    """An open opportunity changed (places, extent, period…); carries the whole new state."""

    TYPE: ClassVar[str] = "de.gemeinwerk.placement.opportunity-changed.v1"


class OpportunityClosed(Event):
    """An opportunity was closed: no new assignments; running placements go on."""

    TYPE: ClassVar[str] = "de.gemeinwerk.placement.opportunity-closed.v1"
    TOPIC: ClassVar[str] = PLACEMENT_PUBLIC
    SOURCE: ClassVar[str] = "/placement"

    opportunity_id: UUID
    closed_date: date

    def partition_key(self) -> str:
        return str(self.opportunity_id)


class ParticipantObligationChanged(_PlacementEvent):
    """Whether a participant is obliged to work, first derived or changed. Never the reason."""

    TYPE: ClassVar[str] = "de.gemeinwerk.placement.obligation-changed.v1"

    obliged: bool
    legal_basis: LegalBasis
    municipality_key: MunicipalityKey
    effective_date: date


class PlacementProposed(_PlacementEvent):
    """A case worker issued a Zuweisung; the participant has not started yet.
    The particulars for the letter are in AssignmentIssued on the internal topic."""

    TYPE: ClassVar[str] = "de.gemeinwerk.placement.proposed.v1"

    placement_id: UUID
    opportunity_id: UUID
    provider_id: UUID
    provider_kind: ProviderKind
    municipality_key: MunicipalityKey
    legal_basis: LegalBasis
    category: OpportunityCategory
    hours_per_week: HoursPerWeek
    start_date: date = Field(description="Planned first day of work (Europe/Berlin).")
    end_date: date | None = None
    proposed_date: date = Field(description="Day the Zuweisung was issued.")


class PlacementStarted(_PlacementEvent):
    """A participant started work in an opportunity (the provider confirmed the start)."""

    TYPE: ClassVar[str] = "de.gemeinwerk.placement.started.v1"

    placement_id: UUID = Field(description="Placement (Zuweisung) id.")
    opportunity_id: UUID = Field(description="Opportunity (Arbeitsgelegenheit) id.")
    provider_id: UUID = Field(description="Provider (Träger) id.")
    provider_kind: ProviderKind
    municipality_key: MunicipalityKey
    legal_basis: LegalBasis
    start_date: date = Field(description="First day of work (Europe/Berlin).")
    hours_per_week: Decimal = Field(
        gt=0, le=40, max_digits=4, decimal_places=2, description="Agreed extent in hours per week."
    )
    category: OpportunityCategory


class PlacementEnded(_PlacementEvent):
    """A placement ended."""

    TYPE: ClassVar[str] = "de.gemeinwerk.placement.ended.v1"

    placement_id: UUID
    end_date: date = Field(description="Last day of the placement (Europe/Berlin).")
    reason: EndReason


class HoursLogged(_PlacementEvent):
    """A provider logged the minutes a participant worked on one day."""

    TYPE: ClassVar[str] = "de.gemeinwerk.placement.hours-logged.v1"

    entry_id: UUID = Field(description="Hours entry id; unique per placement and work date.")
    placement_id: UUID
    provider_id: UUID
    work_date: date = Field(description="Day worked (Europe/Berlin).")
    worked_minutes: int = Field(gt=0, le=1440, description="Minutes worked; never a float.")


class HoursCorrected(_PlacementEvent):
    """A provider corrected or withdrew an hours entry. A new fact, never an edit in place:
    consumers reverse what they booked for the entry and book the corrected minutes."""

    TYPE: ClassVar[str] = "de.gemeinwerk.placement.hours-corrected.v1"

    correction_id: UUID = Field(description="Id of this correction; unique.")
    entry_id: UUID = Field(description="The hours entry corrected (from HoursLogged).")
    placement_id: UUID
    provider_id: UUID
    work_date: date = Field(description="Day worked (Europe/Berlin), as in the entry.")
    worked_minutes: int = Field(
        ge=0, le=1440, description="Minutes worked after the correction; 0 withdraws the entry."
    )


class RefusalRecorded(_PlacementEvent):
    """A case worker recorded a refusal, a no-show or a breaking off."""

    TYPE: ClassVar[str] = "de.gemeinwerk.placement.refusal-recorded.v1"

    refusal_id: UUID
    placement_id: UUID | None = Field(default=None, description="Placement refused or broken off.")
    opportunity_id: UUID | None = Field(default=None, description="Opportunity offered.")
    kind: RefusalKind
    refusal_date: date
    justified: bool = Field(description="Whether a wichtiger Grund was accepted.")
    justification_category: JustificationCategory | None = Field(
        default=None, description="Category of the wichtiger Grund; never health details."
    )
    legal_notice_given: bool = Field(
        description="Whether a written Rechtsfolgenbelehrung had been given beforehand."
    )

    @model_validator(mode="after")
    def _consistent(self) -> RefusalRecorded:
        if self.placement_id is None and self.opportunity_id is None:
            raise ValueError("placement_id or opportunity_id is required")
        if self.justified != (self.justification_category is not None):
            raise ValueError("justification_category is required exactly when justified")
        return self
