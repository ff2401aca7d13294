"""Claiming due notices for one delivery round.

A claim (token + expiry) keeps two instances from sending the same notice side by side;
a claim left by a crashed instance expires and the notice is sent again (same Message-ID).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from notification.domain.notices import NoticeStatus, NoticeType
from notification.domain.recipients import Recipient
from notification.events import NoticeRef
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
    participant_ref: str = ""
    subject_id: str = ""
    failed_attempts: int = 0
    """Failed attempts of the current delivery (0 again after each success)."""

    @property
    def ref(self) -> NoticeRef:
        """What its events carry."""
        return NoticeRef(self.id, self.notice_type, self.participant_ref, self.subject_id)


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
        select(
            n.c.id,
            n.c.notice_type,
            n.c.facts,
            n.c.attempts,
            n.c.resends,
            n.c.failed_attempts,
            n.c.subject_id,
            n.c.participant_ref.label("notice_participant_ref"),
            r,
        )
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
        participant_ref=row["notice_participant_ref"],
        subject_id=row["subject_id"],
        failed_attempts=row["failed_attempts"] or 0,
    )
