"""The text of a notice: German (authoritative) plus a translation as a reading aid.

A missing or broken translation never fails the notice: it falls back to German alone
and is logged. A broken German text does fail the attempt (RenderingError).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from notification.domain.notices import ADDRESSEES, Addressee, NoticeType, template_name
from notification.domain.recipients import Recipient
from notification.domain.rendering import RenderedNotice, RenderingError, render
from notification.templates import (
    AUTHORITATIVE_LANGUAGE,
    has_language,
    load_template,
    load_wording,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Translation:
    """A reading aid in the participant's language."""

    text: RenderedNotice
    direction: str
    """`ltr` or `rtl`."""
    note: str
    """"Translation – for information only; the German text is authoritative", in its language."""
    language_name: str
    """German name of the language."""


@dataclass(frozen=True)
class NoticeText:
    """German first, then (maybe) the translation."""

    german: RenderedNotice
    translation: Translation | None

    @property
    def languages(self) -> str:
        """`de` or `de,ar`: the languages the notice carries."""
        if self.translation is None:
            return self.german.language
        return f"{self.german.language},{self.translation.text.language}"


def render_text(
    notice_type: NoticeType,
    facts: dict[str, Any],
    recipient: Recipient,
    addressee: Recipient | None = None,
) -> NoticeText:
    """German text plus the translation into the recipient's preferred language.

    `recipient` is the participant; notices to staff (`addressee`: a provider's contact or a
    mailbox) are German alone.
    """
    german = render(
        notice_type,
        facts,
        recipient,
        load_template(AUTHORITATIVE_LANGUAGE, template_name(notice_type, facts)),
        load_wording(AUTHORITATIVE_LANGUAGE),
        addressee,
    )
    language = (recipient.preferred_language or "").strip().lower()
    if ADDRESSEES[notice_type] is not Addressee.PARTICIPANT:
        return NoticeText(german, None)
    if not language or language == AUTHORITATIVE_LANGUAGE:
        return NoticeText(german, None)
    return NoticeText(german, translation(notice_type, facts, recipient, language))


def translation(
    notice_type: NoticeType, facts: dict[str, Any], recipient: Recipient, language: str
) -> Translation | None:
    """The reading aid in `language`, or None (logged) when it is missing or broken."""
    if not has_language(language):
        log.warning("no %s texts; %s goes out in German alone", language, notice_type)
        return None
    try:
        wording = load_wording(language)
        template = load_template(language, template_name(notice_type, facts))
        text = render(notice_type, facts, recipient, template, wording)
    except (OSError, KeyError, RenderingError) as exc:
        log.warning("translation %s of %s unusable (%s); German alone", language, notice_type, exc)
        return None
    if not wording.translation_note:
        log.warning("translation %s lacks its reading-aid note; German alone", language)
        return None
    return Translation(text, wording.direction, wording.translation_note, wording.language_name)
