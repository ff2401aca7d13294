"""Deliveries of a notice: the first one and every resend staff asked for, recorded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from notification.domain.notices import DELIVERED_STATUSES, NoticeStatus
from notification.store.tables import notice_delivery_table as dl
from notification.store.tables import notice_table as n
from notification.store.timestamps import as_utc


@dataclass(frozen=True)
class DeliveryRecord:
    """One delivery of a notice (sequence 0: the first; n: the n-th resend)."""

    sequence: int
    requested_at: datetime
    requested_by: str | None
    requested_role: str | None
    channel: str | None
    delivered_at: datetime | None
    recipient_email: str | None
    message_id: str | None
    letter_date: date | None


async def request_resend(
    session: AsyncSession, notice_id: str, by: str, role: str, at: datetime
) -> int | None:
    """Queue the notice again; returns the resend number, None when it was not delivered."""
    resends = (
        await session.execute(
            select(n.c.resends)
            .where(n.c.id == notice_id)
            .where(n.c.status.in_([s.value for s in DELIVERED_STATUSES]))
        )
    ).scalar_one_or_none()
    if resends is None:
        return None
    sequence = int(resends) + 1
    result = await session.execute(
        update(n)
        .where(n.c.id == notice_id, n.c.resends == resends)
        .values(
            status=NoticeStatus.PENDING.value,
            resends=sequence,
            next_attempt_at=None,
            last_error=None,
            updated_at=at,
        )
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        return None  # a concurrent resend won
    await session.execute(
        insert(dl).values(
            notice_id=notice_id,
            sequence=sequence,
            requested_at=at,
            requested_by=by[:200],
            requested_role=role,
        )
    )
    return sequence


async def record_delivery(
    session: AsyncSession, notice_id: str, sequence: int, at: datetime, **values: object
) -> bool:
    """Note a delivery (channel, time, address or print day) under its sequence number.

    Returns False when that delivery was noted before (then nothing changes).
    """
    result = await session.execute(
        update(dl)
        .where(dl.c.notice_id == notice_id, dl.c.sequence == sequence)
        .where(dl.c.delivered_at.is_(None))
        .values(delivered_at=at, **values)
    )
    if result.rowcount:  # type: ignore[attr-defined]
        return True
    noted = await session.execute(
        select(dl.c.sequence).where(dl.c.notice_id == notice_id, dl.c.sequence == sequence)
    )
    if noted.first() is not None:
        return False
    await session.execute(
        insert(dl).values(
            notice_id=notice_id, sequence=sequence, requested_at=at, delivered_at=at, **values
        )
    )
    return True


async def deliveries_of(session: AsyncSession, notice_id: str) -> list[DeliveryRecord]:
    """All deliveries of a notice, first one first."""
    rows = await session.execute(
        select(dl).where(dl.c.notice_id == notice_id).order_by(dl.c.sequence)
    )
    return [
        DeliveryRecord(
            sequence=m["sequence"],
            requested_at=as_utc(m["requested_at"]),
            requested_by=m["requested_by"],
            requested_role=m["requested_role"],
            channel=m["channel"],
            delivered_at=as_utc(m["delivered_at"]),
            recipient_email=m["recipient_email"],
            message_id=m["message_id"],
            letter_date=m["letter_date"],
        )
        for m in (row._mapping for row in rows)
    ]
