"""Corrections of hours entries (append-only) and the entries with their history."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from placement.domain.corrections import Correction, EntryHistory
from placement.store.codec import aware
from placement.store.tables import hours_correction_table as c
from placement.store.tables import hours_entry_table as t


@dataclass(frozen=True)
class EntryState:
    """What a new correction needs to know about its entry."""

    id: str
    placement_id: str
    work_date: date
    current_minutes: int
    revisions: int


async def entry_state(session: AsyncSession, entry_id: str) -> EntryState | None:
    """The entry with its current minutes and number of corrections, or None."""
    entry = (await session.execute(select(t).where(t.c.id == entry_id))).first()
    if entry is None:
        return None
    query = select(c.c.revision, c.c.worked_minutes).where(c.c.entry_id == entry_id)
    newest = (await session.execute(query.order_by(c.c.revision.desc()).limit(1))).first()
    m = entry._mapping
    return EntryState(
        id=m["id"],
        placement_id=m["placement_id"],
        work_date=m["work_date"],
        current_minutes=m["worked_minutes"] if newest is None else newest.worked_minutes,
        revisions=0 if newest is None else newest.revision,
    )


async def add(session: AsyncSession, correction: Correction, corrected_by: str) -> None:
    """Insert a correction (the entry row stays as it was)."""
    await session.execute(
        insert(c).values(
            id=correction.id,
            entry_id=correction.entry_id,
            revision=correction.revision,
            worked_minutes=correction.worked_minutes,
            previous_minutes=correction.previous_minutes,
            reason=correction.reason,
            corrected_at=correction.corrected_at,
            corrected_by=corrected_by,
        )
    )


async def history(session: AsyncSession, placement_id: str) -> list[EntryHistory]:
    """A placement's entries by work date, each with its corrections (two queries)."""
    entries = (
        await session.execute(
            select(t).where(t.c.placement_id == placement_id).order_by(t.c.work_date)
        )
    ).all()
    query = (
        select(c, t.c.placement_id, t.c.work_date)
        .join(t, t.c.id == c.c.entry_id)
        .where(t.c.placement_id == placement_id)
        .order_by(c.c.entry_id, c.c.revision)
    )
    by_entry: dict[str, list[Correction]] = defaultdict(list)
    for row in (await session.execute(query)).all():
        by_entry[row.entry_id].append(_correction(row._mapping))
    return [
        EntryHistory(
            id=e.id,
            placement_id=e.placement_id,
            work_date=e.work_date,
            logged_minutes=e.worked_minutes,
            logged_at=aware(e.logged_at),
            corrections=tuple(by_entry.get(e.id, ())),
        )
        for e in entries
    ]


def _correction(m: Any) -> Correction:
    corrected_at: datetime = aware(m["corrected_at"])
    return Correction(
        id=m["id"],
        entry_id=m["entry_id"],
        placement_id=m["placement_id"],
        work_date=m["work_date"],
        revision=m["revision"],
        worked_minutes=m["worked_minutes"],
        previous_minutes=m["previous_minutes"],
        reason=m["reason"],
        corrected_at=corrected_at,
    )
