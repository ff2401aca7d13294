"""No personal data on public topics (other agencies read those)."""

from __future__ import annotations

import re
from typing import Any

from gemeinwerk_contracts import EVENT_TYPES, DataClassification
from gemeinwerk_contracts.schemas import schema_for
from gemeinwerk_contracts.topics import ALL_TOPICS, dead_letter_topic

PUBLIC_PREFIX = "gemeinwerk.public."

PERSONAL_FIELD = re.compile(
    r"(?:^|_)(?:[a-z]*name|e?mail|address|street|postal|zip|city|phone|mobile|"
    r"birth[a-z]*|dob|geburt[a-z]*|nationality|passport|iban|health|diagnosis)(?:_|$)",
    re.IGNORECASE,
)
"""Property names that suggest a person's name, contact data, birth date or the like.

Matched against whole `_`-separated parts, so `capacity` is not taken for `city`."""

PUBLIC_TYPES = sorted(t for t, cls in EVENT_TYPES.items() if cls.TOPIC.startswith(PUBLIC_PREFIX))


def property_names(schema: Any) -> set[str]:
    """Every property name anywhere in a schema, including nested objects in $defs."""
    names: set[str] = set()
    if isinstance(schema, dict):
        names.update(schema.get("properties", {}))
        for value in schema.values():
            names |= property_names(value)
    elif isinstance(schema, list):
        for item in schema:
            names |= property_names(item)
    return names


def test_there_are_public_event_types() -> None:
    assert PUBLIC_TYPES  # else the tests below would pass vacuously


def test_every_topic_is_public_or_internal() -> None:
    for cls in EVENT_TYPES.values():
        assert cls.TOPIC in ALL_TOPICS
        assert cls.TOPIC.startswith((PUBLIC_PREFIX, "gemeinwerk.internal."))
    assert dead_letter_topic("reporting").startswith("gemeinwerk.internal.")


def test_no_personal_classification_on_a_public_topic() -> None:
    offenders = [
        t for t in PUBLIC_TYPES if EVENT_TYPES[t].CLASSIFICATION is DataClassification.PERSONAL
    ]
    assert not offenders, f"PERSONAL events on public topics: {offenders}"


def test_no_personal_field_on_a_public_topic() -> None:
    offenders = {
        t: sorted(n for n in property_names(schema_for(EVENT_TYPES[t])) if PERSONAL_FIELD.search(n))
        for t in PUBLIC_TYPES
    }
    assert not {t: names for t, names in offenders.items() if names}


def test_the_guard_recognises_personal_fields() -> None:
    """The pattern does catch what ParticipantRegistered (internal) carries."""
    schema = schema_for(EVENT_TYPES["de.gemeinwerk.participant.registered.v1"])
    found = {n for n in property_names(schema) if PERSONAL_FIELD.search(n)}
    assert {"given_name", "family_name", "email", "postal_address", "street"} <= found
    for name in ("date_of_birth", "birth_date", "birthday", "surname", "email_address", "zip"):
        assert PERSONAL_FIELD.search(name), name
    for name in ("capacity", "placement_id", "municipality_key", "worked_minutes"):
        assert not PERSONAL_FIELD.search(name), name


def test_events_with_personal_data_are_classified_personal() -> None:
    for cls in EVENT_TYPES.values():
        if any(PERSONAL_FIELD.search(n) for n in property_names(schema_for(cls))):
            assert cls.CLASSIFICATION is DataClassification.PERSONAL, cls.TYPE
