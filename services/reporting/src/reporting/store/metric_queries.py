"""Aggregates behind the Prometheus gauges: low-cardinality labels only, a bounded window."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from reporting.domain.business import DEFAULT_TARGETS, business_gauges
from reporting.domain.facts import KpiFilter
from reporting.domain.months import Month, months_between
from reporting.store.allowance_queries import allowance_per_month
from reporting.store.business_facts import load_business_facts
from reporting.store.sql import counted_placements, month_of, year_month
from reporting.store.tables import hours_entry_table, placement_table, refusal_table

p, h, r = placement_table.c, hours_entry_table.c, refusal_table.c
UNKNOWN = "unknown"
"""Label value for hours whose placement start has not been read yet."""

Labels = tuple[str, ...]


@dataclass(frozen=True)
class MetricsSnapshot:
    """Gauge values by label values, as of one read of the store."""

    active: dict[Labels, int] = field(default_factory=dict)
    """(legal_basis, municipality_key, provider_kind) → placements active today."""
    started: dict[Labels, int] = field(default_factory=dict)
    """(month, legal_basis) → placements started."""
    ended: dict[Labels, int] = field(default_factory=dict)
    """(month, reason) → placements ended."""
    worked_minutes: dict[Labels, int] = field(default_factory=dict)
    """(month, legal_basis) → minutes worked."""
    refusals: dict[Labels, int] = field(default_factory=dict)
    """(month, justified) → refusals recorded."""
    allowance_cents: dict[Labels, int] = field(default_factory=dict)
    """(month,) → cents of the allowance statements issued for the month."""
    awaiting_start: int = 0
    """Placements whose end was read but whose start was not (yet)."""
    places: dict[Labels, int] = field(default_factory=dict)
    """(provider_kind, municipality_key, state) → places today (offered/occupied/reserved/free)."""
    place_targets: dict[Labels, int] = field(default_factory=dict)
    """(provider_kind,) → places planned (settings)."""
    obliged: dict[Labels, int] = field(default_factory=dict)
    """(municipality_key, legal_basis, placed) → obliged participants today."""
    proposed: dict[Labels, int] = field(default_factory=dict)
    """(month, legal_basis) → Zuweisungen issued."""
    sanctions: dict[Labels, int] = field(default_factory=dict)
    """(month, step) → sanction steps."""
    allowance_paid_cents: dict[Labels, int] = field(default_factory=dict)
    """(month,) → cents paid by the payment runs for the month."""
    notices: dict[Labels, int] = field(default_factory=dict)
    """(month, outcome, notice_type) → notice outcomes."""


async def metrics_snapshot(
    session: AsyncSession,
    today: date,
    window: int,
    targets: Mapping[str, int] | None = None,
) -> MetricsSnapshot:
    """Read every gauge value; months are limited to the `window` months up to today's."""
    last = Month.of(today)
    business = business_gauges(
        await load_business_facts(session),
        today,
        months_between(last.shift(1 - window), last),
        DEFAULT_TARGETS if targets is None else targets,
    )
    first_day, last_day = last.shift(1 - window).first_day, last.last_day
    active = await session.execute(
        select(p.legal_basis, p.municipality_key, p.provider_kind, func.count())
        .where(*counted_placements(), p.start_date <= today)
        .where(or_(p.end_date.is_(None), p.end_date >= today))
        .group_by(p.legal_basis, p.municipality_key, p.provider_kind)
    )
    started = await _by_month(session, p.start_date, p.legal_basis, first_day, last_day)
    ended = await _by_month(session, p.end_date, p.end_reason, first_day, last_day)
    worked = await _worked(session, first_day, last_day)
    refusals = await _refusals(session, first_day, last_day)
    allowance = await allowance_per_month(session, last.shift(1 - window), last, KpiFilter())
    awaiting = await session.scalar(
        select(func.count()).select_from(placement_table).where(p.start_date.is_(None))
    )
    return MetricsSnapshot(
        active={(lb, mk, pk): int(n) for lb, mk, pk, n in active},
        started=started,
        ended=ended,
        worked_minutes=worked,
        refusals=refusals,
        allowance_cents={(str(month),): cents for month, cents in allowance.items()},
        awaiting_start=int(awaiting or 0),
        places=business.places,
        place_targets=business.place_targets,
        obliged=business.obliged,
        proposed=business.proposed,
        sanctions=business.sanctions,
        allowance_paid_cents=business.allowance_paid_cents,
        notices=business.notices,
    )


async def _by_month(
    session: AsyncSession, day: Any, label: Any, first: date, last: date
) -> dict[Labels, int]:
    year, month = year_month(day)
    rows = await session.execute(
        select(year, month, label, func.count())
        .where(*counted_placements(), day.between(first, last))
        .group_by(year, month, label)
    )
    return {(str(month_of(y, m)), str(value)): int(n) for y, m, value, n in rows}


async def _worked(session: AsyncSession, first: date, last: date) -> dict[Labels, int]:
    year, month = year_month(h.work_date)
    rows = await session.execute(
        select(year, month, p.legal_basis, func.sum(h.minutes))
        .select_from(hours_entry_table.outerjoin(placement_table, p.placement_id == h.placement_id))
        .where(h.work_date.between(first, last))
        .group_by(year, month, p.legal_basis)
    )
    return {(str(month_of(y, m)), basis or UNKNOWN): int(n or 0) for y, m, basis, n in rows}


async def _refusals(session: AsyncSession, first: date, last: date) -> dict[Labels, int]:
    year, month = year_month(r.refusal_date)
    rows = await session.execute(
        select(year, month, r.justified, func.count())
        .where(r.refusal_date.between(first, last))
        .group_by(year, month, r.justified)
    )
    return {(str(month_of(y, m)), "true" if j else "false"): int(n) for y, m, j, n in rows}
