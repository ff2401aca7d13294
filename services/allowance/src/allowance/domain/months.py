"""Accounting months: text "YYYY-MM", the month of the work date (Europe/Berlin)."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


class InvalidMonth(ValueError):
    """Text that is not a month of the form YYYY-MM."""


def month_of(day: date) -> str:
    """The accounting month ("YYYY-MM") a work date belongs to."""
    return f"{day.year:04d}-{day.month:02d}"


def parse_month(text: str) -> str:
    """Validate "YYYY-MM" (month 01–12, year from 1000); returns the text unchanged."""
    match = _MONTH.match(text)
    if match is None or int(match.group(1)) < 1000:
        raise InvalidMonth(f"not a month of the form YYYY-MM: {text!r}")
    return text


def current_month(now: datetime) -> str:
    """The month `now` falls in, in Europe/Berlin (`now` must be timezone-aware)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return month_of(now.astimezone(BERLIN).date())
