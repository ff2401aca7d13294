"""Monthly key figures, computed from fact rows.

`compute_kpis` is the reference definition of every figure; the store computes the same
figures with aggregate queries (store/kpi_queries.py) and tests hold the two paths equal.

Definitions (all dates Europe/Berlin, a placement counts once its start is known):
- placements_started: start_date in the month.
- placements_ended: end_date in the month.
- active_at_month_end: in placement on the month's last day (start <= day <= end_date,
  end_date being the last day worked; no end: still running).
- worked_minutes / hours_worked: minutes of hours entries whose work_date is in the month.
- refusals / refusals_unjustified: refusals dated in the month / those without wichtigen Grund.
- allowance_cents: sum of total_cents of the allowance statements issued for the month
  (corrections of earlier months included, as booked in the statement). Under a filter a
  statement counts when one of the participant's placements matching the filter was in
  placement on some day of the statement month (see KpiFilter.admits_statement).
- active_placements: in placement on the as-of day (today).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from reporting.domain.facts import (
    HoursFact,
    KpiFilter,
    PlacementFact,
    RefusalFact,
    StatementFact,
)
from reporting.domain.months import Month

CENT = Decimal("0.01")


def minutes_to_hours(minutes: int) -> Decimal:
    """Hours with two decimal places (half up), never a float."""
    return (Decimal(minutes) / Decimal(60)).quantize(CENT, rounding=ROUND_HALF_UP)


def cents_to_euros(cents: int) -> Decimal:
    """Euros with two decimal places, exact (no rounding, never a float)."""
    return Decimal(cents).scaleb(-2).quantize(CENT)


@dataclass(frozen=True)
class MonthFigures:
    """The key figures of one month."""

    month: Month
    placements_started: int = 0
    placements_ended: int = 0
    active_at_month_end: int = 0
    worked_minutes: int = 0
    refusals: int = 0
    refusals_unjustified: int = 0
    allowance_cents: int = 0

    @property
    def hours_worked(self) -> Decimal:
        return minutes_to_hours(self.worked_minutes)

    @property
    def allowance_euros(self) -> Decimal:
        """allowance_cents in euros, exactly (two decimal places)."""
        return cents_to_euros(self.allowance_cents)


@dataclass(frozen=True)
class KpiReport:
    """Key figures as of a day, for a range of months."""

    as_of: date
    active_placements: int
    months: tuple[MonthFigures, ...]


def compute_kpis(
    placements: Iterable[PlacementFact],
    hours: Iterable[HoursFact],
    refusals: Iterable[RefusalFact],
    months: Sequence[Month],
    as_of: date,
    kpi_filter: KpiFilter | None = None,
    statements: Iterable[StatementFact] = (),
) -> KpiReport:
    """The report for `months` (consecutive, ascending) from the facts, as of `as_of`."""
    wanted = kpi_filter or KpiFilter()
    by_id = {p.placement_id: p for p in placements}
    allowance = _allowance(statements, list(by_id.values()), wanted)
    counted = [p for p in by_id.values() if p.started and wanted.admits(p)]
    started = _count(Month.of(p.start_date) for p in counted if p.start_date)
    ended = _count(Month.of(p.end_date) for p in counted if p.end_date)
    minutes: dict[Month, int] = {}
    for entry in hours:
        if wanted.admits(by_id.get(entry.placement_id)):
            month = Month.of(entry.work_date)
            minutes[month] = minutes.get(month, 0) + entry.minutes
    refused: dict[Month, list[RefusalFact]] = {}
    for refusal in refusals:
        placement = by_id.get(refusal.placement_id) if refusal.placement_id else None
        if wanted.admits(placement):
            refused.setdefault(Month.of(refusal.refusal_date), []).append(refusal)
    figures = tuple(
        MonthFigures(
            month=month,
            placements_started=started.get(month, 0),
            placements_ended=ended.get(month, 0),
            active_at_month_end=sum(1 for p in counted if p.active_on(month.last_day)),
            worked_minutes=minutes.get(month, 0),
            refusals=len(refused.get(month, ())),
            refusals_unjustified=sum(1 for r in refused.get(month, ()) if not r.justified),
            allowance_cents=allowance.get(month, 0),
        )
        for month in months
    )
    active = sum(1 for p in counted if p.active_on(as_of))
    return KpiReport(as_of=as_of, active_placements=active, months=figures)


def _count(months: Iterable[Month]) -> dict[Month, int]:
    counts: dict[Month, int] = {}
    for month in months:
        counts[month] = counts.get(month, 0) + 1
    return counts


def _allowance(
    statements: Iterable[StatementFact], placements: list[PlacementFact], wanted: KpiFilter
) -> dict[Month, int]:
    cents: dict[Month, int] = {}
    for statement in statements:
        month = Month.parse(statement.month)
        if wanted.admits_statement(statement, placements, month.first_day, month.last_day):
            cents[month] = cents.get(month, 0) + statement.total_cents
    return cents
