"""Events of the allowance service (version 1)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar
from uuid import UUID

from pydantic import Field

from gemeinwerk_contracts.events.base import Event
from gemeinwerk_contracts.events.placement import ParticipantRef
from gemeinwerk_contracts.topics import ALLOWANCE_PUBLIC
from gemeinwerk_contracts.vocabulary import PaymentPayer


class AllowanceStatementIssued(Event):
    """A month was closed and a participant's statement issued (frozen from then on)."""

    TYPE: ClassVar[str] = "de.gemeinwerk.allowance.statement-issued.v1"
    TOPIC: ClassVar[str] = ALLOWANCE_PUBLIC
    SOURCE: ClassVar[str] = "/allowance"

    statement_id: UUID
    participant_ref: ParticipantRef
    month: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="Statement month, YYYY-MM.")
    total_cents: int = Field(description="Amount of the statement in cents (may be negative).")
    worked_minutes: int = Field(description="Minutes in the statement, net of corrections.")
    lines: int = Field(ge=0, description="Number of ledger lines in the statement.")
    corrections_cents: int = Field(
        default=0, description="Part of the total that corrects earlier, closed months."
    )
    corrected_months: list[str] = Field(
        default_factory=list, description="The closed months (YYYY-MM) this statement corrects."
    )

    def partition_key(self) -> str:
        return str(self.participant_ref)


class PaymentRunCompleted(Event):
    """A payment run for a month completed. Sums only: bank details never leave allowance."""

    TYPE: ClassVar[str] = "de.gemeinwerk.allowance.payment-run-completed.v1"
    TOPIC: ClassVar[str] = ALLOWANCE_PUBLIC
    SOURCE: ClassVar[str] = "/allowance"

    payment_run_id: UUID
    month: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="Month paid, YYYY-MM.")
    payer: PaymentPayer
    payments: int = Field(ge=0, description="Number of payments (participants or providers).")
    paid_cents: int = Field(ge=0, description="Sum paid out in this run, in cents.")
    carried_over_cents: int = Field(
        default=0, description="Statement amounts not paid in this run (carried over)."
    )
    completed_at: datetime

    def partition_key(self) -> str:
        return self.month
