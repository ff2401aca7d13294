"""Response models of the allowance API (amounts in integer euro cents)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field


class ParticipantMonth(BaseModel):
    """One participant's allowance in one month."""

    participant_ref: str
    month: str = Field(description="YYYY-MM (month of the work dates).")
    total_cents: int = Field(description="Sum of the lines' amounts (each rounded once).")
    worked_minutes: int
    lines: int = Field(description="Number of ledger lines (hours entries).")


class Line(BaseModel):
    """One ledger line: the allowance of one hours entry, or an adjustment of it."""

    kind: str = Field(
        default="hours",
        description="hours; reversal (negated minutes and amount of the line it cancels); "
        "correction (the corrected line of an entry); manual (approved proven expenses).",
    )
    entry_id: str
    placement_id: str
    provider_id: str
    legal_basis: str
    work_date: date
    month: str
    worked_minutes: int
    rate_cents_per_hour: int
    amount_cents: int


class ParticipantLines(BaseModel):
    participant_ref: str
    month: str
    lines: list[Line]


class ParticipantTotal(BaseModel):
    participant_ref: str
    total_cents: int
    worked_minutes: int
    lines: int


class MonthTotals(BaseModel):
    """Totals of a month per participant, for reconciliation; paged by participant_ref."""

    month: str
    total_cents: int = Field(description="All lines of the month within the caller's scope.")
    worked_minutes: int
    lines: int
    participants: list[ParticipantTotal] = Field(description="Ordered by participant_ref.")
    next_after: str | None = Field(
        default=None, description="Pass as `after` to get the next page; null on the last page."
    )
