"""CloudEvents envelope in Kafka binary mode."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from gemeinwerk_contracts import DataClassification, Envelope, EnvelopeError


def full_envelope() -> Envelope:
    return Envelope(
        id="7d3c1e9a-0000-4000-8000-000000000001",
        type="de.gemeinwerk.placement.started.v1",
        source="/placement",
        time=datetime(2024, 3, 4, 7, 30, tzinfo=UTC),
        subject="6f1c8d2e-6b1a-4d59-9a57-0c2f3e1d7a10",
        correlationid="req-42",
        dataclassification=DataClassification.PSEUDONYMOUS,
    )


def test_headers_round_trip() -> None:
    envelope = full_envelope()
    assert Envelope.from_headers(envelope.to_headers()) == envelope


def test_headers_round_trip_from_a_mapping() -> None:
    envelope = full_envelope()
    assert Envelope.from_headers(dict(envelope.to_headers())) == envelope


def test_headers_round_trip_without_optional_attributes() -> None:
    envelope = Envelope(type="de.gemeinwerk.placement.ended.v1", source="/placement")
    headers = dict(envelope.to_headers())
    assert "ce_subject" not in headers
    assert "ce_correlationid" not in headers
    assert Envelope.from_headers(headers) == envelope


def test_header_names_and_values() -> None:
    headers = dict(full_envelope().to_headers())
    assert headers == {
        "ce_specversion": b"1.0",
        "ce_id": b"7d3c1e9a-0000-4000-8000-000000000001",
        "ce_type": b"de.gemeinwerk.placement.started.v1",
        "ce_source": b"/placement",
        "ce_time": b"2024-03-04T07:30:00+00:00",
        "content-type": b"application/json",
        "ce_dataclassification": b"pseudonymous",
        "ce_subject": b"6f1c8d2e-6b1a-4d59-9a57-0c2f3e1d7a10",
        "ce_correlationid": b"req-42",
    }


def test_personal_classification_survives_the_round_trip() -> None:
    envelope = full_envelope().model_copy(
        update={"dataclassification": DataClassification.PERSONAL}
    )
    assert Envelope.from_headers(envelope.to_headers()).dataclassification == "personal"


@pytest.mark.parametrize("header", ["ce_id", "ce_type", "ce_source", "ce_specversion"])
def test_missing_required_header_is_an_envelope_error(header: str) -> None:
    headers = [(n, v) for n, v in full_envelope().to_headers() if n != header]
    with pytest.raises(EnvelopeError, match=f"missing CloudEvents headers: {header}"):
        Envelope.from_headers(headers)


def test_wrong_specversion_is_an_envelope_error() -> None:
    headers = dict(full_envelope().to_headers())
    headers["ce_specversion"] = b"0.3"
    with pytest.raises(EnvelopeError, match=re.escape("unsupported ce_specversion '0.3'")):
        Envelope.from_headers(headers)


def test_invalid_attribute_value_is_an_envelope_error() -> None:
    headers = dict(full_envelope().to_headers())
    headers["ce_time"] = b"yesterday"
    with pytest.raises(EnvelopeError):
        Envelope.from_headers(headers)


def test_unknown_headers_are_ignored() -> None:
    envelope = full_envelope()
    headers = [*envelope.to_headers(), ("traceparent", b"00-abc-def-01"), ("ce_other", b"x")]
    assert Envelope.from_headers(headers) == envelope
