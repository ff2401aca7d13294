"""Events of the placement service (version 1)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, ClassVar
from uuid import UUID

from pydantic import Field, model_validator

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
