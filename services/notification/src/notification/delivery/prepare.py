"""Turn a claimed notice into an e-mail ready to send, or say why it cannot go."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage

from notification.delivery.mail import compose
from notification.domain.notices import NoticeStatus, status_for
from notification.domain.rendering import render
from notification.store.deliveries import ClaimedNotice
from notification.templates import AUTHORITATIVE_LANGUAGE, load_template, load_wording


@dataclass(frozen=True)
class OutgoingMail:
    """One e-mail of one notice."""

    notice: ClaimedNotice
    message: EmailMessage
    recipient_email: str
    language: str


def prepare(notice: ClaimedNotice, sender: str, at: datetime) -> OutgoingMail | NoticeStatus:
    """The e-mail, or the status the notice has to go back to (no recipient or address).

    Raises RenderingError when a template is broken.
    """
    recipient = notice.recipient
    if recipient is None or not recipient.email:
        return status_for(recipient)
    # German is authoritative; translations as a reading aid are added beside it later.
    language = AUTHORITATIVE_LANGUAGE
    text = render(
        notice.notice_type,
        notice.facts,
        recipient,
        load_template(language, notice.notice_type),
        load_wording(language),
    )
    message = compose(
        notice_id=notice.id,
        notice_type=notice.notice_type,
        text=text,
        sender=sender,
        to_name=recipient.full_name,
        to_address=recipient.email,
        at=at,
    )
    return OutgoingMail(notice, message, recipient.email, language)


def describe(error: BaseException) -> str:
    """A one-line reason for last_error (never the message text itself)."""
    return f"{type(error).__name__}: {error}".replace("\n", " ").strip()
