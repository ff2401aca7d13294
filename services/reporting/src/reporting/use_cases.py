"""Use cases of the reporting service: each reads in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from chassis.auth import Principal

from chassis import DomainError, Forbidden, ServiceRuntime
from reporting.domain.access import AccessDenied, municipality_for
from reporting.domain.facts import KpiFilter
from reporting.domain.kpis import KpiReport
from reporting.domain.months import MonthError, berlin_today, month_range
from reporting.store.kpi_queries import kpi_report
from reporting.store.metric_queries import MetricsSnapshot, metrics_snapshot
from reporting.store.sql import use_snapshot


async def get_kpis_with_filter(
    runtime: ServiceRuntime,
    principal: Principal,
    *,
    from_month: str | None,
    to_month: str | None,
    legal_basis: str | None = None,
    municipality_key: str | None = None,
    max_months: int = 120,
    today: Callable[[], date] = berlin_today,
) -> tuple[KpiReport, KpiFilter]:
    """Monthly key figures for a month range (default: the last 12 months), as of today,
    and the filter applied (a scoped caller's municipality included)."""
    as_of = today()
    try:
        municipality = municipality_for(principal.role.value, principal.scope, municipality_key)
    except AccessDenied as exc:
        raise Forbidden(str(exc)) from exc
    try:
        months = month_range(from_month, to_month, as_of, max_months)
    except MonthError as exc:
        raise DomainError(str(exc), field=exc.field, code="invalid_month") from exc
    kpi_filter = KpiFilter(legal_basis=legal_basis, municipality_key=municipality)
    async with runtime.uow() as uow:
        await use_snapshot(uow.session)
        return await kpi_report(uow.session, months, as_of, kpi_filter), kpi_filter


async def read_metrics_snapshot(
    runtime: ServiceRuntime, today: date, window_months: int
) -> MetricsSnapshot:
    """The values of the business gauges, read in one transaction."""
    async with runtime.uow() as uow:
        await use_snapshot(uow.session)
        return await metrics_snapshot(uow.session, today, window_months)
