"""Manual lines for proven higher necessary expenses (§ 5 Abs. 2 AsylbLG: more than the
hourly allowance only if the person proves higher necessary expenses).

A manual line is entered with a receipt reference by one person and counts only once
another person approved it (four eyes). Only AsylbLG placements qualify.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from allowance.domain.ledger import LedgerLine, Placement
from allowance.domain.months import month_of

MAX_MANUAL_CENTS = 100_000
"""Sanity limit of one manual line (1,000 EUR) (assumption)."""


class ManualRefused(ValueError):
    """A manual line that may not be entered or approved; the message is German."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class FourEyesViolation(PermissionError):
    """The approver is the person who entered the line."""


@dataclass(frozen=True)
class ManualRequest:
    """An entered (not yet counting) manual line."""

    request_id: str
    placement_id: str
    participant_ref: str
    expense_date: date
    amount_cents: int
    receipt_reference: str
    description: str
    status: str
    requested_by: str
    approved_by: str | None = None


def check_request(placement: Placement, amount_cents: int, receipt_reference: str) -> None:
    """Raise ManualRefused unless the line may be entered for this placement."""
    if placement.legal_basis != "asylblg_5":
        raise ManualRefused(
            "Höhere notwendige Aufwendungen können nur nach § 5 Abs. 2 AsylbLG "
            "erstattet werden; diese Maßnahme fällt nicht darunter.",
            "placement_id",
        )
    if not 0 < amount_cents <= MAX_MANUAL_CENTS:
        raise ManualRefused(
            f"Der Betrag muss zwischen 1 und {MAX_MANUAL_CENTS} Cent liegen.", "amount_cents"
        )
    if not receipt_reference.strip():
        raise ManualRefused("Ein Belegverweis ist erforderlich.", "receipt_reference")


def check_four_eyes(requested_by: str, approver: str) -> None:
    """Raise FourEyesViolation when the approver entered the line themselves."""
    if requested_by == approver:
        raise FourEyesViolation(
            "Vier-Augen-Prinzip: Wer eine Zeile erfasst hat, darf sie nicht selbst "
            "freigeben. Bitte eine andere berechtigte Person um Freigabe bitten."
        )


def manual_line(request: ManualRequest, placement: Placement) -> LedgerLine:
    """The ledger line of an approved request (no minutes, no rate; the proven amount)."""
    return LedgerLine(
        entry_id=request.request_id,
        placement_id=placement.placement_id,
        participant_ref=placement.participant_ref,
        provider_id=placement.provider_id,
        municipality_key=placement.municipality_key,
        legal_basis=placement.legal_basis,
        work_date=request.expense_date,
        month=month_of(request.expense_date),
        worked_minutes=0,
        rate_cents_per_hour=0,
        amount_cents=request.amount_cents,
    )
