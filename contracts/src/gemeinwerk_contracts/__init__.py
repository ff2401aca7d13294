"""gemeinwerk event contracts.

Install this package to consume gemeinwerk's events: pydantic models of every versioned
event type, the CloudEvents envelope, topic names and the committed JSON Schemas.
"""

from gemeinwerk_contracts.envelope import DataClassification, Envelope, EnvelopeError
from gemeinwerk_contracts.events import (
    AllowanceStatementIssued,
    Event,
    HoursCorrected,
    HoursLogged,
    NoticeDelivered,
    NoticeFailed,
    ParticipantRegistered,
    PlacementEnded,
    PlacementStarted,
    PostalAddress,
    RefusalRecorded,
)
from gemeinwerk_contracts.registry import (
    EVENT_TYPES,
    ContractError,
    UnknownEventType,
    decode,
    decode_data,
    encode,
    envelope_for,
)

__all__ = [
    "EVENT_TYPES",
    "AllowanceStatementIssued",
    "ContractError",
    "DataClassification",
    "Envelope",
    "EnvelopeError",
    "Event",
    "HoursCorrected",
    "HoursLogged",
    "NoticeDelivered",
    "NoticeFailed",
    "ParticipantRegistered",
    "PlacementEnded",
    "PlacementStarted",
    "PostalAddress",
    "RefusalRecorded",
    "UnknownEventType",
    "decode",
    "decode_data",
    "encode",
    "envelope_for",
]
