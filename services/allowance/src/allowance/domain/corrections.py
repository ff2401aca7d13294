"""Corrections and withdrawals of hours entries: reverse and re-book, never edit.

An entry's ledger history is append-only: its first line (the hours entry), then for each
correction a reversal of the line in force (same minutes and amount, negated) and, unless
the entry is withdrawn (corrected to 0 minutes), a new line with the corrected minutes. The
new line uses the rate of the line it replaces: that is the rate of the work date, since no
rate may start on or before a booked work date (see rates.check_new_rate).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from allowance.domain.amount import amount_cents
from allowance.domain.ledger import LedgerLine


@dataclass(frozen=True)
class Correction:
    """What a correction appends: a reversal of the line in force and/or a new line."""

    reversal: LedgerLine | None
    new_line: LedgerLine | None

    def lines(self) -> list[LedgerLine]:
        """The lines to append, reversal first."""
        return [line for line in (self.reversal, self.new_line) if line is not None]


def reverse(line: LedgerLine) -> LedgerLine:
    """The line that cancels `line` exactly (negated minutes and amount)."""
    return replace(line, worked_minutes=-line.worked_minutes, amount_cents=-line.amount_cents)


def correct(original: LedgerLine, in_force: LedgerLine | None, minutes: int) -> Correction:
    """Correct an entry to `minutes` (0 = withdrawal).

    `original` is the entry's first line (the template of a new line); `in_force` the line
    currently counting for it (None once withdrawn). Same minutes as in force: nothing.
    """
    if minutes < 0:
        raise ValueError("corrected minutes must not be negative")
    current = in_force.worked_minutes if in_force is not None else 0
    if minutes == current:
        return Correction(None, None)
    template = in_force or original
    reversal = reverse(in_force) if in_force is not None else None
    new_line = None
    if minutes > 0:
        rate = template.rate_cents_per_hour
        new_line = replace(
            template, worked_minutes=minutes, amount_cents=amount_cents(minutes, rate)
        )
    return Correction(reversal, new_line)


def contradiction(
    original: LedgerLine,
    *,
    placement_id: str,
    participant_ref: str,
    provider_id: str,
    work_date: date,
) -> str | None:
    """Why a correction cannot be of the entry booked as `original` (it names another
    placement, participant, provider or work date), or None when it matches."""
    given = {
        "placement": (placement_id, original.placement_id),
        "participant": (participant_ref, original.participant_ref),
        "provider": (provider_id, original.provider_id),
        "work date": (work_date, original.work_date),
    }
    differing = [name for name, (theirs, ours) in given.items() if theirs != ours]
    if not differing:
        return None
    return f"entry {original.entry_id}: {', '.join(differing)} differ(s) from the booked entry"
