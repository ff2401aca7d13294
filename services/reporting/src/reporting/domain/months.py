"""Calendar months (Europe/Berlin) as the unit every figure is reported in."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


class MonthError(ValueError):
    """A month or month range given by a caller is not valid; `field` names the input."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, order=True)
class Month:
    """One calendar month, e.g. Month(2026, 11), written 2026-11."""

    year: int
    month: int

    @classmethod
    def of(cls, day: date) -> Month:
        """The month a day falls in."""
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, text: str, field: str = "month") -> Month:
        """Parse YYYY-MM strictly; raises MonthError naming `field`."""
        match = _MONTH.match(text.strip()) if text else None
        if match is None or int(match.group(1)) < 1900:
            raise MonthError(f"Ungültiger Monat {text!r}: erwartet wird JJJJ-MM.", field)
        return cls(int(match.group(1)), int(match.group(2)))

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def index(self) -> int:
        """Months since year 0: makes month arithmetic a subtraction."""
        return self.year * 12 + self.month - 1

    def shift(self, months: int) -> Month:
        """The month `months` later (negative: earlier)."""
        index = self.index + months
        return Month(index // 12, index % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def berlin_today() -> date:
    """Today's date in Europe/Berlin."""
    return datetime.now(BERLIN).date()


def months_between(first: Month, last: Month) -> list[Month]:
    """All months from `first` to `last`, both included."""
    return [first.shift(i) for i in range(last.index - first.index + 1)]


def month_range(
    from_text: str | None, to_text: str | None, today: date, max_months: int
) -> list[Month]:
    """The months a report covers. Defaults: the 12 months up to the current month."""
    last = Month.parse(to_text, "to") if to_text else Month.of(today)
    first = Month.parse(from_text, "from") if from_text else last.shift(-11)
    if first > last:
        raise MonthError(f"Der Zeitraum beginnt ({first}) nach seinem Ende ({last}).", "from")
    if last.index - first.index + 1 > max_months:
        raise MonthError(f"Der Zeitraum darf höchstens {max_months} Monate umfassen.", "from")
    return months_between(first, last)
