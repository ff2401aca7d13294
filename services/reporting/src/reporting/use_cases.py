"""Use cases of the reporting service: each reads in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from chassis.auth import Principal

from chassis import DomainError, Forbidden, ServiceRuntime
from reporting.domain.access import AccessDenied, municipality_for
from reporting.domain.business import (
    BusinessReport,
    FigureFilter,
    compute_business,
    municipality_keys,
)
from reporting.domain.facts import KpiFilter
from reporting.domain.kpis import KpiReport
from reporting.domain.months import MonthError, berlin_today, month_range
from reporting.store.business_facts import load_business_facts
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
    runtime: ServiceRuntime,
    today: date,
    window_months: int,
    targets: Mapping[str, int] | None = None,
) -> MetricsSnapshot:
    """The values of the business gauges, read in one transaction."""
    async with runtime.uow() as uow:
        await use_snapshot(uow.session)
        return await metrics_snapshot(uow.session, today, window_months, targets)


@dataclass(frozen=True)
class BusinessRead:
    """The business figures of a selection, and per municipality (for the council report)."""

    report: BusinessReport
    figure_filter: FigureFilter
    by_municipality: dict[str, BusinessReport]
    per_municipality: bool = False


async def get_business_figures(
    runtime: ServiceRuntime,
    principal: Principal,
    *,
    from_month: str | None,
    to_month: str | None,
    legal_basis: str | None = None,
    municipality_key: str | None = None,
    provider_kind: str | None = None,
    category: str | None = None,
    targets: Mapping[str, int] | None = None,
    max_months: int = 120,
    today: Callable[[], date] = berlin_today,
    per_municipality: bool = False,
) -> BusinessRead:
    """Business figures for a month range (default: the last 12 months), as of today."""
    as_of = today()
    try:
        municipality = municipality_for(principal.role.value, principal.scope, municipality_key)
    except AccessDenied as exc:
        raise Forbidden(str(exc)) from exc
    try:
        months = month_range(from_month, to_month, as_of, max_months)
    except MonthError as exc:
        raise DomainError(str(exc), field=exc.field, code="invalid_month") from exc
    wanted = FigureFilter(legal_basis, municipality, provider_kind, category)
    async with runtime.uow() as uow:
        await use_snapshot(uow.session)
        facts = await load_business_facts(uow.session)
    report = compute_business(facts, months, as_of, wanted, targets)
    by_municipality: dict[str, BusinessReport] = {}
    if per_municipality:
        for key in municipality_keys(facts):
            if municipality is None or key == municipality:
                selection = FigureFilter(legal_basis, key, provider_kind, category)
                by_municipality[key] = compute_business(facts, months, as_of, selection, targets)
    return BusinessRead(report, wanted, by_municipality, per_municipality)
