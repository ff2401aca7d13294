"""Every event type by name, and the one way to turn Kafka bytes into an event and back."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pydantic import ValidationError

from gemeinwerk_contracts.envelope import Envelope, EnvelopeError
from gemeinwerk_contracts.events import (
    AllowanceStatementIssued,
    AssignmentIssued,
    Event,
    HoursCorrected,
    HoursLogged,
    NoticeDelivered,
    NoticeFailed,
    OpportunityChanged,
    OpportunityClosed,
    OpportunityPublished,
    ParticipantDetailsChanged,
    ParticipantObligationChanged,
    ParticipantRegistered,
    PaymentRunCompleted,
    PlacementEnded,
    PlacementProposed,
    PlacementStarted,
    ProviderContactRecorded,
    RefusalRecorded,
    SanctionDecided,
    SanctionEnded,
    SanctionProposed,
    SanctionWaived,
)

EVENT_TYPES: dict[str, type[Event]] = {
    cls.TYPE: cls
    for cls in (
        PlacementStarted,
        PlacementEnded,
        HoursLogged,
        RefusalRecorded,
        HoursCorrected,
        ParticipantRegistered,
        AllowanceStatementIssued,
        NoticeDelivered,
        NoticeFailed,
        OpportunityPublished,
        OpportunityChanged,
        OpportunityClosed,
        ParticipantObligationChanged,
        PlacementProposed,
        SanctionProposed,
        SanctionDecided,
        SanctionWaived,
        SanctionEnded,
        ParticipantDetailsChanged,
        AssignmentIssued,
        ProviderContactRecorded,
        PaymentRunCompleted,
    )
}


class ContractError(ValueError):
    """A message does not fulfil its contract: unknown type, bad envelope or bad data."""


class UnknownEventType(ContractError):
    """A well-formed envelope of a type this version of the package does not know.

    Not necessarily a bad message: while a producer publishes a new version (`.v2`) next to
    the old one, consumers that still use the old version receive it too and should skip it.
    """


def envelope_for(event: Event, correlation_id: str | None = None) -> Envelope:
    """A fresh envelope for an event about to be published."""
    return Envelope(
        type=event.TYPE,
        source=event.SOURCE,
        subject=event.subject(),
        correlationid=correlation_id,
        dataclassification=event.CLASSIFICATION,
    )


def encode(event: Event) -> bytes:
    """The message value: the event data as JSON."""
    return event.model_dump_json().encode()


def decode(
    headers: Iterable[tuple[str, bytes]] | Mapping[str, bytes], value: bytes | None
) -> tuple[Envelope, Event]:
    """Envelope and event from a Kafka message; raises ContractError on any violation."""
    try:
        envelope = Envelope.from_headers(headers)
    except EnvelopeError as exc:
        raise ContractError(str(exc)) from exc
    return envelope, decode_data(envelope, value)


def decode_data(envelope: Envelope, value: bytes | None) -> Event:
    """The event of an already-read envelope; raises ContractError on any violation."""
    cls = EVENT_TYPES.get(envelope.type)
    if cls is None:
        raise UnknownEventType(f"unknown event type {envelope.type!r}")
    if value is None:
        raise ContractError("empty message value")
    try:
        return cls.model_validate_json(value)
    except ValidationError as exc:
        count = exc.error_count()
        raise ContractError(f"{envelope.type}: {count} invalid field(s): {exc}") from exc
