"""Delivered legal notices: placement listens to the notification topic for the Zuweisung
with Rechtsfolgenbelehrung (`notice_type` "assignment") reaching the participant.

A sanction may only be proposed for a placement whose legal notice was delivered. Other
notice types are ignored; the chassis inbox makes redelivery harmless.
"""

from __future__ import annotations

from datetime import UTC

from gemeinwerk_contracts import Envelope, NoticeDelivered
from gemeinwerk_contracts.topics import NOTIFICATION_PUBLIC
from gemeinwerk_contracts.vocabulary import NoticeType

from chassis import RejectEvent, Subscription, UnitOfWork
from placement.store.codec import aware
from placement.store.sanctions import LegalNotice
from placement.use_cases.sanctions import record_legal_notice


async def on_notice_delivered(uow: UnitOfWork, _envelope: Envelope, event: NoticeDelivered) -> None:
    """Record "legal notice delivered for placement X" for assignment notices."""
    if event.notice_type != NoticeType.ASSIGNMENT.value or event.placement_id is None:
        return
    try:
        delivered_at = aware(event.delivered_at).astimezone(UTC)
    except OverflowError as exc:  # a timestamp at the calendar's edge: never applicable
        raise RejectEvent(f"delivered_at out of range: {exc}") from exc
    await record_legal_notice(
        uow,
        LegalNotice(
            notice_id=str(event.notice_id),
            placement_id=str(event.placement_id),
            participant_ref=str(event.participant_ref),
            channel=event.channel.value,
            delivered_at=delivered_at,
        ),
    )


def legal_notice_subscription() -> Subscription:
    """The consumer group `<service>.legal-notices` on the public notification topic."""
    return Subscription(
        name="legal-notices",
        topics=(NOTIFICATION_PUBLIC,),
        handlers={NoticeDelivered: on_notice_delivered},  # type: ignore[dict-item]
        description="Delivered assignment notices (Rechtsfolgenbelehrung) per placement: "
        "the precondition of a sanction proposal.",
    )
