"""Keep the recipient directories current and release notices that waited for them."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from chassis import UnitOfWork
from notification import events
from notification.domain.recipients import Recipient
from notification.store.addressees import reassess, save_provider
from notification.store.failures import report_no_channel
from notification.store.recipients import save_recipient

log = logging.getLogger(__name__)


async def register_recipient(
    uow: UnitOfWork, recipient: Recipient, registered_at: datetime, event_id: str
) -> None:
    """Store (or overwrite) a participant's contact data; part of the caller's transaction.

    Registration and every later ParticipantDetailsChanged (a full snapshot) alike: the
    newer one by `ce_time` wins. Unsent notices about the participant follow the new data:
    those waiting for it become pending (or no_channel without any address), pending ones
    become no_channel when the addresses were removed. Notices to providers and staff about
    the participant wait for the participant too (they carry the name). A notice in
    no_channel is reported (NoticeFailed, reason no_channel) once.
    """
    if not await save_recipient(uow.session, recipient, registered_at, event_id):
        log.info("ignored participant data older than the data stored")
        return
    moved = await reassess(uow.session, registered_at, participant_ref=recipient.participant_ref)
    if moved:
        log.info("participant data moved open notices: %s", moved)
    ref = recipient.participant_ref
    for notice, attempts in await report_no_channel(
        uow.session, registered_at, participant_ref=ref
    ):
        uow.publish(events.no_channel(notice, attempts, registered_at))


async def record_provider_contact(
    uow: UnitOfWork, values: dict[str, Any], recorded_at: datetime, event_id: str
) -> None:
    """Store a provider's contact (newer wins) and release notices that waited for it."""
    if not await save_provider(uow.session, values, recorded_at, event_id):
        log.info("ignored a provider contact older than the one stored")
        return
    provider_id = values["provider_id"]
    moved = await reassess(uow.session, recorded_at, provider_id=provider_id)
    if moved:
        log.info("provider contact moved open notices: %s", moved)
    for notice, attempts in await report_no_channel(
        uow.session, recorded_at, addressee_id=provider_id
    ):
        uow.publish(events.no_channel(notice, attempts, recorded_at))
