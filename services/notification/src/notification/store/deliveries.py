"""Delivery bookkeeping: record each outcome (claiming: store/claims.py, re-exported here)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from notification.domain.notices import NoticeStatus, NoticeType
from notification.store.claims import ClaimedNotice, claim_due
from notification.store.tables import notice_table as n

__all__ = [
    "ClaimedNotice",
    "claim_due",
    "count_pending",
    "mark_send_started",
    "record_failure",
    "record_letter",
    "record_sent",
    "record_status",
]


async def record_sent(
    session: AsyncSession, notice_id: str, sequence: int, at: datetime, **values: Any
) -> bool:
    """The relay accepted delivery `sequence` (0 first, n resend n) of the e-mail.

    Returns False when that delivery was recorded as sent before (a second round sent it
    again after the first one's claim expired) or a newer resend is queued meanwhile.
    """
    result = await session.execute(
        update(n)
        .where(n.c.id == notice_id)
        .where(n.c.status != NoticeStatus.SENT.value)
        .where(n.c.resends == sequence)
        .values(
            status=NoticeStatus.SENT.value,
            attempts=n.c.attempts + 1,
            last_attempt_at=at,
            sent_at=at,
            updated_at=at,
            failed_attempts=0,
            last_error=None,
            next_attempt_at=None,
            claim_token=None,
            claimed_until=None,
            send_started_at=None,
            **values,
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def mark_send_started(
    session: AsyncSession, notice_id: str, token: str, at: datetime, in_doubt: bool
) -> bool:
    """Committed right before the SMTP transaction of a notice (the pre-send record).

    If the process dies after this and before the outcome is recorded, the next round knows
    the relay may hold the mail already (`in_doubt`); `uncertain_sends` counts such repeats.
    """
    result = await session.execute(
        update(n)
        .where(n.c.id == notice_id)
        .where(n.c.claim_token == token)
        .values(send_started_at=at, uncertain_sends=n.c.uncertain_sends + int(in_doubt))
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def record_letter(
    session: AsyncSession,
    notice_id: str,
    token: str,
    at: datetime,
    letter_date: date,
    language: str,
) -> bool:
    """The PDF letter joined the print collection of `letter_date`."""
    result = await session.execute(
        update(n)
        .where(n.c.id == notice_id)
        .where(n.c.claim_token == token)
        .values(
            status=NoticeStatus.LETTER_READY.value,
            channel="letter",
            language=language,
            letter_date=letter_date,
            attempts=n.c.attempts + 1,
            failed_attempts=0,
            last_attempt_at=at,
            updated_at=at,
            last_error=None,
            next_attempt_at=None,
            claim_token=None,
            claimed_until=None,
            send_started_at=None,
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def record_failure(
    session: AsyncSession, notice_id: str, token: str, at: datetime, error: str, retry_at: datetime
) -> bool:
    """An attempt failed: count it, keep the reason, release the claim until `retry_at`."""
    result = await session.execute(
        update(n)
        .where(n.c.id == notice_id)
        .where(n.c.claim_token == token)
        .values(
            attempts=n.c.attempts + 1,
            failed_attempts=n.c.failed_attempts + 1,
            last_attempt_at=at,
            last_error=error[:2000],
            next_attempt_at=retry_at,
            updated_at=at,
            claim_token=None,
            claimed_until=None,
            send_started_at=None,
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def record_status(
    session: AsyncSession, notice_id: str, token: str, status: NoticeStatus, at: datetime
) -> bool:
    """The notice cannot go by e-mail after all (e.g. the address was removed)."""
    result = await session.execute(
        update(n)
        .where(n.c.id == notice_id)
        .where(n.c.claim_token == token)
        .values(status=status.value, updated_at=at, claim_token=None, claimed_until=None)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def count_pending(session: AsyncSession) -> dict[NoticeType, int]:
    """How many notices wait for delivery, by type (for the gauge)."""
    rows = await session.execute(
        select(n.c.notice_type, func.count())
        .where(n.c.status == NoticeStatus.PENDING.value)
        .group_by(n.c.notice_type)
    )
    counts = {notice_type: 0 for notice_type in NoticeType}
    for notice_type, count in rows.all():
        counts[NoticeType(notice_type)] = int(count)
    return counts
