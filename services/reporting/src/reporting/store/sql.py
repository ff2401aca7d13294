"""Portable SQL building blocks shared by the aggregate queries."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, extract
from sqlalchemy.ext.asyncio import AsyncSession

from reporting.domain.facts import KpiFilter
from reporting.domain.months import Month
from reporting.store.tables import placement_table


def year_month(column: Any) -> tuple[ColumnElement[Any], ColumnElement[Any]]:
    """Year and month of a date column (EXTRACT on PostgreSQL, STRFTIME on SQLite)."""
    return extract("year", column), extract("month", column)


def month_of(year: Any, month: Any) -> Month:
    """The Month of a (year, month) result pair (PostgreSQL returns numerics)."""
    return Month(int(year), int(month))


def counted_placements(kpi_filter: KpiFilter | None = None) -> list[ColumnElement[bool]]:
    """Conditions for placements that count: start known, attributes as filtered."""
    p = placement_table.c
    conditions: list[ColumnElement[bool]] = [p.start_date.is_not(None)]
    if kpi_filter is not None and kpi_filter.legal_basis is not None:
        conditions.append(p.legal_basis == kpi_filter.legal_basis)
    if kpi_filter is not None and kpi_filter.municipality_key is not None:
        conditions.append(p.municipality_key == kpi_filter.municipality_key)
    return conditions


async def use_snapshot(session: AsyncSession) -> None:
    """Make the following reads see one consistent snapshot (call before the first query).

    PostgreSQL: REPEATABLE READ, so figures do not mix states before and after a batch
    committed between two queries. SQLite transactions are serialisable already.
    """
    if session.get_bind().dialect.name == "postgresql":
        await session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
