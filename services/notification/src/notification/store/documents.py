"""The PDF letter of a notice (stored once, sent as is) and the day's print collection."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from notification.domain.notices import NoticeStatus
from notification.store.tables import notice_document_table as d
from notification.store.tables import notice_table as n


@dataclass(frozen=True)
class NoticeDocument:
    """What every delivery of a notice carries: the PDF and the e-mail text."""

    notice_id: str
    pdf: bytes
    subject: str
    body_text: str
    languages: str
    letter_date: date


async def get_document(session: AsyncSession, notice_id: str) -> NoticeDocument | None:
    """The stored document of a notice, None before its first delivery attempt."""
    row = (await session.execute(select(d).where(d.c.notice_id == notice_id))).first()
    if row is None:
        return None
    m = row._mapping
    return NoticeDocument(
        m["notice_id"],
        bytes(m["pdf"]),
        m["subject"],
        m["body_text"],
        m["languages"],
        m["letter_date"],
    )


async def save_document(
    session: AsyncSession, document: NoticeDocument, at: datetime
) -> NoticeDocument:
    """Store the document unless one exists (then that one wins: the same PDF every time)."""
    try:
        async with session.begin_nested():
            await session.execute(
                insert(d).values(
                    notice_id=document.notice_id,
                    pdf=document.pdf,
                    subject=document.subject,
                    body_text=document.body_text,
                    languages=document.languages,
                    letter_date=document.letter_date,
                    created_at=at,
                )
            )
    except IntegrityError:
        existing = await get_document(session, document.notice_id)
        assert existing is not None
        return existing
    return document


async def letters_of_day(
    session: AsyncSession, day: date, municipality_keys: Sequence[str] | None
) -> list[bytes]:
    """PDFs of the letters collected for printing on `day`, in collection order."""
    query = (
        select(d.c.pdf)
        .select_from(d.join(n, n.c.id == d.c.notice_id))
        .where(n.c.status == NoticeStatus.LETTER_READY.value, n.c.letter_date == day)
        .order_by(n.c.updated_at, n.c.id)
    )
    if municipality_keys is not None:
        query = query.where(n.c.municipality_key.in_(list(municipality_keys)))
    return [bytes(pdf) for pdf in (await session.execute(query)).scalars()]
