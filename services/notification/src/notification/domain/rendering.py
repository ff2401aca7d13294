"""Turn a notice into text: template plus wording plus facts plus recipient."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from notification.domain.notices import NoticeType
from notification.domain.placement_notice import PlacementFacts
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


def notice_fields(
    notice_type: NoticeType, facts: dict[str, Any], wording: Wording
) -> dict[str, str]:
    """The type-specific template fields of a notice's stored facts."""
    if notice_type is NoticeType.PLACEMENT_STARTED:
        return PlacementFacts.from_json(facts).fields(wording)
    raise RenderingError(f"no fields defined for notice type {notice_type}")


def render(
    notice_type: NoticeType,
    facts: dict[str, Any],
    recipient: Recipient,
    template: NoticeTemplate,
    wording: Wording,
) -> RenderedNotice:
    """Fill in a template. Raises RenderingError rather than sending half a text."""
    try:
        fields = {
            "given_name": recipient.given_name,
            "family_name": recipient.family_name,
            "full_name": recipient.full_name,
            **notice_fields(notice_type, facts, wording),
        }
        subject = template.subject.substitute(fields)
        body = template.body.substitute(fields)
    except RenderingError:
        raise
    except (KeyError, ValueError) as exc:
        raise RenderingError(f"cannot render {notice_type} in {template.language}: {exc}") from exc
    # A header must be a single line, whatever the template file ends with.
    return RenderedNotice(template.language, " ".join(subject.split()), body)
