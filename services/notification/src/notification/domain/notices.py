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
    ASSIGNMENT = "assignment"
    """The Zuweisung with its Rechtsfolgenbelehrung (legal letter)."""
    PROVIDER_START_INFO = "provider_start_info"
    """To the provider's contact: who starts when, how many hours."""
    HEARING = "hearing"
    """Anhörung before a sanction is decided (legal letter)."""
    CASE_WORKER_HEARING_INFO = "case_worker_hearing_info"
    """To the case workers' mailbox: a hearing letter went out."""
    SANCTION_DECISION = "sanction_decision"
    """Decision on a proposed sanction: imposed (legal letter) or waived."""
    ALLOWANCE_STATEMENT = "allowance_statement"
    PLACEMENT_ENDED = "placement_ended"
    HOURS_REMINDER = "hours_reminder"
    """To the provider's contact: no hours logged for a while."""


class Addressee(StrEnum):
    """Whom a notice goes to. Stored values: never rename one."""

    PARTICIPANT = "participant"
    """The participant (recipient directory), German plus a translation."""
    PROVIDER = "provider"
    """The provider's contact (ProviderContactRecorded), German only."""
    MAILBOX = "mailbox"
    """A staff mailbox from the settings (CASE_WORKER_MAILBOX), German only."""


ADDRESSEES: dict[NoticeType, Addressee] = {
    NoticeType.PLACEMENT_STARTED: Addressee.PARTICIPANT,
    NoticeType.ASSIGNMENT: Addressee.PARTICIPANT,
    NoticeType.PROVIDER_START_INFO: Addressee.PROVIDER,
    NoticeType.HEARING: Addressee.PARTICIPANT,
    NoticeType.CASE_WORKER_HEARING_INFO: Addressee.MAILBOX,
    NoticeType.SANCTION_DECISION: Addressee.PARTICIPANT,
    NoticeType.ALLOWANCE_STATEMENT: Addressee.PARTICIPANT,
    NoticeType.PLACEMENT_ENDED: Addressee.PARTICIPANT,
    NoticeType.HOURS_REMINDER: Addressee.PROVIDER,
}
"""Addressee of each notice type; staff notices (provider, mailbox) are German alone."""

LEGAL_LETTERS = frozenset({NoticeType.ASSIGNMENT, NoticeType.HEARING, NoticeType.SANCTION_DECISION})
"""Administrative acts and the hearing before one: always a PDF letter (mail or print)."""

TEMPLATES: dict[NoticeType, tuple[str, ...]] = {
    notice_type: (notice_type.value,) for notice_type in NoticeType
} | {NoticeType.SANCTION_DECISION: ("sanction_decision", "sanction_waived")}
"""Template folders of each notice type (a waived sanction has its own short letter)."""


def template_name(notice_type: NoticeType, facts: dict[str, object]) -> str:
    """The template folder of one notice: the type, or the variant its facts name."""
    variant = facts.get("template")
    if isinstance(variant, str) and variant in TEMPLATES[notice_type]:
        return variant
    return notice_type.value


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


def subject_of(*parts: object) -> str:
    """A subject id made of several parts (e.g. placement and silent period): a uuid5."""
    return str(uuid.uuid5(NOTICE_NAMESPACE, ":".join(str(p) for p in parts)))


def notice_id(notice_type: NoticeType, subject_id: uuid.UUID | str) -> str:
    """The id of the one notice of this type about this subject (e.g. a placement).

    Derived, not random: a redelivered event (same or new event id) lands on the same id,
    and so does the Message-ID of every send attempt.
    """
    return str(uuid.uuid5(NOTICE_NAMESPACE, f"{notice_type.value}:{subject_id}"))


def status_for(recipient: Recipient | None, participant_known: bool = True) -> NoticeStatus:
    """The status of an unsent notice given what we know about its recipient.

    Notices to staff name the participant, so they wait for the participant's registration
    (`participant_known`) as well as for their own addressee.
    """
    if recipient is None or not participant_known:
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
