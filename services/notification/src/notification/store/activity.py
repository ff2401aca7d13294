"""Which placements are running and when hours were last logged (for the hours reminder)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from notification.store.tables import placement_activity_table as a
from notification.store.tables import refusal_table as rf


@dataclass(frozen=True)
class Activity:
    """One placement as the reminder sees it."""

    placement_id: str
    participant_ref: str
    provider_id: str
    municipality_key: str
    start_date: date
    last_work_date: date | None
    end_date: date | None


async def placement_started(
    session: AsyncSession,
    placement_id: str,
    participant_ref: str,
    provider_id: str,
    municipality_key: str,
    start_date: date,
    at: datetime,
) -> None:
    """Track a started placement (once; a redelivery changes nothing)."""
    exists = (
        await session.execute(select(a.c.placement_id).where(a.c.placement_id == placement_id))
    ).first()
    if exists is None:
        await session.execute(
            insert(a).values(
                placement_id=placement_id,
                participant_ref=participant_ref,
                provider_id=provider_id,
                municipality_key=municipality_key,
                start_date=start_date,
                updated_at=at,
            )
        )


async def hours_logged(
    session: AsyncSession, placement_id: str, work_date: date, at: datetime
) -> None:
    """Hours for a work date: the latest work date moves forward, never back."""
    current = (
        await session.execute(select(a.c.last_work_date).where(a.c.placement_id == placement_id))
    ).first()
    if current is None:
        return  # a placement we never saw start: nothing to remind about
    if current.last_work_date is None or current.last_work_date < work_date:
        await session.execute(
            update(a)
            .where(a.c.placement_id == placement_id)
            .values(last_work_date=work_date, updated_at=at)
        )


async def placement_ended(
    session: AsyncSession, placement_id: str, end_date: date, at: datetime
) -> Activity | None:
    """Mark the placement ended; returns what is known about it (None when never started)."""
    await session.execute(
        update(a).where(a.c.placement_id == placement_id).values(end_date=end_date, updated_at=at)
    )
    return await get_activity(session, placement_id)


async def get_activity(session: AsyncSession, placement_id: str) -> Activity | None:
    """One tracked placement."""
    row = (await session.execute(select(a).where(a.c.placement_id == placement_id))).first()
    return None if row is None else _activity(row._mapping)


async def running(session: AsyncSession, today: date) -> list[Activity]:
    """Placements started on or before `today` and not ended before it."""
    rows = await session.execute(
        select(a)
        .where(a.c.start_date <= today)
        .where((a.c.end_date.is_(None)) | (a.c.end_date >= today))
        .order_by(a.c.start_date, a.c.placement_id)
    )
    return [_activity(row._mapping) for row in rows.all()]


def _activity(m: object) -> Activity:
    row = dict(m)  # type: ignore[call-overload]
    return Activity(
        placement_id=row["placement_id"],
        participant_ref=row["participant_ref"],
        provider_id=row["provider_id"],
        municipality_key=row["municipality_key"],
        start_date=row["start_date"],
        last_work_date=row["last_work_date"],
        end_date=row["end_date"],
    )


async def refusal_recorded(
    session: AsyncSession,
    refusal_id: str,
    participant_ref: str,
    placement_id: str | None,
    kind: str,
    refusal_date: date,
) -> None:
    """Keep an unjustified refusal for the hearing letter (kind and date); once."""
    exists = (
        await session.execute(select(rf.c.refusal_id).where(rf.c.refusal_id == refusal_id))
    ).first()
    if exists is None:
        await session.execute(
            insert(rf).values(
                refusal_id=refusal_id,
                participant_ref=participant_ref,
                placement_id=placement_id,
                kind=kind,
                refusal_date=refusal_date,
            )
        )


async def get_refusal(session: AsyncSession, refusal_id: str) -> tuple[str, date] | None:
    """Kind and date of a refusal, None when it was not seen."""
    row = (
        await session.execute(
            select(rf.c.kind, rf.c.refusal_date).where(rf.c.refusal_id == refusal_id)
        )
    ).first()
    return None if row is None else (row.kind, row.refusal_date)
