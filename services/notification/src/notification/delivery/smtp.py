"""The SMTP relay, reached with aiosmtplib: one connection per delivery round."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from email.message import EmailMessage
from typing import Protocol

import aiosmtplib

from notification.settings import Settings


class MailConnection(Protocol):
    """An open connection that sends one message at a time."""

    async def send(self, message: EmailMessage, sender: str, recipient: str) -> str:
        """Send; returns the relay's answer. Raises when the relay refuses."""
        ...


class Mailer(Protocol):
    """Opens connections to a mail relay (a fake one in tests)."""

    def connect(self) -> AbstractAsyncContextManager[MailConnection]:
        """`async with mailer.connect() as connection:` logs in and quits at the end."""
        ...


CONNECTION_ERRORS: tuple[type[BaseException], ...] = (
    aiosmtplib.SMTPServerDisconnected,
    aiosmtplib.SMTPTimeoutError,
    aiosmtplib.SMTPConnectError,
    OSError,
)
"""Errors after which the connection is gone: the rest of the round waits for the next one."""


def refused_permanently(error: BaseException) -> bool:
    """The relay refused the recipient for good: a 5xx reply to RCPT TO (4xx is retried)."""
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused):
        return bool(error.recipients) and all(r.code >= 500 for r in error.recipients)
    return isinstance(error, aiosmtplib.SMTPRecipientRefused) and error.code >= 500


class _SmtpConnection:
    def __init__(self, client: aiosmtplib.SMTP) -> None:
        self._client = client

    async def send(self, message: EmailMessage, sender: str, recipient: str) -> str:
        _, response = await self._client.send_message(
            message, sender=sender, recipients=[recipient]
        )
        return response


class SmtpMailer:
    """Connects with the settings: STARTTLS and login when configured."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    @asynccontextmanager
    async def connect(self) -> AsyncIterator[MailConnection]:
        s = self._settings
        username = s.smtp_username.get_secret_value() if s.smtp_username else ""
        password = s.smtp_password.get_secret_value() if s.smtp_password else ""
        client = aiosmtplib.SMTP(
            hostname=s.smtp_host,
            port=s.smtp_port,
            timeout=s.smtp_timeout,
            start_tls=s.smtp_starttls,
            username=username or None,
            password=password if username else None,
        )
        await client.connect()
        try:
            yield _SmtpConnection(client)
        finally:
            try:
                await client.quit()
            except Exception:  # the relay hung up first; nothing left to say
                client.close()
