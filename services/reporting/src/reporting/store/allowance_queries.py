"""Allowance paid per statement month, by aggregate query (agrees with compute_kpis)."""

from __future__ import annotations

from sqlalchemy import exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from reporting.domain.facts import KpiFilter
from reporting.domain.months import Month
from reporting.store.sql import counted_placements
from reporting.store.tables import allowance_statement_table, placement_table

p, s = placement_table.c, allowance_statement_table.c


async def allowance_per_month(
    session: AsyncSession, first: Month, last: Month, kpi_filter: KpiFilter
) -> dict[Month, int]:
    """Cents of the statements issued for each month from `first` to `last`.

    Under a filter a statement counts when the participant has a placement that the filter
    admits and that was in placement on some day of the statement month.
    """
    query = select(s.month, func.sum(s.total_cents)).where(s.month.between(str(first), str(last)))
    if not kpi_filter.is_empty:
        placed = exists().where(
            p.participant_ref == s.participant_ref,
            *counted_placements(kpi_filter),
            p.start_date <= s.month_last_day,
            or_(p.end_date.is_(None), p.end_date >= s.month_first_day),
        )
        query = query.where(placed)
    rows = await session.execute(query.group_by(s.month))
    return {Month.parse(month): int(cents or 0) for month, cents in rows}
