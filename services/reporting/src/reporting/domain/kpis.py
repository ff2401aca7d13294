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
- active_placements: in placement on the as-of day (today).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from reporting.domain.facts import HoursFact, KpiFilter, PlacementFact, RefusalFact
from reporting.domain.months import Month

CENT = Decimal("0.01")


def minutes_to_hours(minutes: int) -> Decimal:
    """Hours with two decimal places (half up), never a float."""
    return (Decimal(minutes) / Decimal(60)).quantize(CENT, rounding=ROUND_HALF_UP)


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

    @property
    def hours_worked(self) -> Decimal:
        return minutes_to_hours(self.worked_minutes)


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
) -> KpiReport:
    """The report for `months` (consecutive, ascending) from the facts, as of `as_of`."""
    wanted = kpi_filter or KpiFilter()
    by_id = {p.placement_id: p for p in placements}
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
