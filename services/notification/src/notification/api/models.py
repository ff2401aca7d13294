"""Response models of the notice API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from notification.domain.notices import NoticeStatus, NoticeType
from notification.store.notices import NoticeRecord
from notification.store.resends import DeliveryRecord


class DeliveryOut(BaseModel):
    """One delivery of a notice: 0 the first, n the n-th resend."""

    sequence: int
    requested_at: datetime
    requested_by: str | None = Field(description="Staff member who asked for a resend.")
    requested_role: str | None
    channel: str | None
    delivered_at: datetime | None = Field(description="Mail accepted or letter collected.")
    recipient_email: str | None
    message_id: str | None
    letter_date: date | None


class NoticeSummary(BaseModel):
    """A notice in a list."""

    id: UUID
    notice_type: NoticeType
    status: NoticeStatus
    participant_ref: UUID
    subject_id: UUID = Field(description="What the notice is about, e.g. the placement id.")
    addressee: str = Field(description="Whom it goes to: participant, provider or mailbox.")
    placement_id: UUID | None = Field(description="The placement it is about, if any.")
    recipient_email: str | None = Field(
        description="Address the e-mail went to; before sending, the current address."
    )
    created_at: datetime
    sent_at: datetime | None
    attempts: int = Field(description="Delivery attempts so far, the successful one included.")
    last_error: str | None = Field(description="Why the last attempt failed, if it did.")

    @classmethod
    def of(cls, record: NoticeRecord) -> NoticeSummary:
        return cls.model_validate(record, from_attributes=True)


class NoticeDetail(NoticeSummary):
    """A notice with its facts and delivery details."""

    municipality_key: str
    trigger_event_id: str = Field(description="CloudEvents id of the event that opened it.")
    facts: dict[str, Any] = Field(description="Pseudonymous facts the text is rendered from.")
    channel: str | None = Field(description="email (PDF attached) or letter (printed).")
    language: str | None = Field(description="Languages of the text sent: de or de,ar.")
    letter_date: date | None = Field(description="Print collection day of a letter.")
    resends: int = Field(description="Resends staff asked for.")
    updated_at: datetime
    last_attempt_at: datetime | None
    next_attempt_at: datetime | None = Field(description="When a failed delivery is retried.")
    smtp_message_id: str | None = Field(description="Message-ID header; stable per notice.")
    uncertain_sends: int = Field(
        description="Sends repeated (same Message-ID) after one was interrupted mid-SMTP."
    )

    deliveries: list[DeliveryOut] = Field(
        default_factory=list, description="First delivery and resends, as recorded."
    )

    @classmethod
    def of(
        cls, record: NoticeRecord, deliveries: list[DeliveryRecord] | None = None
    ) -> NoticeDetail:
        detail = cls.model_validate(record, from_attributes=True)
        detail.deliveries = [
            DeliveryOut.model_validate(d, from_attributes=True) for d in deliveries or []
        ]
        return detail
