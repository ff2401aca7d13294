"""Compose a notice's e-mail (RFC 5322): German text plus aid, the PDF letter attached."""

from __future__ import annotations

from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from notification.domain.notices import NoticeType, message_id

FALLBACK_DOMAIN = "gemeinwerk.invalid"


def sender_address(sender: str) -> str:
    """The bare address of a sender like `gemeinwerk <noreply@example.org>`."""
    return parseaddr(sender)[1] or sender


def sender_domain(sender: str) -> str:
    """The domain of the sender address; it names the Message-IDs."""
    _, at, domain = sender_address(sender).rpartition("@")
    return domain if at and domain else FALLBACK_DOMAIN


def compose(
    *,
    notice_id: str,
    notice_type: NoticeType,
    subject: str,
    body: str,
    languages: str,
    sender: str,
    to_name: str,
    to_address: str,
    at: datetime,
    pdf: bytes | None = None,
    resend: int = 0,
) -> EmailMessage:
    """The e-mail of one delivery of a notice; its Message-ID is the same on every attempt."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = Address(display_name=to_name, addr_spec=to_address)
    message["Subject"] = " ".join(subject.split())
    message["Date"] = format_datetime(at)
    message["Message-ID"] = message_id(notice_id, sender_domain(sender), resend)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies, please
    message["X-Gemeinwerk-Notice-Id"] = notice_id
    message["X-Gemeinwerk-Notice-Type"] = notice_type.value
    message.set_content(body)
    if pdf is not None:
        message.add_attachment(
            pdf,
            maintype="application",
            subtype="pdf",
            filename=f"{notice_type.value}-{notice_id[:8]}.pdf",
        )
    # after set_content/add_attachment, which clear Content-* headers
    message["Content-Language"] = ", ".join(languages.split(","))
    return message
