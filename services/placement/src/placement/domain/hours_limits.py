"""Daily, weekly (ISO week, Mon–Sun) and monthly (calendar month) hour limits of a placement.

The limits in force on the work date apply (see `domain.policy`). A `Tally` keeps the
minutes already logged for one placement, so entries can be checked and added one by one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal

from placement.domain.policy import HoursPolicy
from placement.domain.violations import Violation

MONTHS = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]


def week_of(day: date) -> tuple[int, int]:
    """(ISO year, ISO week): the week Monday–Sunday that contains `day`."""
    iso = day.isocalendar()
    return iso.year, iso.week


def month_of(day: date) -> tuple[int, int]:
    return day.year, day.month


class Tally:
    """Minutes logged for one placement per day, ISO week and calendar month."""

    def __init__(self, logged: Mapping[date, int] | None = None) -> None:
        self.days: dict[date, int] = defaultdict(int)
        self.weeks: dict[tuple[int, int], int] = defaultdict(int)
        self.months: dict[tuple[int, int], int] = defaultdict(int)
        for day, minutes in (logged or {}).items():
            self.add(day, minutes)

    def add(self, day: date, minutes: int) -> None:
        self.days[day] += minutes
        self.weeks[week_of(day)] += minutes
        self.months[month_of(day)] += minutes

    def check(self, day: date, minutes: int, policy: HoursPolicy) -> Violation | None:
        """Whether `minutes` more on `day` stay within the day's, week's and month's limit."""
        day_total = self.days.get(day, 0) + minutes
        if day_total > policy.daily_limit_minutes:
            return _over(
                "Tagesgrenze",
                policy.daily_limit_minutes,
                day_total,
                "an diesem Tag",
                "daily_limit_exceeded",
            )
        year, week = week_of(day)
        week_total = self.weeks.get((year, week), 0) + minutes
        if week_total > policy.weekly_limit_minutes:
            where = f"in der Kalenderwoche {week}/{year}"
            return _over(
                "Wochengrenze",
                policy.weekly_limit_minutes,
                week_total,
                where,
                "weekly_limit_exceeded",
            )
        month_total = self.months.get(month_of(day), 0) + minutes
        if month_total > policy.monthly_limit_minutes:
            where = f"im {MONTHS[day.month - 1]} {day.year}"
            return _over(
                "Monatsgrenze",
                policy.monthly_limit_minutes,
                month_total,
                where,
                "monthly_limit_exceeded",
            )
        return None


def check_daily_limit(already_logged: int, worked_minutes: int, limit: int) -> Violation | None:
    """The day's total for a placement (already logged + new) must not exceed `limit` minutes."""
    total = already_logged + worked_minutes
    if total <= limit:
        return None
    return _over("Tagesgrenze", limit, total, "an diesem Tag", "daily_limit_exceeded")


def span(first: date, last: date) -> tuple[date, date]:
    """The days whose logged minutes the limits of work dates `first`..`last` depend on:
    from the Monday or 1st of the month before `first` to the Sunday or month end after `last`
    (clipped to the calendar's ends)."""
    start = min(_shift(first, -first.weekday()), first.replace(day=1))
    week_end = _shift(last, 6 - last.weekday())
    month_end = _shift(_shift(last.replace(day=28), 4).replace(day=1), -1)
    if last.year == date.max.year and last.month == 12:
        month_end = date.max
    return start, max(week_end, month_end)


def _shift(day: date, days: int) -> date:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def _over(name: str, limit: int, total: int, where: str, code: str) -> Violation:
    return Violation(
        "worked_minutes",
        f"Die {name} von {hours_de(limit)} Stunden würde überschritten "
        f"({hours_de(total)} Stunden {where}).",
        code,
    )


def hours_de(minutes: int) -> str:
    """Minutes as German hours with a decimal comma: 510 → '8,5', 500 → '8,33'."""
    hours = (Decimal(minutes) / 60).quantize(Decimal("0.01"))
    text = f"{hours:f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")
