"""Version-1 events."""

from gemeinwerk_contracts.events.allowance import AllowanceStatementIssued
from gemeinwerk_contracts.events.base import Event
from gemeinwerk_contracts.events.notification import (
    NoticeChannel,
    NoticeDelivered,
    NoticeFailed,
    NoticeFailureReason,
)
from gemeinwerk_contracts.events.participant import ParticipantRegistered, PostalAddress
from gemeinwerk_contracts.events.placement import (
    HoursCorrected,
    HoursLogged,
    PlacementEnded,
    PlacementStarted,
    RefusalRecorded,
)

__all__ = [
    "AllowanceStatementIssued",
    "Event",
    "HoursCorrected",
    "HoursLogged",
    "NoticeChannel",
    "NoticeDelivered",
    "NoticeFailed",
    "NoticeFailureReason",
    "ParticipantRegistered",
    "PlacementEnded",
    "PlacementStarted",
    "PostalAddress",
    "RefusalRecorded",
]
