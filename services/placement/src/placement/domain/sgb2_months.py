"""§ 16d Abs. 6 SGB II: at most 24 months of Arbeitsgelegenheiten within five years from the
first entry; beyond that only after a documented re-check.

How months are counted (pure, property-tested):
- A month is 30.4375 days (365.25 / 12), so the 24 months are floor(24 × 30.4375) = 730
  calendar days. The check is done in whole days; months are only shown.
- Counted are the calendar days, inclusive, of the participant's § 16d placements: a started
  (or ended after starting) placement from its start to its end date, or to today while it
  runs; a proposed one with its planned period (from its start to its planned end; only its
  first day when it has no planned end). Refused, no-show and cancelled-before-start
  placements do not count. Overlapping placements count each day once.
- The window of five years starts with the first counted day (the first entry) and runs
  `window_years` years (exclusive end). Days after it open a new window at their first day.
- Used months = used days / 30.4375, rounded up to one decimal; remaining months =
  (limit days − used days) / 30.4375, rounded down to one decimal, never below 0.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_UP, Decimal

from placement.domain.violations import Violation, de_date

DAYS_PER_MONTH = Decimal("30.4375")
_TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Sgb2MonthsPolicy:
    """The § 16d limit: `months_limit` months within `window_years` years (effective-dated)."""

    valid_from: date
    months_limit: int
    window_years: int


@dataclass(frozen=True)
class Span:
    """Calendar days `first..last`, inclusive."""

    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def limit_days(months_limit: int) -> int:
    """The limit in whole days (24 months → 730 days)."""
    return int(months_limit * DAYS_PER_MONTH)


def months_of(days: int, rounding: str) -> Decimal:
    """Days as months of 30.4375 days, to one decimal."""
    return (Decimal(days) / DAYS_PER_MONTH).quantize(_TENTH, rounding=rounding)


def add_years(day: date, years: int) -> date:
    """The same day `years` later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def window_start(spans: Iterable[Span], on: date, window_years: int) -> date:
    """First day of the window that `on` lies in: windows start at the first counted day and
    last `window_years` years; a day after a window's end opens the next window."""
    start: date | None = None
    for span in sorted(spans, key=lambda s: s.first):
        if span.first > on:
            break
        if start is None or span.first >= add_years(start, window_years):
            start = span.first
    if start is None or on >= add_years(start, window_years):
        return on
    return start


def days_in_window(spans: Iterable[Span], start: date, end_exclusive: date) -> int:
    """Distinct calendar days of `spans` within `start..end_exclusive − 1`."""
    clipped = sorted(
        (max(s.first, start), min(s.last, end_exclusive - timedelta(days=1)))
        for s in spans
        if s.last >= start and s.first < end_exclusive
    )
    total = 0
    current: tuple[date, date] | None = None
    for first, last in clipped:
        if first > last:
            continue
        if current is None or first > current[1] + timedelta(days=1):
            if current is not None:
                total += (current[1] - current[0]).days + 1
            current = (first, last)
        else:
            current = (current[0], max(current[1], last))
    if current is not None:
        total += (current[1] - current[0]).days + 1
    return total


@dataclass(frozen=True)
class MonthsUsage:
    """Used and remaining days/months of the window that contains `on`."""

    on: date
    window_start: date
    window_end: date
    months_limit: int
    used_days: int
    remaining_days: int

    @property
    def used_months(self) -> Decimal:
        return months_of(self.used_days, ROUND_UP)

    @property
    def remaining_months(self) -> Decimal:
        return months_of(self.remaining_days, ROUND_DOWN)


def usage(spans: Iterable[Span], on: date, policy: Sgb2MonthsPolicy) -> MonthsUsage:
    """How much of the § 16d limit the counted `spans` use in the window containing `on`."""
    spans = list(spans)
    start = window_start(spans, on, policy.window_years)
    end = add_years(start, policy.window_years)
    used = days_in_window(spans, start, end)
    limit = limit_days(policy.months_limit)
    return MonthsUsage(on, start, end, policy.months_limit, used, max(0, limit - used))


def check_months(
    existing: Iterable[Span],
    proposed: Span,
    policy: Sgb2MonthsPolicy,
    rechecked: bool,
    field: str = "end_date",
) -> Violation | None:
    """A new § 16d Zuweisung (its planned `proposed` span) may not take the participant over
    the limit within the window of its first day, unless a re-check is recorded."""
    spans = [*existing, proposed]
    start = window_start(spans, proposed.first, policy.window_years)
    end = add_years(start, policy.window_years)
    before = days_in_window(list(existing), start, end)
    after = days_in_window(spans, start, end)
    limit = limit_days(policy.months_limit)
    if after <= limit or rechecked:
        return None
    remaining = str(months_of(max(0, limit - before), ROUND_DOWN)).replace(".", ",")
    return Violation(
        field,
        f"Die Zuweisung überschreitet die Höchstdauer nach § 16d Abs. 6 SGB II "
        f"({policy.months_limit} Monate innerhalb von {policy.window_years} Jahren ab "
        f"{de_date(start)}): verbleibend {remaining} Monate. Eine längere Zuweisung ist nur "
        "nach einer dokumentierten erneuten Prüfung möglich.",
        "sgb2_months_exceeded",
    )
