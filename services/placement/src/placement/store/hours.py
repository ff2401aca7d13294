"""Hours entries: one row per placement and work date."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from placement.domain.models import HoursEntry
from placement.store.tables import hours_entry_table as t


async def logged_days(
    session: AsyncSession, placement_ids: Sequence[str], first: date, last: date
) -> dict[str, dict[date, int]]:
    """Minutes already logged per placement and day, for days between `first` and `last`.

    One query for the whole batch; placements without entries are absent.
    """
    if not placement_ids:
        return {}
    query = (
        select(t.c.placement_id, t.c.work_date, func.sum(t.c.worked_minutes))
        .where(t.c.placement_id.in_(list(placement_ids)))
        .where(t.c.work_date.between(first, last))
        .group_by(t.c.placement_id, t.c.work_date)
    )
    logged: dict[str, dict[date, int]] = {}
    for placement_id, work_date, minutes in (await session.execute(query)).all():
        logged.setdefault(placement_id, {})[work_date] = int(minutes)
    return logged


async def add_many(session: AsyncSession, entries: Sequence[HoursEntry], logged_by: str) -> None:
    """Insert entries in one bulk statement (executemany / insertmanyvalues)."""
    if not entries:
        return
    await session.execute(
        insert(t),
        [
            {
                "id": e.id,
                "placement_id": e.placement_id,
                "work_date": e.work_date,
                "worked_minutes": e.worked_minutes,
                "logged_at": e.logged_at,
                "logged_by": logged_by,
            }
            for e in entries
        ],
    )


async def last_work_date(session: AsyncSession, placement_id: str) -> date | None:
    """The latest day with logged hours for a placement, or None."""
    query = select(func.max(t.c.work_date)).where(t.c.placement_id == placement_id)
    result: date | None = (await session.execute(query)).scalar_one()
    return result
