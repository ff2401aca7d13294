"""§ 16d months: policy versions, documented re-checks and the counted placement periods."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from placement.domain.lifecycle import PROPOSED, STARTED
from placement.domain.sgb2_months import Sgb2MonthsPolicy, Span
from placement.store.policies import _add, _stamp
from placement.store.tables import placement_table as p
from placement.store.tables import sgb2_months_policy_table as m
from placement.store.tables import sgb2_recheck_table as r


async def versions(session: AsyncSession) -> list[Sgb2MonthsPolicy]:
    """All stored versions of the § 16d limit, oldest first."""
    rows = (await session.execute(select(m).order_by(m.c.valid_from))).all()
    return [Sgb2MonthsPolicy(x.valid_from, x.months_limit, x.window_years) for x in rows]


async def add_version(session: AsyncSession, policy: Sgb2MonthsPolicy, created_by: str) -> None:
    """Store a new version (409 when one starts on the same day)."""
    values = {
        "valid_from": policy.valid_from,
        "months_limit": policy.months_limit,
        "window_years": policy.window_years,
    }
    await _add(session, insert(m).values(**values, **_stamp(created_by)), policy.valid_from)


async def add_recheck(
    session: AsyncSession,
    recheck_id: str,
    participant_id: str,
    decided_on: date,
    note: str | None,
    at: datetime,
    by: str,
) -> None:
    """Record a documented re-check."""
    await session.execute(
        insert(r).values(
            id=recheck_id,
            participant_id=participant_id,
            decided_on=decided_on,
            note=note,
            recorded_at=at,
            recorded_by=by,
        )
    )


async def recheck_dates(session: AsyncSession, participant_id: str) -> list[date]:
    """The days of the participant's re-checks, oldest first."""
    query = (
        select(r.c.decided_on).where(r.c.participant_id == participant_id).order_by(r.c.decided_on)
    )
    return list((await session.execute(query)).scalars())


async def spans(
    session: AsyncSession, participant_id: str, today: date, *, used_only: bool = False
) -> list[Span]:
    """The counted periods of the participant's placements (see domain.sgb2_months).

    Started placements count from their start to their end date, or to today while they run
    (to their planned end when `used_only` is false). Proposed ones count their planned period
    unless `used_only`. Placements that never started count nothing.
    """
    query = select(p.c.status, p.c.start_date, p.c.end_date, p.c.planned_end_date, p.c.started_at)
    query = query.where(p.c.participant_id == participant_id)
    found: list[Span] = []
    for status, start, end, planned_end, started_at in (await session.execute(query)).all():
        started = status == STARTED or (started_at is not None)
        if started:
            if end is not None:
                last = end
            elif used_only or planned_end is None:
                last = today
            else:
                last = max(planned_end, today)
            if used_only:
                last = min(last, today)
        elif status == PROPOSED and not used_only:
            last = planned_end or start
        else:
            continue
        if last >= start:
            found.append(Span(start, last))
    return found
