"""Hours entries: one row per placement and work date, never edited. Their current minutes
come from the newest correction (`hours_correction`), else from the entry itself."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from placement.domain.models import HoursEntry
from placement.store.tables import hours_correction_table as c
from placement.store.tables import hours_entry_table as t


def current_minutes() -> ColumnElement[int]:
    """The current minutes of an `hours_entry` row: its newest correction's, else its own
    (one index lookup per entry on `uq_hours_correction_entry_revision`)."""
    newest = (
        select(c.c.worked_minutes)
        .where(c.c.entry_id == t.c.id)
        .order_by(c.c.revision.desc())
        .limit(1)
        .scalar_subquery()
    )
    return func.coalesce(newest, t.c.worked_minutes)


async def logged_days(
    session: AsyncSession, placement_ids: Sequence[str], first: date, last: date
) -> dict[str, dict[date, int]]:
    """Current minutes (after corrections) per placement and day with an entry, for days
    between `first` and `last`; a withdrawn entry is present with 0.

    One query for the whole batch; placements without entries are absent.
    """
    if not placement_ids:
        return {}
    query = (
        select(t.c.placement_id, t.c.work_date, current_minutes())
        .where(t.c.placement_id.in_(list(placement_ids)))
        .where(t.c.work_date.between(first, last))
    )
    logged: dict[str, dict[date, int]] = {}
    for placement_id, work_date, minutes in (await session.execute(query)).all():
        days = logged.setdefault(placement_id, {})
        days[work_date] = days.get(work_date, 0) + int(minutes)
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
