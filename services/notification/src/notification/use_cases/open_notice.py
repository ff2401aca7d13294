"""Open one notice of a type about a subject, exactly once, to whoever it is addressed."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from chassis import UnitOfWork
from notification import events
from notification.domain.notices import ADDRESSEES, NoticeType, notice_id
from notification.store.addressees import notice_status
from notification.store.failures import report_no_channel
from notification.store.notices import insert_notice, notice_exists
from notification.store.recipients import get_recipient

log = logging.getLogger(__name__)


async def open_notice(
    uow: UnitOfWork,
    notice_type: NoticeType,
    subject_id: str,
    participant_ref: str,
    facts: dict[str, Any],
    event_id: str,
    at: datetime,
    *,
    municipality_key: str = "",
    addressee_id: str | None = None,
    placement_id: str | None = None,
) -> bool:
    """Create the notice unless one of this type about this subject exists; part of the
    caller's transaction. Returns whether a notice was created.

    A redelivered event (new event id) finds the existing notice and changes nothing. The
    status follows what is known: waiting (participant or addressee unknown), no_channel
    (NoticeFailed, once) or pending. A missing municipality is taken from the participant.
    """
    if await notice_exists(uow.session, notice_type, subject_id):
        log.info("%s about %s exists already", notice_type, subject_id)
        return False
    addressee = ADDRESSEES[notice_type]
    status = await notice_status(uow.session, participant_ref, addressee, addressee_id)
    if not municipality_key:
        participant = await get_recipient(uow.session, participant_ref)
        municipality_key = participant.municipality_key if participant else ""
    new_id = notice_id(notice_type, subject_id)
    await insert_notice(
        uow.session,
        id=new_id,
        notice_type=notice_type.value,
        subject_id=subject_id,
        participant_ref=participant_ref,
        municipality_key=municipality_key,
        trigger_event_id=event_id,
        status=status.value,
        facts=facts,
        created_at=at,
        updated_at=at,
        addressee=addressee.value,
        addressee_id=addressee_id,
        placement_id=placement_id,
    )
    for ref, attempts in await report_no_channel(uow.session, at, notice_id=new_id):
        uow.publish(events.no_channel(ref, attempts, at))  # neither e-mail nor address
    log.info("opened %s about %s: %s", notice_type, subject_id, status)
    return True
