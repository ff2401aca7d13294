"""Month close and statements (pure).

Closing month M issues one frozen statement per participant holding every line not yet on
a statement whose month is M or earlier: the lines of M, and lines booked after an earlier
month was closed (late hours, corrections, approved manual lines) — these appear as
corrections naming their original month. A month is closed at most once; a line is on at
most one statement; statements never change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby

from allowance.domain.months import BERLIN, month_of


@dataclass(frozen=True)
class OpenLine:
    """A ledger line (hours or adjustment) not yet on a statement."""

    source: str
    """"line" (hours line) or "adjustment"."""
    line_no: int
    kind: str
    participant_ref: str
    entry_id: str | None
    work_date: date
    original_month: str
    worked_minutes: int
    rate_cents_per_hour: int
    amount_cents: int

    def is_correction(self, statement_month: str) -> bool:
        """Whether it corrects an earlier, already closed month."""
        return self.original_month != statement_month


@dataclass(frozen=True)
class Statement:
    """One participant's frozen statement of one closed month."""

    statement_id: str
    month: str
    participant_ref: str
    lines: tuple[OpenLine, ...]

    @property
    def total_cents(self) -> int:
        return sum(line.amount_cents for line in self.lines)

    @property
    def worked_minutes(self) -> int:
        return sum(line.worked_minutes for line in self.lines)

    @property
    def corrected_months(self) -> tuple[str, ...]:
        """Earlier months whose late lines this statement carries."""
        return tuple(
            sorted({ln.original_month for ln in self.lines if ln.is_correction(self.month)})
        )


class CloseRefused(ValueError):
    """The month may not be closed now; the message is German."""


def check_close(month: str, now: datetime, open_earlier: Iterable[str]) -> None:
    """A month can be closed once it is over (Europe/Berlin) and when no earlier month with
    lines is still open (months close in order, so late lines have one place to go)."""
    if month >= month_of(now.astimezone(BERLIN).date()):
        raise CloseRefused(f"Der Monat {month} ist noch nicht abgelaufen.")
    earlier = sorted(open_earlier)
    if earlier:
        raise CloseRefused(f"Bitte zuerst den Monat {earlier[0]} abschließen.")


def issue(month: str, lines: Iterable[OpenLine], new_id: Callable[[], str]) -> list[Statement]:
    """One statement per participant of the open lines of `month` and earlier months."""
    due = sorted(
        (ln for ln in lines if ln.original_month <= month),
        key=lambda ln: (
            ln.participant_ref,
            ln.original_month,
            ln.work_date,
            ln.source != "line",
            ln.line_no,
        ),
    )
    return [
        Statement(new_id(), month, participant_ref, tuple(group))
        for participant_ref, group in groupby(due, key=lambda ln: ln.participant_ref)
    ]
