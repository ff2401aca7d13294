"""Version-1 events."""

from gemeinwerk_contracts.events.base import Event
from gemeinwerk_contracts.events.participant import ParticipantRegistered, PostalAddress
from gemeinwerk_contracts.events.placement import (
    HoursLogged,
    PlacementEnded,
    PlacementStarted,
    RefusalRecorded,
)

__all__ = [
    "Event",
    "HoursLogged",
    "ParticipantRegistered",
    "PlacementEnded",
    "PlacementStarted",
    "PostalAddress",
    "RefusalRecorded",
]
