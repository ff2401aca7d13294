"""Hours entries (Stundennachweis): one entry per placement and day, within the limits in
force on the work date (daily, ISO week, calendar month; see `domain.hours_limits`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from placement.domain.hours_limits import Tally, check_daily_limit, hours_de
from placement.domain.lifecycle import check_started_for_hours
from placement.domain.period import check_work_date
from placement.domain.policy import HoursPolicy, Schedule
from placement.domain.violations import RowViolation, Violation, de_date

__all__ = [
    "HoursRow",
    "PlacementPeriod",
    "check_batch",
    "check_daily_limit",
    "check_duplicate_day",
    "check_entry",
    "hours_de",
]


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
    started: bool = True


def check_duplicate_day(work_date: date, logged_days: Mapping[date, int]) -> Violation | None:
    """Only one entry per placement and day. `logged_days` holds the current minutes of the
    stored entries; a withdrawn entry (0) still holds its day: it is logged again by a
    correction of that entry (POST .../hours/{entry_id}/corrections)."""
    if work_date not in logged_days:
        return None
    if logged_days[work_date] == 0:
        return Violation(
            "work_date",
            f"Der Eintrag für den {de_date(work_date)} wurde zurückgezogen; erfassen Sie die "
            "Stunden als Korrektur dieses Eintrags.",
            "withdrawn_day",
            conflict=True,
        )
    return Violation(
        "work_date",
        f"Für den {de_date(work_date)} sind für diese Zuweisung bereits Stunden erfasst.",
        "duplicate_day",
        conflict=True,
    )


def check_entry(
    row: HoursRow,
    period: PlacementPeriod,
    tally: Tally,
    limits: Schedule[HoursPolicy],
    today: date,
) -> Violation | None:
    """All rules for one entry, in order: active period, duplicate day, then the daily,
    weekly and monthly limits in force on the work date.

    `tally` holds the current minutes (after corrections) of this placement's entries, at
    least for the ISO week and the calendar month of the work date.
    """
    return (
        check_started_for_hours(period.started)
        or check_work_date(row.work_date, period.start_date, period.end_date, today)
        or check_duplicate_day(row.work_date, tally.days)
        or tally.check(row.work_date, row.worked_minutes, limits.on(row.work_date))
    )


def check_batch(
    rows: Sequence[HoursRow],
    periods: Mapping[str, PlacementPeriod],
    logged: Mapping[str, Mapping[date, int]],
    limits: Schedule[HoursPolicy],
    today: date,
) -> list[RowViolation]:
    """Check every row of a batch in order; empty when all of them may be applied together.

    `periods` holds the known placements by id, `logged` the already logged minutes per
    placement and day. Each valid row counts towards the limits of the rows after it. A row
    that repeats an earlier row's placement and day is a duplicate too.
    """
    violations: list[RowViolation] = []
    tallies: dict[str, Tally] = {}
    first_row: dict[tuple[str, date], int] = {}
    for index, row in enumerate(rows):
        period = periods.get(row.placement_id)
        if period is None:
            unknown = Violation("placement_id", "Die Zuweisung ist nicht bekannt.", "unknown")
            violations.append(RowViolation(index, unknown))
            continue
        tally = tallies.get(row.placement_id)
        if tally is None:
            tally = tallies[row.placement_id] = Tally(logged.get(row.placement_id, {}))
        earlier = first_row.setdefault((row.placement_id, row.work_date), index)
        violation = check_started_for_hours(period.started) or check_work_date(
            row.work_date, period.start_date, period.end_date, today
        )
        if violation is None and earlier != index:
            violation = Violation(
                "work_date",
                f"Doppelter Eintrag: Eintrag {earlier} nennt schon dieselbe Zuweisung und "
                "denselben Tag.",
                "duplicate_in_batch",
            )
        violation = violation or check_entry(row, period, tally, limits, today)
        if violation is None:
            tally.add(row.work_date, row.worked_minutes)
        else:
            violations.append(RowViolation(index, violation))
    return violations
