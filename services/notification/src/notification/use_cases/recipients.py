"""Keep the recipient directory current and release notices that waited for it."""

from __future__ import annotations

import logging
from datetime import datetime

from chassis import UnitOfWork
from notification import events
from notification.domain.notices import status_for
from notification.domain.recipients import Recipient
from notification.store.failures import report_no_channel
from notification.store.notices import reassess_open_notices
from notification.store.recipients import save_recipient

log = logging.getLogger(__name__)


async def register_recipient(
    uow: UnitOfWork, recipient: Recipient, registered_at: datetime, event_id: str
) -> None:
    """Store (or overwrite) a participant's contact data; part of the caller's transaction.

    Unsent e-mail notices of the participant follow the new data: those waiting for the
    registration become pending (or no_channel without an e-mail address), pending ones
    become no_channel when the address was removed. A notice in no_channel is reported
    (NoticeFailed, reason no_channel) once.
    """
    if not await save_recipient(uow.session, recipient, registered_at, event_id):
        log.info("ignored a registration older than the one stored")
        return
    changed = await reassess_open_notices(
        uow.session, recipient.participant_ref, status_for(recipient), registered_at
    )
    if changed:
        log.info("registration moved %d open notice(s) to %s", changed, status_for(recipient))
    ref = recipient.participant_ref
    for notice, attempts in await report_no_channel(
        uow.session, registered_at, participant_ref=ref
    ):
        uow.publish(events.no_channel(notice, attempts, registered_at))
