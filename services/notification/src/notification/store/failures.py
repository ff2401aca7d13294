"""Final failures of a notice, each recorded once so that its NoticeFailed goes out once."""

from __future__ import annotations

from datetime import datetime

from gemeinwerk_contracts.events.notification import NoticeFailureReason
from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from notification.domain.notices import NoticeStatus, NoticeType
from notification.events import NoticeRef
from notification.store.tables import notice_table as n


async def record_final_failure(
    session: AsyncSession,
    notice_id: str,
    token: str,
    at: datetime,
    error: str,
    reason: NoticeFailureReason,
) -> bool:
    """The attempt failed for good: status `failed`, never retried.

    Only the round holding the claim records it; returns False for any other (a round whose
    claim expired meanwhile), so the outcome — and its event — is recorded once.
    """
    result = await session.execute(
        update(n)
        .where(n.c.id == notice_id)
        .where(n.c.claim_token == token)
        .where(n.c.status == NoticeStatus.PENDING.value)
        .values(
            status=NoticeStatus.FAILED.value,
            attempts=n.c.attempts + 1,
            failed_attempts=n.c.failed_attempts + 1,
            last_attempt_at=at,
            last_error=error[:2000],
            next_attempt_at=None,
            failure_reason=reason.value,
            failed_at=at,
            updated_at=at,
            claim_token=None,
            claimed_until=None,
            send_started_at=None,
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def report_no_channel(
    session: AsyncSession,
    at: datetime,
    *,
    participant_ref: str | None = None,
    notice_id: str = "",
    addressee_id: str = "",
) -> list[tuple[NoticeRef, int]]:
    """Notices (of a participant, to an addressee, or one) now in `no_channel` whose failure
    is not reported.

    Marks them reported and returns them with their attempts: a notice is reported as
    no_channel once, however often a registration moves it there again.
    """
    where: ColumnElement[bool] = n.c.id == notice_id
    if participant_ref:
        where = n.c.participant_ref == participant_ref
    elif addressee_id:
        where = n.c.addressee_id == addressee_id
    unreported = or_(
        n.c.failure_reason.is_(None), n.c.failure_reason != NoticeFailureReason.NO_CHANNEL.value
    )
    rows = await session.execute(
        select(
            n.c.id,
            n.c.notice_type,
            n.c.participant_ref,
            n.c.subject_id,
            n.c.attempts,
            n.c.placement_id,
        )
        .where(where, n.c.status == NoticeStatus.NO_CHANNEL.value, unreported)
        .order_by(n.c.created_at, n.c.id)
    )
    reported: list[tuple[NoticeRef, int]] = []
    for row in rows.all():
        marked = await session.execute(
            update(n)
            .where(n.c.id == row.id, unreported)
            .values(failure_reason=NoticeFailureReason.NO_CHANNEL.value, failed_at=at)
        )
        if marked.rowcount:  # type: ignore[attr-defined]  # else a concurrent one reported it
            ref = NoticeRef(
                row.id,
                NoticeType(row.notice_type),
                row.participant_ref,
                row.subject_id,
                row.placement_id,
            )
            reported.append((ref, row.attempts))
    return reported
