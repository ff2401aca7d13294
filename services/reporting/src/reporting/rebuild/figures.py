"""Every figure of a reporting store, for printing after a rebuild and comparing two stores.

"Every figure": the monthly key figures of GET /kpis over all months the facts touch (up to
the current month) — for the whole district, per legal basis and per municipality — the
values of all business gauges, and the number of fact rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from sqlalchemy import func, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from reporting.domain.business import BusinessReport, FigureFilter, compute_business, flatten
from reporting.domain.facts import KpiFilter
from reporting.domain.kpis import KpiReport, MonthFigures
from reporting.domain.months import Month, months_between
from reporting.store.business_facts import load_business_facts
from reporting.store.kpi_queries import kpi_report
from reporting.store.metric_queries import MetricsSnapshot, metrics_snapshot
from reporting.store.tables import (
    BUSINESS_TABLES,
    allowance_statement_table,
    hours_entry_table,
    notice_outcome_table,
    opportunity_version_table,
    placement_proposal_table,
    placement_table,
    refusal_table,
)

p, h, r = placement_table.c, hours_entry_table.c, refusal_table.c
s = allowance_statement_table.c
pp, ov, no = placement_proposal_table.c, opportunity_version_table.c, notice_outcome_table.c
ALL = "alle"


@dataclass(frozen=True)
class StoreFigures:
    """The figures of one store as of one day."""

    as_of: date
    months: tuple[Month, ...]
    reports: dict[str, KpiReport]
    """"alle", "legal_basis=…", "municipality_key=…" → key figures of that selection."""
    gauges: MetricsSnapshot
    rows: dict[str, int]
    """Fact table → rows."""
    business: dict[str, BusinessReport] = field(default_factory=dict)
    """"alle", "legal_basis=…", "municipality_key=…", "provider_kind=…", "category=…" →
    the business figures (GET /figures) of that selection."""


async def month_span(session: AsyncSession, as_of: date) -> tuple[Month, Month]:
    """From the earliest month of any fact to the current month or the latest fact month."""
    earliest, latest = await _date_span(session)
    last = max(Month.of(as_of), Month.of(latest) if latest else Month.of(as_of))
    first = Month.of(earliest) if earliest else Month.of(as_of)
    return min(first, last), last


async def read_figures(
    session: AsyncSession, as_of: date, span: tuple[Month, Month] | None = None
) -> StoreFigures:
    """Read every figure in the session's transaction (use a snapshot for consistency).

    `span` (first, last month) defaults to `month_span`; compare two stores over one span.
    """
    first, last = span or await month_span(session, as_of)
    months = tuple(months_between(first, last))
    filters = {ALL: KpiFilter()}
    for basis in await _distinct(session, p.legal_basis):
        filters[f"legal_basis={basis}"] = KpiFilter(legal_basis=basis)
    for key in await _distinct(session, p.municipality_key):
        filters[f"municipality_key={key}"] = KpiFilter(municipality_key=key)
    reports = {
        name: await kpi_report(session, months, as_of, kpi_filter)
        for name, kpi_filter in filters.items()
    }
    window = Month.of(as_of).index - months[0].index + 1
    gauges = await metrics_snapshot(session, as_of, max(1, window))
    rows = {
        table.name: int(await session.scalar(select(func.count()).select_from(table)) or 0)
        for table in (
            placement_table,
            hours_entry_table,
            refusal_table,
            allowance_statement_table,
            *BUSINESS_TABLES,
        )
    }
    facts = await load_business_facts(session)
    selections = {ALL: FigureFilter()}
    for name, kpi_filter in filters.items():
        if name != ALL:
            selections[name] = FigureFilter(kpi_filter.legal_basis, kpi_filter.municipality_key)
    for key in sorted({v.municipality_key for v in facts.opportunities}):
        selections[f"municipality_key={key}"] = FigureFilter(municipality_key=key)
    for kind in sorted({v.provider_kind for v in facts.opportunities}):
        selections[f"provider_kind={kind}"] = FigureFilter(provider_kind=kind)
    for category in sorted({v.category for v in facts.opportunities}):
        selections[f"category={category}"] = FigureFilter(category=category)
    business = {
        name: compute_business(facts, months, as_of, selection)
        for name, selection in selections.items()
    }
    return StoreFigures(as_of, months, reports, gauges, rows, business)


async def _distinct(session: AsyncSession, column: Any) -> list[str]:
    rows = await session.execute(select(column).where(p.start_date.is_not(None)).distinct())
    return sorted(str(value) for (value,) in rows if value is not None)


async def _date_span(session: AsyncSession) -> tuple[date | None, date | None]:
    dates = union_all(
        select(func.min(p.start_date).label("lo"), func.max(p.start_date).label("hi")),
        select(func.min(p.end_date), func.max(p.end_date)),
        select(func.min(h.work_date), func.max(h.work_date)),
        select(func.min(r.refusal_date), func.max(r.refusal_date)),
        select(func.min(s.month_first_day), func.max(s.month_first_day)),
        select(func.min(pp.proposed_date), func.max(pp.proposed_date)),
        select(func.min(ov.effective_date), func.max(ov.effective_date)),
        select(func.min(no.outcome_date), func.max(no.outcome_date)),
    ).subquery()
    lo, hi = (await session.execute(select(func.min(dates.c.lo), func.max(dates.c.hi)))).one()
    return lo, hi


def differences(left: StoreFigures, right: StoreFigures, limit: int = 50) -> list[str]:
    """Every figure that differs, as readable lines (at most `limit`); empty: identical."""
    found: list[str] = []
    if left.as_of != right.as_of:
        found.append(f"as_of: {left.as_of} != {right.as_of}")
    found += _diff_dict("rows", left.rows, right.rows)
    for name in sorted(set(left.reports) | set(right.reports)):
        a, b = left.reports.get(name), right.reports.get(name)
        if a is None or b is None:
            found.append(f"{name}: only in {'left' if b is None else 'right'}")
            continue
        if a.active_placements != b.active_placements:
            found.append(
                f"{name} active_placements: {a.active_placements} != {b.active_placements}"
            )
        found += _diff_months(name, a, b)
    for name in sorted(set(left.business) | set(right.business)):
        x, y = left.business.get(name), right.business.get(name)
        if x is None or y is None:
            found.append(f"business {name}: only in {'left' if y is None else 'right'}")
            continue
        fx, fy = flatten(x), flatten(y)
        found += [
            f"business {name} {key}: {fx.get(key)} != {fy.get(key)}"
            for key in sorted(set(fx) | set(fy))
            if fx.get(key) != fy.get(key)
        ]
    for item in fields(MetricsSnapshot):
        a_value, b_value = getattr(left.gauges, item.name), getattr(right.gauges, item.name)
        if isinstance(a_value, dict):
            found += _diff_dict(f"gauge {item.name}", a_value, b_value)
        elif a_value != b_value:
            found.append(f"gauge {item.name}: {a_value} != {b_value}")
    return found[:limit]


def _diff_months(name: str, a: KpiReport, b: KpiReport) -> list[str]:
    found: list[str] = []
    left = {m.month: m for m in a.months}
    right = {m.month: m for m in b.months}
    for month in sorted(set(left) | set(right)):
        zero = MonthFigures(month=month)
        m1, m2 = left.get(month, zero), right.get(month, zero)
        for item in fields(m1):
            if item.name != "month" and getattr(m1, item.name) != getattr(m2, item.name):
                found.append(
                    f"{name} {month} {item.name}: "
                    f"{getattr(m1, item.name)} != {getattr(m2, item.name)}"
                )
    return found


def _diff_dict(name: str, a: dict[Any, int], b: dict[Any, int]) -> list[str]:
    return [
        f"{name} {key}: {a.get(key, 0)} != {b.get(key, 0)}"
        for key in sorted(set(a) | set(b), key=str)
        if a.get(key, 0) != b.get(key, 0)
    ]


def figure_count(figures: StoreFigures) -> int:
    """How many single figures were compared (for the summary line)."""
    per_month = len(fields(MonthFigures)) - 1
    monthly = sum(len(report.months) * per_month + 1 for report in figures.reports.values())
    gauges = sum(
        len(value) if isinstance(value, dict) else 1
        for value in (getattr(figures.gauges, f.name) for f in fields(MetricsSnapshot))
    )
    business = sum(len(flatten(report)) for report in figures.business.values())
    return monthly + gauges + len(figures.rows) + business
