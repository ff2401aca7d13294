"""Open the one notice that tells a participant about a started placement."""

from __future__ import annotations

import logging
from datetime import datetime

from chassis import UnitOfWork
from notification import events
from notification.domain.notices import NoticeType, notice_id, status_for
from notification.domain.placement_notice import PlacementFacts
from notification.store.failures import report_no_channel
from notification.store.notices import insert_notice, notice_exists
from notification.store.recipients import get_recipient

log = logging.getLogger(__name__)


async def open_placement_notice(
    uow: UnitOfWork, participant_ref: str, facts: PlacementFacts, event_id: str, at: datetime
) -> bool:
    """Create the notice unless the placement has one; part of the caller's transaction.

    Returns whether a notice was created. A PlacementStarted redelivered under a new event
    id finds the existing notice and changes nothing.
    """
    notice_type = NoticeType.PLACEMENT_STARTED
    if await notice_exists(uow.session, notice_type, facts.placement_id):
        log.info("placement %s has its notice already", facts.placement_id)
        return False
    recipient = await get_recipient(uow.session, participant_ref)
    status = status_for(recipient)
    new_id = notice_id(notice_type, facts.placement_id)
    await insert_notice(
        uow.session,
        id=new_id,
        notice_type=notice_type.value,
        subject_id=facts.placement_id,
        participant_ref=participant_ref,
        municipality_key=facts.municipality_key,
        trigger_event_id=event_id,
        status=status.value,
        facts=facts.to_json(),
        created_at=at,
        updated_at=at,
    )
    for ref, attempts in await report_no_channel(uow.session, at, notice_id=new_id):
        uow.publish(events.no_channel(ref, attempts, at))  # neither e-mail nor address
    log.info("opened notice for placement %s: %s", facts.placement_id, status)
    return True
