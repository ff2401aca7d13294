"""MailCatcher: mails sent with smtplib arrive in memory and as .eml files."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from pathlib import Path

import pytest
from devstack.mailcatcher import MailCatcher

pytestmark = pytest.mark.integration


def _mail(subject: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "noreply@gemeinwerk.local"
    msg["To"] = "teilnehmer@example.org"
    msg["Subject"] = subject
    msg.set_content("Ihre Arbeitsgelegenheit beginnt am Montag. Grüße")
    return msg


def test_receives_and_saves_mail(tmp_path: Path) -> None:
    with MailCatcher(tmp_path / "mail") as catcher:
        with smtplib.SMTP(catcher.host, catcher.port, timeout=10) as smtp:
            smtp.login("user", "secret")  # any credentials are accepted
            smtp.send_message(_mail("Zuweisung bestätigt"))
        [message] = catcher.wait_for_messages(1, timeout=5)
    assert message["Subject"] == "Zuweisung bestätigt"
    assert "Montag" in message.get_content()
    assert catcher.envelopes == [("noreply@gemeinwerk.local", ["teilnehmer@example.org"])]
    [eml] = (tmp_path / "mail").glob("*.eml")
    assert b"Zuweisung" in eml.read_bytes() or b"Subject:" in eml.read_bytes()


async def test_fixture_and_async_wait(mail_catcher: MailCatcher) -> None:
    mail_catcher.clear()
    with smtplib.SMTP(mail_catcher.host, mail_catcher.port, timeout=10) as smtp:
        smtp.send_message(_mail("eins"))
        smtp.send_message(_mail("zwei"))
    messages = await mail_catcher.await_messages(2, timeout=5)
    assert [m["Subject"] for m in messages] == ["eins", "zwei"]
    with pytest.raises(TimeoutError):
        mail_catcher.wait_for_messages(3, timeout=0.2)
