"""Corrections of hours entries (HoursCorrected): new facts, never edits in place.

An entry's current minutes are those of its newest correction (highest revision), or the
originally logged minutes when it has none. 0 means withdrawn: the day counts 0 towards
the limits. The entry stays the one entry of its placement and day; a withdrawn day is
logged again by correcting the entry back, not by a new entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from placement.domain.hours_limits import Tally
from placement.domain.policy import HoursPolicy
from placement.domain.violations import Violation


@dataclass(frozen=True)
class Correction:
    """One correction of an hours entry; `revision` counts from 1 per entry."""

    id: str
    entry_id: str
    placement_id: str
    work_date: date
    revision: int
    worked_minutes: int
    previous_minutes: int
    reason: str | None
    corrected_at: datetime


@dataclass(frozen=True)
class EntryHistory:
    """An hours entry with its corrections, oldest first."""

    id: str
    placement_id: str
    work_date: date
    logged_minutes: int
    logged_at: datetime
    corrections: tuple[Correction, ...] = ()

    @property
    def worked_minutes(self) -> int:
        """The current minutes: the newest correction's, or the logged ones."""
        return current_minutes(self.logged_minutes, self.corrections)

    @property
    def withdrawn(self) -> bool:
        return self.worked_minutes == 0


def current_minutes(logged_minutes: int, corrections: Sequence[Correction]) -> int:
    """The minutes of the newest correction (highest revision), else `logged_minutes`."""
    if not corrections:
        return logged_minutes
    return max(corrections, key=lambda c: c.revision).worked_minutes


def check_correction(
    work_date: date, current: int, corrected: int, tally: Tally, policy: HoursPolicy
) -> Violation | None:
    """Whether an entry of `work_date` may go from `current` to `corrected` minutes.

    `tally` holds the current minutes of the placement, this entry included (at least for
    the ISO week and the calendar month of the work date); `policy` is the one in force on
    the work date. The same minutes are a conflict ("keine Änderung"). A reduction (and a
    withdrawal, 0) never raises a total, so it is always allowed; an increase must keep the
    day, week and month within the limits, counting the other entries' current minutes.
    """
    if corrected == current:
        return Violation(
            "worked_minutes",
            "Keine Änderung: der Eintrag hat bereits diese Minuten.",
            "no_change",
            conflict=True,
        )
    if corrected < current:
        return None
    others = Tally(tally.days)
    others.add(work_date, -current)
    return others.check(work_date, corrected, policy)
