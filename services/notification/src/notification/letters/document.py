"""Build the document of a notice: its text in German plus aid, and the PDF letter."""

from __future__ import annotations

import asyncio
from datetime import date

from notification.domain.notices import NoticeType
from notification.domain.recipients import Recipient
from notification.letters.layout import Letterhead, letter_html
from notification.letters.pdf import html_to_pdf
from notification.store.documents import NoticeDocument
from notification.texts import NoticeText, render_text

RULE = "—" * 30


def plain_text(text: NoticeText) -> str:
    """The e-mail body: the German text, then the translation under its reading-aid note."""
    parts = [text.german.body.rstrip()]
    if text.translation is not None:
        t = text.translation
        parts += [RULE, t.note, t.text.subject, t.text.body.rstrip()]
    return "\n\n".join(parts) + "\n"


async def build_document(
    notice_id: str,
    notice_type: NoticeType,
    facts: dict[str, object],
    recipient: Recipient,
    letterhead: Letterhead,
    letter_date: date,
    participant: Recipient | None = None,
) -> NoticeDocument:
    """Render text and PDF (the PDF in a worker thread). Raises RenderingError.

    `recipient` is whom it goes to; `participant` whom it is about, when that is someone
    else (provider and staff notices).
    """
    if participant is None or participant is recipient:
        text = render_text(notice_type, dict(facts), recipient)
    else:
        text = render_text(notice_type, dict(facts), participant, recipient)
    names = (
        [recipient.organisation, recipient.full_name]
        if recipient.organisation
        else [recipient.full_name]
    )
    html = letter_html(
        text, letterhead, "\n".join(names), recipient.postal_address, letter_date, notice_id
    )
    pdf = await asyncio.to_thread(html_to_pdf, html)
    return NoticeDocument(
        notice_id=notice_id,
        pdf=pdf,
        subject=text.german.subject,
        body_text=plain_text(text),
        languages=text.languages,
        letter_date=letter_date,
    )
