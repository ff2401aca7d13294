"""What a notice is, which state it is in, and how its delivery is retried."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from enum import StrEnum

from notification.domain.recipients import Recipient

# Fixed forever: notice ids (and with them Message-IDs) are derived from it.
NOTICE_NAMESPACE = uuid.UUID("5d0c1e0a-8f43-4a53-9c61-0b7e6d2f9a11")
MAX_RETRY_DELAY = timedelta(minutes=15)


class NoticeType(StrEnum):
    """What a notice tells; one template folder per type and language."""

    PLACEMENT_STARTED = "placement_started"


class NoticeStatus(StrEnum):
    """Where a notice stands. Stored values: never rename one."""

    WAITING_FOR_RECIPIENT = "waiting_for_recipient"
    """The triggering event came before the participant's registration."""
    PENDING = "pending"
    """Ready to be sent by e-mail (again, after a failed attempt)."""
    NO_CHANNEL = "no_channel"
    """Neither e-mail nor postal address (NoticeFailed no_channel, once); a later
    registration with either makes it pending again."""
    SENT = "sent"
    """The SMTP relay accepted the e-mail (the PDF letter attached)."""
    LETTER_READY = "letter_ready"
    """No e-mail address: the PDF letter is in the print collection of its `letter_date`."""
    FAILED = "failed"
    """Final: attempts exhausted, address refused or text not renderable; never retried."""


OPEN_STATUSES = (
    NoticeStatus.WAITING_FOR_RECIPIENT,
    NoticeStatus.PENDING,
    NoticeStatus.NO_CHANNEL,
)
"""Statuses a later registration of the participant may still change (nothing went out)."""

DELIVERED_STATUSES = (NoticeStatus.SENT, NoticeStatus.LETTER_READY)
"""Statuses after a delivery; only these may be resent."""


class Channel(StrEnum):
    """How a notice reaches its recipient."""

    EMAIL = "email"
    LETTER = "letter"


def channel_for(recipient: Recipient | None) -> Channel | None:
    """E-mail (PDF attached) when there is an address, else a printed letter, else none."""
    if recipient is None:
        return None
    if recipient.email:
        return Channel.EMAIL
    if recipient.postal_address is not None:
        return Channel.LETTER
    return None


def notice_id(notice_type: NoticeType, subject_id: uuid.UUID | str) -> str:
    """The id of the one notice of this type about this subject (e.g. a placement).

    Derived, not random: a redelivered event (same or new event id) lands on the same id,
    and so does the Message-ID of every send attempt.
    """
    return str(uuid.uuid5(NOTICE_NAMESPACE, f"{notice_type.value}:{subject_id}"))


def status_for(recipient: Recipient | None) -> NoticeStatus:
    """The status of an unsent notice given what we know about its recipient."""
    if recipient is None:
        return NoticeStatus.WAITING_FOR_RECIPIENT
    if channel_for(recipient) is None:
        return NoticeStatus.NO_CHANNEL
    return NoticeStatus.PENDING


def retry_delay(attempts: int, base_seconds: float) -> timedelta:
    """Wait before the next attempt after `attempts` failed ones: doubling, capped."""
    exponent = min(max(attempts - 1, 0), 16)
    return min(timedelta(seconds=base_seconds * 2**exponent), MAX_RETRY_DELAY)


def next_attempt_at(attempts: int, base_seconds: float, now: datetime) -> datetime:
    """When a notice whose `attempts`-th attempt just failed is due again."""
    return now + retry_delay(attempts, base_seconds)


def message_id(notice: str, sender_domain: str, resend: int = 0) -> str:
    """RFC 5322 Message-ID of a notice's e-mail; the same for every attempt of one delivery.

    A resend (staff asked for it) is a new delivery and gets its own id.
    """
    if resend:
        return f"<notice.{notice}.{resend}@{sender_domain}>"
    return f"<notice.{notice}@{sender_domain}>"
