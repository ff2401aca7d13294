"""encode/decode: the one way between Kafka bytes and events."""

from __future__ import annotations

import json
import re

import pytest
from gemeinwerk_contracts import (
    EVENT_TYPES,
    ContractError,
    Envelope,
    Event,
    HoursLogged,
    UnknownEventType,
    decode,
    encode,
    envelope_for,
)
from hypothesis import given
from hypothesis import strategies as st


def test_the_examples_cover_every_event_type(all_events: list[Event]) -> None:
    assert {type(e) for e in all_events} == set(EVENT_TYPES.values())


def test_registry_keys_are_the_types() -> None:
    for event_type, cls in EVENT_TYPES.items():
        assert event_type == cls.TYPE


def test_valid_message_decodes_to_the_event(event: Event) -> None:
    envelope = envelope_for(event, correlation_id="req-1")
    decoded_envelope, decoded = decode(envelope.to_headers(), encode(event))
    assert decoded == event
    assert type(decoded) is type(event)
    assert decoded_envelope == envelope


def test_envelope_for_takes_type_source_subject_and_classification(event: Event) -> None:
    envelope = envelope_for(event)
    assert envelope.type == event.TYPE
    assert envelope.source == event.SOURCE
    assert envelope.subject == event.partition_key()
    assert envelope.dataclassification == event.CLASSIFICATION


def test_unknown_type_is_a_contract_error(event: Event) -> None:
    envelope = envelope_for(event).model_copy(update={"type": "de.gemeinwerk.unknown.v9"})
    expected = re.escape("unknown event type 'de.gemeinwerk.unknown.v9'")
    with pytest.raises(ContractError, match=expected) as raised:
        decode(envelope.to_headers(), encode(event))
    assert isinstance(raised.value, UnknownEventType)  # consumers may skip these


def test_bad_json_is_a_contract_error(event: Event) -> None:
    with pytest.raises(ContractError, match=re.escape(event.TYPE)) as raised:
        decode(envelope_for(event).to_headers(), b'{"participant_ref": ')
    assert not isinstance(raised.value, UnknownEventType)


def test_empty_value_is_a_contract_error(event: Event) -> None:
    with pytest.raises(ContractError, match="empty message value"):
        decode(envelope_for(event).to_headers(), None)


def test_invalid_field_is_a_contract_error() -> None:
    event = HoursLogged(
        participant_ref="6f1c8d2e-6b1a-4d59-9a57-0c2f3e1d7a10",
        entry_id="2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e",
        placement_id="0b6f8a4e-2c3d-4e5f-8a9b-1c2d3e4f5a6b",
        provider_id="1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
        work_date="2024-03-05",
        worked_minutes=60,
    )
    data = json.loads(encode(event))
    data["worked_minutes"] = 1441
    with pytest.raises(ContractError, match="1 invalid field"):
        decode(envelope_for(event).to_headers(), json.dumps(data).encode())


def test_missing_field_is_a_contract_error(event: Event) -> None:
    data = json.loads(encode(event))
    required = type(event).model_json_schema()["required"]
    assert required, event.TYPE
    field = required[0]
    del data[field]
    with pytest.raises(ContractError, match=field):
        decode(envelope_for(event).to_headers(), json.dumps(data).encode())


def test_bad_envelope_is_a_contract_error(event: Event) -> None:
    headers = [(n, v) for n, v in envelope_for(event).to_headers() if n != "ce_id"]
    with pytest.raises(ContractError, match="ce_id"):
        decode(headers, encode(event))


def test_unknown_property_is_ignored(event: Event) -> None:
    """Tolerant reader: a newer producer of the same version may add an optional property."""
    data = {**json.loads(encode(event)), "added_in_a_later_release": "x"}
    _, decoded = decode(envelope_for(event).to_headers(), json.dumps(data).encode())
    assert decoded == event


hours_logged = st.builds(
    HoursLogged,
    participant_ref=st.uuids(),
    entry_id=st.uuids(),
    placement_id=st.uuids(),
    provider_id=st.uuids(),
    work_date=st.dates(),
    worked_minutes=st.integers(min_value=1, max_value=1440),
)


@given(event=hours_logged, correlation_id=st.none() | st.text(min_size=1, max_size=40))
def test_any_valid_hours_logged_round_trips(event: HoursLogged, correlation_id: str | None) -> None:
    envelope = envelope_for(event, correlation_id=correlation_id)
    decoded_envelope, decoded = decode(envelope.to_headers(), encode(event))
    assert decoded == event
    assert decoded_envelope == envelope
    assert Envelope.from_headers(envelope.to_headers()) == envelope
