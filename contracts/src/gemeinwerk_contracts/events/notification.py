"""Events of the notification service (version 1): outcomes only, never the content."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import ClassVar
from uuid import UUID

from pydantic import Field

from gemeinwerk_contracts.events.base import Event
from gemeinwerk_contracts.events.placement import ParticipantRef
from gemeinwerk_contracts.topics import NOTIFICATION_PUBLIC


class NoticeChannel(StrEnum):
    EMAIL = "email"
    LETTER = "letter"
    """Handed to print; posting is confirmed by the print room, not by this event."""


class NoticeFailureReason(StrEnum):
    NO_CHANNEL = "no_channel"
    ADDRESS_REFUSED = "address_refused"
    RENDERING_FAILED = "rendering_failed"
    RETRIES_EXHAUSTED = "retries_exhausted"


class _NoticeEvent(Event):
    TOPIC: ClassVar[str] = NOTIFICATION_PUBLIC
    SOURCE: ClassVar[str] = "/notification"

    notice_id: UUID
    notice_type: str = Field(pattern=r"^[a-z_]{1,50}$", description="e.g. placement_started.")
    participant_ref: ParticipantRef
    placement_id: UUID | None = Field(default=None, description="Placement the notice is about.")
    channel: NoticeChannel

    def partition_key(self) -> str:
        return str(self.participant_ref)


class NoticeDelivered(_NoticeEvent):
    """A notice reached its channel: the mail server accepted it, or the letter went to print."""

    TYPE: ClassVar[str] = "de.gemeinwerk.notification.notice-delivered.v1"

    delivery_sequence: int = Field(ge=0, description="0 for the first delivery, n for resend n.")
    delivered_at: datetime


class NoticeFailed(_NoticeEvent):
    """A notice could not be delivered and will not be retried."""

    TYPE: ClassVar[str] = "de.gemeinwerk.notification.notice-failed.v1"

    channel: NoticeChannel | None = Field(  # type: ignore[assignment]
        default=None, description="The channel that failed; none when the recipient has none."
    )
    attempts: int = Field(ge=0)
    reason: NoticeFailureReason
    failed_at: datetime
