"""Hours entries (Stundennachweis): one entry per placement and day, within a daily limit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from placement.domain.period import check_work_date
from placement.domain.violations import RowViolation, Violation, de_date


@dataclass(frozen=True)
class HoursRow:
    """One day's minutes for one placement, as submitted."""

    placement_id: str
    work_date: date
    worked_minutes: int


@dataclass(frozen=True)
class PlacementPeriod:
    """The part of a placement the hours rules need."""

    start_date: date
    end_date: date | None


def check_daily_limit(already_logged: int, worked_minutes: int, limit: int) -> Violation | None:
    """The day's total for a placement (already logged + new) must not exceed `limit` minutes."""
    total = already_logged + worked_minutes
    if total <= limit:
        return None
    return Violation(
        "worked_minutes",
        f"Die Tagesgrenze von {_hours(limit)} Stunden würde überschritten "
        f"({_hours(total)} Stunden an diesem Tag).",
        "daily_limit_exceeded",
    )


def check_duplicate_day(work_date: date, logged_days: Mapping[date, int]) -> Violation | None:
    """Only one entry per placement and day; corrections come later as separate events."""
    if work_date not in logged_days:
        return None
    return Violation(
        "work_date",
        f"Für den {de_date(work_date)} sind für diese Zuweisung bereits Stunden erfasst.",
        "duplicate_day",
        conflict=True,
    )


def check_entry(
    row: HoursRow,
    period: PlacementPeriod,
    logged_days: Mapping[date, int],
    limit: int,
    today: date,
) -> Violation | None:
    """All rules for one entry, in order: active period, duplicate day, daily limit.

    `logged_days` maps the days that already have entries for this placement to their
    logged minutes.
    """
    return (
        check_work_date(row.work_date, period.start_date, period.end_date, today)
        or check_duplicate_day(row.work_date, logged_days)
        or check_daily_limit(logged_days.get(row.work_date, 0), row.worked_minutes, limit)
    )


def check_batch(
    rows: Sequence[HoursRow],
    periods: Mapping[str, PlacementPeriod],
    logged: Mapping[str, Mapping[date, int]],
    limit: int,
    today: date,
) -> list[RowViolation]:
    """Check every row of a batch; empty when all of them may be applied together.

    `periods` holds the known placements by id, `logged` the already logged days per
    placement. A row that repeats an earlier row's placement and day is a duplicate too.
    """
    violations: list[RowViolation] = []
    first_row: dict[tuple[str, date], int] = {}
    for index, row in enumerate(rows):
        period = periods.get(row.placement_id)
        if period is None:
            unknown = Violation("placement_id", "Die Zuweisung ist nicht bekannt.", "unknown")
            violations.append(RowViolation(index, unknown))
            continue
        key = (row.placement_id, row.work_date)
        earlier = first_row.setdefault(key, index)
        violation = check_entry(row, period, logged.get(row.placement_id, {}), limit, today)
        if violation is None and earlier != index:
            violation = Violation(
                "work_date",
                f"Doppelter Eintrag: Eintrag {earlier} nennt schon dieselbe Zuweisung und "
                "denselben Tag.",
                "duplicate_in_batch",
            )
        if violation is not None:
            violations.append(RowViolation(index, violation))
    return violations


def _hours(minutes: int) -> str:
    """Minutes as German hours with a decimal comma: 510 → '8,5', 500 → '8,33'."""
    hours = (Decimal(minutes) / 60).quantize(Decimal("0.01"))
    text = f"{hours:f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")
