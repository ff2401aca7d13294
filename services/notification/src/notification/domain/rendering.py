"""Turn a notice into text: template plus wording plus facts plus recipient."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from notification.domain.facts import FIELDS, Fields
from notification.domain.notices import NoticeType
from notification.domain.recipients import Recipient
from notification.domain.wording import NoticeTemplate, Wording


class RenderingError(ValueError):
    """A template asks for a field that is missing, or the wording lacks a name."""


@dataclass(frozen=True)
class RenderedNotice:
    """The text of a notice in one language."""

    language: str
    subject: str
    body: str


def notice_fields(notice_type: NoticeType, facts: dict[str, Any], wording: Wording) -> Fields:
    """The type-specific template fields of a notice's stored facts, and its parts."""
    if notice_type not in FIELDS:
        raise RenderingError(f"no fields defined for notice type {notice_type}")
    return FIELDS[notice_type](facts, wording)


def render(
    notice_type: NoticeType,
    facts: dict[str, Any],
    recipient: Recipient,
    template: NoticeTemplate,
    wording: Wording,
    addressee: Recipient | None = None,
) -> RenderedNotice:
    """Fill in a template. Raises RenderingError rather than sending half a text.

    `recipient` is the participant the notice is about (names); `addressee` whom it goes to
    when that is someone else (a provider's contact, a staff mailbox).
    """
    try:
        specific, parts = notice_fields(notice_type, facts, wording)
        fields = {
            "given_name": recipient.given_name,
            "family_name": recipient.family_name,
            "full_name": recipient.full_name,
            "addressee_name": (addressee or recipient).full_name,
            **specific,
        }
        for name, part in parts.items():  # a part may use every other field
            fields[name] = template.parts[part].substitute(fields).strip()
        subject = template.subject.substitute(fields)
        body = template.body.substitute(fields)
    except RenderingError:
        raise
    except (KeyError, ValueError) as exc:
        raise RenderingError(f"cannot render {notice_type} in {template.language}: {exc}") from exc
    # A header must be a single line, whatever the template file ends with.
    return RenderedNotice(template.language, " ".join(subject.split()), body)
