"""The public outcome events of a notice: who, what, when and how — never the content."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from gemeinwerk_contracts import NoticeDelivered, NoticeFailed
from gemeinwerk_contracts.events.notification import NoticeChannel, NoticeFailureReason

from notification.domain.notices import NoticeType

PUBLISHED = (NoticeDelivered, NoticeFailed)
"""Event types of this service (the runtime's `publishes`)."""


@dataclass(frozen=True)
class NoticeRef:
    """The pseudonymous identity of a notice: all its events carry."""

    id: str
    notice_type: NoticeType
    participant_ref: str
    subject_id: str
    placement_id: str | None = None
    """The placement the notice is about (assignment, start, end, hearing, reminder …)."""


def _placement_id(ref: NoticeRef) -> UUID | None:
    if ref.placement_id:
        return UUID(ref.placement_id)
    if ref.notice_type is NoticeType.PLACEMENT_STARTED:
        return UUID(ref.subject_id)
    return None


def delivered(
    ref: NoticeRef, channel: NoticeChannel | str, sequence: int, at: datetime
) -> NoticeDelivered:
    """The mail server accepted the e-mail, or the letter went into the print collection."""
    return NoticeDelivered(
        notice_id=UUID(ref.id),
        notice_type=ref.notice_type.value,
        participant_ref=UUID(ref.participant_ref),
        placement_id=_placement_id(ref),
        channel=NoticeChannel(channel),
        delivery_sequence=sequence,
        delivered_at=at,
    )


def failed(
    ref: NoticeRef,
    channel: NoticeChannel | str | None,
    attempts: int,
    reason: NoticeFailureReason,
    at: datetime,
) -> NoticeFailed:
    """The notice will not be delivered (no_channel: unless a later registration allows it)."""
    return NoticeFailed(
        notice_id=UUID(ref.id),
        notice_type=ref.notice_type.value,
        participant_ref=UUID(ref.participant_ref),
        placement_id=_placement_id(ref),
        channel=None if channel is None else NoticeChannel(channel),
        attempts=attempts,
        reason=reason,
        failed_at=at,
    )


def no_channel(ref: NoticeRef, attempts: int, at: datetime) -> NoticeFailed:
    """Neither e-mail nor postal address: no channel to name."""
    return failed(ref, None, attempts, NoticeFailureReason.NO_CHANNEL, at)
