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
from notification.store.addressees import addressee_of
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
    participant: Recipient | None = None
    """The participant the notice is about (names); `recipient` is whom it goes to."""
    placement_id: str | None = None
    in_doubt: bool = False
    """An earlier round began the SMTP transaction of this delivery and never recorded its
    outcome (killed): the relay may have the mail already. Sent again, same Message-ID."""

    @property
    def ref(self) -> NoticeRef:
        """What its events carry."""
        return NoticeRef(
            self.id, self.notice_type, self.participant_ref, self.subject_id, self.placement_id
        )


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
            n.c.addressee,
            n.c.addressee_id,
            n.c.placement_id,
            n.c.send_started_at,
            n.c.municipality_key.label("notice_municipality_key"),
            r,
        )
        .select_from(n.outerjoin(r, r.c.participant_ref == n.c.participant_ref))
        .where(n.c.claim_token == token)
        .order_by(n.c.created_at, n.c.id)
    )
    claimed = []
    for row in rows.all():
        m = row._mapping
        participant = recipient_from_row(m) if m["participant_ref"] is not None else None
        target = await addressee_of(
            session, m["addressee"], m["addressee_id"], participant, m["notice_municipality_key"]
        )
        claimed.append(_claimed(m, participant, target))
    return claimed


def _claimed(row: Any, participant: Recipient | None, target: Recipient | None) -> ClaimedNotice:
    return ClaimedNotice(
        id=row["id"],
        notice_type=NoticeType(row["notice_type"]),
        facts=dict(row["facts"]),
        attempts=row["attempts"],
        recipient=target,
        resends=row["resends"] or 0,
        participant_ref=row["notice_participant_ref"],
        subject_id=row["subject_id"],
        failed_attempts=row["failed_attempts"] or 0,
        participant=participant,
        placement_id=row["placement_id"],
        in_doubt=row["send_started_at"] is not None,
    )
