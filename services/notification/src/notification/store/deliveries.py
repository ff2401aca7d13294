"""Delivery bookkeeping: claim due notices for one round, record each outcome.

A claim (token + expiry) keeps two instances from sending the same notice side by side;
a claim left by a crashed instance expires and the notice is sent again (same Message-ID).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from notification.domain.notices import NoticeStatus, NoticeType
from notification.domain.recipients import Recipient
from notification.store.recipients import recipient_from_row
from notification.store.tables import notice_table as n
from notification.store.tables import recipient_table as r


@dataclass(frozen=True)
class ClaimedNotice:
    """A notice this round owns, with what is needed to render and send it."""

    id: str
    notice_type: NoticeType
    facts: dict[str, Any]
    attempts: int
    recipient: Recipient | None
    resends: int = 0
    """0 for the first delivery, n for the n-th resend (names the Message-ID)."""


async def claim_due(
    session: AsyncSession, token: str, now: datetime, until: datetime, limit: int
) -> list[ClaimedNotice]:
    """Claim up to `limit` pending notices that are due and not claimed by a live round."""
    due = (
        select(n.c.id)
        .where(n.c.status == NoticeStatus.PENDING.value)
        .where(or_(n.c.next_attempt_at.is_(None), n.c.next_attempt_at <= now))
        .where(or_(n.c.claimed_until.is_(None), n.c.claimed_until < now))
        .order_by(n.c.created_at, n.c.id)
        .limit(limit)
    )
    ids = list((await session.execute(due)).scalars())
    if not ids:
        return []
    # Re-check the conditions: another instance may have claimed some meanwhile.
    await session.execute(
        update(n)
        .where(n.c.id.in_(ids))
        .where(n.c.status == NoticeStatus.PENDING.value)
        .where(or_(n.c.claimed_until.is_(None), n.c.claimed_until < now))
        .values(claim_token=token, claimed_until=until)
    )
    rows = await session.execute(
        select(n.c.id, n.c.notice_type, n.c.facts, n.c.attempts, n.c.resends, r)
        .select_from(n.outerjoin(r, r.c.participant_ref == n.c.participant_ref))
        .where(n.c.claim_token == token)
        .order_by(n.c.created_at, n.c.id)
    )
    return [_claimed(row._mapping) for row in rows]


def _claimed(row: Any) -> ClaimedNotice:
    has_recipient = row["participant_ref"] is not None
    return ClaimedNotice(
        id=row["id"],
        notice_type=NoticeType(row["notice_type"]),
        facts=dict(row["facts"]),
        attempts=row["attempts"],
        recipient=recipient_from_row(row) if has_recipient else None,
        resends=row["resends"] or 0,
    )


async def record_sent(session: AsyncSession, notice_id: str, at: datetime, **values: Any) -> bool:
    """The relay accepted the e-mail. Returns False when it was recorded as sent before."""
    result = await session.execute(
        update(n)
        .where(n.c.id == notice_id)
        .where(n.c.status != NoticeStatus.SENT.value)
        .values(
            status=NoticeStatus.SENT.value,
            attempts=n.c.attempts + 1,
            last_attempt_at=at,
            sent_at=at,
            updated_at=at,
            last_error=None,
            next_attempt_at=None,
            claim_token=None,
            claimed_until=None,
            **values,
        )
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
            last_attempt_at=at,
            updated_at=at,
            last_error=None,
            next_attempt_at=None,
            claim_token=None,
            claimed_until=None,
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def record_failure(
    session: AsyncSession, notice_id: str, token: str, at: datetime, error: str, retry_at: datetime
) -> None:
    """An attempt failed: count it, keep the reason, release the claim until `retry_at`."""
    await session.execute(
        update(n)
        .where(n.c.id == notice_id)
        .where(n.c.claim_token == token)
        .values(
            attempts=n.c.attempts + 1,
            last_attempt_at=at,
            last_error=error[:2000],
            next_attempt_at=retry_at,
            updated_at=at,
            claim_token=None,
            claimed_until=None,
        )
    )


async def record_status(
    session: AsyncSession, notice_id: str, token: str, status: NoticeStatus, at: datetime
) -> None:
    """The notice cannot go by e-mail after all (e.g. the address was removed)."""
    await session.execute(
        update(n)
        .where(n.c.id == notice_id)
        .where(n.c.claim_token == token)
        .values(status=status.value, updated_at=at, claim_token=None, claimed_until=None)
    )


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
