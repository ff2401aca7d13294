"""Turn a claimed notice and its stored document into an e-mail ready to send."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage
from zoneinfo import ZoneInfo

from notification.delivery.mail import compose
from notification.store.deliveries import ClaimedNotice
from notification.store.documents import NoticeDocument

BERLIN = ZoneInfo("Europe/Berlin")


@dataclass(frozen=True)
class OutgoingMail:
    """One e-mail of one notice."""

    notice: ClaimedNotice
    message: EmailMessage
    recipient_email: str
    language: str
    """Languages it carries: `de` or `de,ar`."""


def mail_for(
    notice: ClaimedNotice, document: NoticeDocument, sender: str, at: datetime
) -> OutgoingMail:
    """The e-mail of a notice whose recipient has an address: text plus the PDF."""
    recipient = notice.recipient
    assert recipient is not None and recipient.email
    message = compose(
        notice_id=notice.id,
        notice_type=notice.notice_type,
        subject=document.subject,
        body=document.body_text,
        languages=document.languages,
        sender=sender,
        to_name=recipient.full_name,
        to_address=recipient.email,
        at=at,
        pdf=document.pdf,
        resend=notice.resends,
    )
    return OutgoingMail(notice, message, recipient.email, document.languages)


def berlin_day(at: datetime) -> date:
    """The calendar day in Europe/Berlin (letter date, print collection day)."""
    return at.astimezone(BERLIN).date()


def describe(error: BaseException) -> str:
    """A one-line reason for last_error (never the message text itself)."""
    return f"{type(error).__name__}: {error}".replace("\n", " ").strip()
