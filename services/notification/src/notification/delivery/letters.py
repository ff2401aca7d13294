"""The document of a notice (rendered once, then reused) and collecting letters for print."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from gemeinwerk_contracts.events.notification import NoticeChannel

from chassis import UnitOfWork
from notification import events
from notification.delivery.prepare import berlin_day
from notification.letters.document import build_document
from notification.letters.layout import Letterhead
from notification.store import deliveries
from notification.store.deliveries import ClaimedNotice
from notification.store.documents import NoticeDocument, get_document, save_document
from notification.store.resends import record_delivery

log = logging.getLogger(__name__)


async def document_for(
    new_uow: Callable[[], UnitOfWork],
    notice: ClaimedNotice,
    letterhead: Letterhead,
    now: datetime,
) -> NoticeDocument:
    """The stored document; rendered and stored on the first attempt, never again.

    Every later attempt and every resend carries the very same PDF.
    """
    async with new_uow() as uow:
        document = await get_document(uow.session, notice.id)
    if document is not None:
        return document
    assert notice.recipient is not None
    built = await build_document(
        notice.id,
        notice.notice_type,
        notice.facts,
        notice.recipient,
        letterhead,
        berlin_day(now),
        notice.participant,
    )
    async with new_uow() as uow:
        document = await save_document(uow.session, built, now)
        await uow.commit()
    return document


async def collect_letter(
    new_uow: Callable[[], UnitOfWork], notice: ClaimedNotice, document: NoticeDocument, token: str
) -> None:
    """No e-mail address: the letter joins today's print collection (GET /letters).

    Published in the same transaction: NoticeDelivered (channel letter = handed to print).
    """
    now = datetime.now(UTC)
    day = berlin_day(now)
    async with new_uow() as uow:
        collected = await deliveries.record_letter(
            uow.session, notice.id, token, now, day, document.languages
        )
        if collected and await record_delivery(
            uow.session, notice.id, notice.resends, now, channel="letter", letter_date=day
        ):
            uow.publish(events.delivered(notice.ref, NoticeChannel.LETTER, notice.resends, now))
        await uow.commit()
    log.info("notice %s collected for printing on %s", notice.id, day)
