"""The monthly key figures by aggregate queries; must agree with domain.kpis.compute_kpis."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from reporting.domain.facts import KpiFilter
from reporting.domain.kpis import KpiReport, MonthFigures
from reporting.domain.months import Month
from reporting.store.allowance_queries import allowance_per_month
from reporting.store.sql import counted_placements, month_of, year_month
from reporting.store.tables import hours_entry_table, placement_table, refusal_table

p, h, r = placement_table.c, hours_entry_table.c, refusal_table.c


async def kpi_report(
    session: AsyncSession, months: Sequence[Month], as_of: date, kpi_filter: KpiFilter
) -> KpiReport:
    """The report for `months` (consecutive, ascending) as of `as_of`, from the store."""
    first, last = months[0].first_day, months[-1].last_day
    started = await _per_month(session, _placement_count(p.start_date, first, last, kpi_filter))
    ended = await _per_month(session, _placement_count(p.end_date, first, last, kpi_filter))
    minutes = await _per_month(session, _minutes(first, last, kpi_filter))
    refusals = await _refusals(session, first, last, kpi_filter)
    allowance = await allowance_per_month(session, months[0], months[-1], kpi_filter)
    days = [m.last_day for m in months]
    active = await _active_on(session, [*days, as_of], kpi_filter)
    figures = tuple(
        MonthFigures(
            month=month,
            placements_started=started.get(month, 0),
            placements_ended=ended.get(month, 0),
            active_at_month_end=active[i],
            worked_minutes=minutes.get(month, 0),
            refusals=refusals.get(month, (0, 0))[0],
            refusals_unjustified=refusals.get(month, (0, 0))[1],
            allowance_cents=allowance.get(month, 0),
        )
        for i, month in enumerate(months)
    )
    return KpiReport(as_of=as_of, active_placements=active[-1], months=figures)


def _placement_count(column: Any, first: date, last: date, kpi_filter: KpiFilter) -> Select[Any]:
    year, month = year_month(column)
    return (
        select(year, month, func.count())
        .where(*counted_placements(kpi_filter), column.between(first, last))
        .group_by(year, month)
    )


def _minutes(first: date, last: date, kpi_filter: KpiFilter) -> Select[Any]:
    year, month = year_month(h.work_date)
    query = select(year, month, func.sum(h.minutes)).where(h.work_date.between(first, last))
    if not kpi_filter.is_empty:
        query = query.join(placement_table, p.placement_id == h.placement_id).where(
            *counted_placements(kpi_filter)
        )
    return query.group_by(year, month)


async def _per_month(session: AsyncSession, query: Select[Any]) -> dict[Month, int]:
    rows = await session.execute(query)
    return {month_of(year, month): int(value or 0) for year, month, value in rows}


async def _refusals(
    session: AsyncSession, first: date, last: date, kpi_filter: KpiFilter
) -> dict[Month, tuple[int, int]]:
    year, month = year_month(r.refusal_date)
    unjustified = func.sum(case((r.justified, 0), else_=1))
    query = select(year, month, func.count(), unjustified).where(
        r.refusal_date.between(first, last)
    )
    if not kpi_filter.is_empty:
        query = query.join(placement_table, p.placement_id == r.placement_id).where(
            *counted_placements(kpi_filter)
        )
    rows = await session.execute(query.group_by(year, month))
    return {month_of(y, m): (int(n), int(u or 0)) for y, m, n, u in rows}


async def _active_on(
    session: AsyncSession, days: Sequence[date], kpi_filter: KpiFilter
) -> list[int]:
    """How many counted placements were in placement on each day (one scan for all days)."""
    columns = [
        func.sum(
            case(
                (and_(p.start_date <= day, or_(p.end_date.is_(None), p.end_date >= day)), 1),
                else_=0,
            )
        )
        for day in days
    ]
    query = select(*columns).where(
        *counted_placements(kpi_filter),
        p.start_date <= max(days),
        or_(p.end_date.is_(None), p.end_date >= min(days)),
    )
    row = (await session.execute(query)).one()
    return [int(value or 0) for value in row]
