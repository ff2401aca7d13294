"""Dates of a placement: when it may start, which days hours may be logged for, its end."""

from __future__ import annotations

from datetime import date

from placement.domain.violations import Violation, de_date


def check_start_in_opportunity(
    start_date: date, opportunity_start: date | None, opportunity_end: date | None
) -> Violation | None:
    """A placement starts within the opportunity's own period (when it has one)."""
    if opportunity_start is not None and start_date < opportunity_start:
        return Violation(
            "start_date",
            "Der Beginn liegt vor dem Beginn der Arbeitsgelegenheit "
            f"({de_date(opportunity_start)}).",
            "before_opportunity_start",
        )
    if opportunity_end is not None and start_date > opportunity_end:
        return Violation(
            "start_date",
            f"Der Beginn liegt nach dem Ende der Arbeitsgelegenheit ({de_date(opportunity_end)}).",
            "after_opportunity_end",
        )
    return None


def check_work_date(
    work_date: date, start_date: date, end_date: date | None, today: date
) -> Violation | None:
    """Hours may be logged for a day of the placement's active period that is not in the future.

    The active period runs from `start_date` to `end_date` (inclusive; open when not ended).
    Days after today (Europe/Berlin) are rejected: hours are logged after they were worked.
    """
    if work_date < start_date:
        return Violation(
            "work_date",
            f"Der Arbeitstag liegt vor dem Beginn der Zuweisung ({de_date(start_date)}).",
            "before_start",
        )
    if end_date is not None and work_date > end_date:
        return Violation(
            "work_date",
            f"Der Arbeitstag liegt nach dem Ende der Zuweisung ({de_date(end_date)}).",
            "after_end",
        )
    if work_date > today:
        return Violation(
            "work_date",
            "Stunden können nicht für einen künftigen Tag erfasst werden "
            f"(heute ist der {de_date(today)}).",
            "in_future",
        )
    return None


def check_end(
    start_date: date, end_date: date, already_ended: bool, last_work_date: date | None
) -> Violation | None:
    """A placement ends once, not before its start and not before a day with logged hours."""
    if already_ended:
        return Violation(
            "end_date", "Die Zuweisung ist bereits beendet.", "already_ended", conflict=True
        )
    if end_date < start_date:
        return Violation(
            "end_date",
            f"Das Ende liegt vor dem Beginn der Zuweisung ({de_date(start_date)}).",
            "end_before_start",
        )
    if last_work_date is not None and end_date < last_work_date:
        return Violation(
            "end_date",
            f"Für den {de_date(last_work_date)} sind bereits Stunden erfasst; das Ende darf "
            "nicht davor liegen.",
            "end_before_logged_hours",
        )
    return None
