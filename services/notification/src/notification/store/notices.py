"""Notices: creating them once, moving unsent ones along, reading them for staff."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from notification.domain.notices import NoticeStatus, NoticeType
from notification.store.tables import notice_table as n
from notification.store.tables import recipient_table as r
from notification.store.timestamps import as_utc


@dataclass(frozen=True)
class NoticeRecord:
    """A notice as staff see it."""

    id: str
    notice_type: NoticeType
    subject_id: str
    participant_ref: str
    municipality_key: str
    trigger_event_id: str
    """Id of the event that opened the notice."""
    status: NoticeStatus
    facts: dict[str, Any]
    created_at: datetime
    updated_at: datetime
    channel: str | None
    language: str | None
    recipient_email: str | None
    """The address it was sent to; before that, the directory's current address."""
    attempts: int
    last_attempt_at: datetime | None
    last_error: str | None
    next_attempt_at: datetime | None
    sent_at: datetime | None
    smtp_message_id: str | None
    letter_date: date | None = None
    """Print collection day of a letter."""
    resends: int = 0
    """Resends staff asked for."""
    addressee: str = "participant"
    """participant, provider or mailbox."""
    placement_id: str | None = None
    uncertain_sends: int = 0
    """Sends repeated because an earlier one was interrupted after it began."""


async def notice_exists(session: AsyncSession, notice_type: NoticeType, subject_id: str) -> bool:
    """Whether the one notice of this type about this subject exists already."""
    query = select(n.c.id).where(n.c.notice_type == notice_type, n.c.subject_id == subject_id)
    return (await session.execute(query)).first() is not None


async def placement_of(
    session: AsyncSession, notice_type: NoticeType, subject_id: str
) -> str | None:
    """The placement a notice is about (e.g. the hearing of a sanction), None if unknown."""
    query = select(n.c.placement_id).where(
        n.c.notice_type == notice_type, n.c.subject_id == subject_id
    )
    return (await session.execute(query)).scalar_one_or_none()


async def insert_notice(session: AsyncSession, **values: Any) -> None:
    """Store a new notice (columns as keyword arguments)."""
    await session.execute(insert(n).values(attempts=0, **values))


async def notices_of_participant(
    session: AsyncSession, participant_ref: str, municipality_keys: Sequence[str] | None
) -> list[NoticeRecord]:
    """All notices of one participant, oldest first, limited to some municipalities."""
    query = _records().where(n.c.participant_ref == participant_ref)
    if municipality_keys is not None:
        query = query.where(n.c.municipality_key.in_(list(municipality_keys)))
    rows = (await session.execute(query.order_by(n.c.created_at, n.c.id))).all()
    return [_record(row._mapping) for row in rows]


async def find_notice(session: AsyncSession, notice_id: str) -> NoticeRecord | None:
    """One notice by id."""
    row = (await session.execute(_records().where(n.c.id == notice_id))).first()
    return None if row is None else _record(row._mapping)


def _records() -> Select[Any]:
    return select(n, r.c.email.label("current_email")).select_from(
        n.outerjoin(r, r.c.participant_ref == n.c.participant_ref)
    )


def _record(row: Any) -> NoticeRecord:
    return NoticeRecord(
        id=row["id"],
        notice_type=NoticeType(row["notice_type"]),
        subject_id=row["subject_id"],
        participant_ref=row["participant_ref"],
        municipality_key=row["municipality_key"],
        trigger_event_id=row["trigger_event_id"],
        status=NoticeStatus(row["status"]),
        facts=dict(row["facts"]),
        created_at=as_utc(row["created_at"]),
        updated_at=as_utc(row["updated_at"]),
        channel=row["channel"],
        language=row["language"],
        recipient_email=row["recipient_email"]
        or (row["current_email"] if row["addressee"] == "participant" else None),
        attempts=row["attempts"],
        last_attempt_at=as_utc(row["last_attempt_at"]),
        last_error=row["last_error"],
        next_attempt_at=as_utc(row["next_attempt_at"]),
        sent_at=as_utc(row["sent_at"]),
        smtp_message_id=row["smtp_message_id"],
        letter_date=row["letter_date"],
        resends=row["resends"] or 0,
        addressee=row["addressee"],
        placement_id=row["placement_id"],
        uncertain_sends=row["uncertain_sends"] or 0,
    )
