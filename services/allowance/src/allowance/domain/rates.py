"""Effective-dated hourly rates per legal basis (allowance scheme).

A scheme's rates are data: a tuple of (valid_from, cents per hour), sorted by date. The rate
of the work date applies: the last entry whose valid_from is on or before that date.

- § 5 Abs. 2 AsylbLG: 1.05 EUR/h until 2016-08-05, 0.80 EUR/h from 2016-08-06
  (Integrationsgesetz). Statutory, so fixed here.
- § 16d SGB II: the Mehraufwandsentschädigung is set by the district (typically 1–2 EUR/h),
  so it comes from a setting (default 150 cents/h).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from gemeinwerk_contracts.vocabulary import LegalBasis

RateSteps = tuple[tuple[date, int], ...]
"""(valid_from, cents per hour) pairs, ascending by valid_from."""

SINCE_EVER = date.min
"""valid_from of a scheme's first rate: it applies to every earlier work date."""

ASYLBLG_5_RATES: RateSteps = (
    (SINCE_EVER, 105),
    (date(2016, 8, 6), 80),
)
DEFAULT_SGB2_16D_CENTS = 150


class NoRate(LookupError):
    """No rate is defined for this legal basis on this date."""


@dataclass(frozen=True)
class RateTable:
    """Hourly rates of every legal basis; `rate_for` picks the rate of a work date."""

    schemes: Mapping[str, RateSteps]

    def __post_init__(self) -> None:
        for basis, steps in self.schemes.items():
            dates = [valid_from for valid_from, _ in steps]
            if not steps or dates != sorted(set(dates)):
                raise ValueError(f"rates of {basis} must be non-empty and strictly ascending")
            if any(cents < 0 for _, cents in steps):
                raise ValueError(f"rates of {basis} must not be negative")
        object.__setattr__(self, "schemes", MappingProxyType(dict(self.schemes)))

    def rate_for(self, legal_basis: str, work_date: date) -> int:
        """Cents per hour for work on `work_date` under `legal_basis`."""
        steps = self.schemes.get(legal_basis)
        if steps is None:
            raise NoRate(f"no rates for legal basis {legal_basis!r}")
        index = bisect_right([valid_from for valid_from, _ in steps], work_date)
        if index == 0:
            raise NoRate(f"no rate for {legal_basis!r} on {work_date.isoformat()}")
        return steps[index - 1][1]


def default_rate_table(sgb2_16d_cents: int = DEFAULT_SGB2_16D_CENTS) -> RateTable:
    """The statutory AsylbLG rates plus the district's SGB II rate."""
    return RateTable(
        {
            LegalBasis.ASYLBLG_5: ASYLBLG_5_RATES,
            LegalBasis.SGB2_16D: ((SINCE_EVER, sgb2_16d_cents),),
        }
    )


def table_from_rows(rows: Iterable[tuple[str, date, int]]) -> RateTable:
    """A RateTable from stored (scheme, valid_from, cents_per_hour) rows, in any order."""
    schemes: dict[str, list[tuple[date, int]]] = {}
    for scheme, valid_from, cents in rows:
        schemes.setdefault(scheme, []).append((valid_from, cents))
    return RateTable({scheme: tuple(sorted(steps)) for scheme, steps in schemes.items()})


class RateNotAllowed(ValueError):
    """A new rate would apply to work already booked (booked lines never change)."""


def check_new_rate(valid_from: date, last_booked_work_date: date | None) -> None:
    """A new rate must start after the last booked work date of its scheme.

    Booked lines are never re-priced, so a rate starting on or before a booked work date
    would make two lines of the same day carry different rates; such a rate is refused.
    """
    if last_booked_work_date is not None and valid_from <= last_booked_work_date:
        raise RateNotAllowed(
            "Ein neuer Satz darf erst nach dem letzten bereits gebuchten Arbeitstag "
            f"({last_booked_work_date.strftime('%d.%m.%Y')}) gelten; gebuchte Zeilen "
            "werden nie nachträglich geändert."
        )
