"""Rules for registering participants and opportunities."""

from __future__ import annotations

from datetime import date

from placement.domain.violations import Violation, de_date


def check_birth_date(birth_date: date | None, today: date) -> Violation | None:
    """A birth date, when given, lies in the past."""
    if birth_date is None or birth_date < today:
        return None
    return Violation(
        "birth_date",
        f"Das Geburtsdatum muss vor dem heutigen Tag ({de_date(today)}) liegen.",
        "not_in_past",
    )


def check_opportunity_period(start_date: date | None, end_date: date | None) -> Violation | None:
    """An opportunity does not end before it starts."""
    if start_date is None or end_date is None or end_date >= start_date:
        return None
    return Violation(
        "end_date",
        f"Das Ende liegt vor dem Beginn ({de_date(start_date)}).",
        "end_before_start",
    )
