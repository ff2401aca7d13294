"""Sanction events (version 1): proposed by the system, decided by a person.

On the public placement topic, keyed by participant, so a sanction's events stay in order
with the refusal and the placements of the same person.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar
from uuid import UUID

from pydantic import Field, model_validator

from gemeinwerk_contracts.events.base import Event
from gemeinwerk_contracts.events.placement import ParticipantRef
from gemeinwerk_contracts.topics import PLACEMENT_PUBLIC
from gemeinwerk_contracts.vocabulary import (
    LegalBasis,
    SanctionEndReason,
    SanctionRule,
    SanctionWaiverReason,
)


class _SanctionEvent(Event):
    TOPIC: ClassVar[str] = PLACEMENT_PUBLIC
    SOURCE: ClassVar[str] = "/placement"

    sanction_id: UUID
    participant_ref: ParticipantRef

    def partition_key(self) -> str:
        return str(self.participant_ref)


class SanctionProposed(_SanctionEvent):
    """An unjustified refusal after a delivered legal notice: a sanction is proposed.

    States the rule applied; a case worker holds a hearing and decides.
    """

    TYPE: ClassVar[str] = "de.gemeinwerk.placement.sanction-proposed.v1"

    refusal_id: UUID
    placement_id: UUID | None = None
    legal_basis: LegalBasis
    rule: SanctionRule
    rule_valid_from: date = Field(description="Valid-from date of the policy version applied.")
    breach_number: int = Field(
        ge=1, description="Breaches within the look-back window, this one included."
    )
    reduction_percent: int | None = Field(
        default=None,
        ge=1,
        le=100,
        description="Reduction of the Regelbedarf in percent (sgb2_31a); none for asylblg_1a.",
    )
    duration_months: int = Field(ge=1, le=6)
    legal_notice_id: UUID = Field(description="The delivered notice with the legal notice.")
    proposed_date: date

    @model_validator(mode="after")
    def _consistent(self) -> SanctionProposed:
        if (self.rule is SanctionRule.SGB2_31A) != (self.reduction_percent is not None):
            raise ValueError("reduction_percent is required exactly for sgb2_31a")
        return self


class SanctionDecided(_SanctionEvent):
    """A case worker decided the proposed sanction after the hearing."""

    TYPE: ClassVar[str] = "de.gemeinwerk.placement.sanction-decided.v1"

    rule: SanctionRule
    reduction_percent: int | None = Field(default=None, ge=1, le=100)
    effective_from: date
    effective_until: date
    hearing_date: date | None = Field(default=None, description="Day of the Anhörung.")
    decided_date: date

    @model_validator(mode="after")
    def _period(self) -> SanctionDecided:
        if self.effective_until < self.effective_from:
            raise ValueError("effective_until must not be before effective_from")
        return self


class SanctionWaived(_SanctionEvent):
    """A case worker decided against the proposed sanction."""

    TYPE: ClassVar[str] = "de.gemeinwerk.placement.sanction-waived.v1"

    reason: SanctionWaiverReason
    waived_date: date


class SanctionEnded(_SanctionEvent):
    """A decided sanction ended before its planned end (e.g. the work was taken up)."""

    TYPE: ClassVar[str] = "de.gemeinwerk.placement.sanction-ended.v1"

    reason: SanctionEndReason
    end_date: date
