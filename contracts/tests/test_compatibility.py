"""Each rule of gemeinwerk_contracts.compatibility.incompatibilities."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar
from uuid import UUID

import pytest
from gemeinwerk_contracts import Event, HoursLogged, PlacementStarted
from gemeinwerk_contracts.compatibility import incompatibilities
from gemeinwerk_contracts.schemas import schema_for
from pydantic import Field

Schema = dict[str, Any]

BASE: Schema = {
    "$defs": {
        "Kind": {"enum": ["refused", "no_show"], "title": "Kind", "type": "string"},
        "Address": {
            "properties": {
                "postal_code": {"pattern": "^\\d{5}$", "type": "string"},
                "city": {"maxLength": 100, "minLength": 1, "type": "string"},
            },
            "required": ["postal_code", "city"],
            "type": "object",
        },
    },
    "properties": {
        "id": {"format": "uuid", "type": "string", "description": "The id."},
        "kind": {"$ref": "#/$defs/Kind"},
        "minutes": {"exclusiveMinimum": 0, "maximum": 1440, "type": "integer"},
        "note": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": None},
        "address": {"anyOf": [{"$ref": "#/$defs/Address"}, {"type": "null"}], "default": None},
        "tags": {"items": {"maxLength": 20, "type": "string"}, "type": "array"},
        "hours": {
            "format": "decimal",
            "type": "string",
            "x-decimal": {"maximum": 40, "maxDigits": 4, "decimalPlaces": 2},
        },
    },
    "required": ["id", "kind", "minutes", "hours"],
    "title": "Example",
    "type": "object",
    "x-cloudevents-type": "de.gemeinwerk.example.happened.v1",
    "x-topic": "gemeinwerk.public.example.v1",
    "x-dataclassification": "pseudonymous",
}


def changed(edit: Callable[[Schema], object]) -> list[str]:
    """The reasons reported for BASE changed by `edit` (which mutates a deep copy)."""
    new = copy.deepcopy(BASE)
    edit(new)
    return incompatibilities(BASE, new)


def props(schema: Schema) -> Schema:
    result: Schema = schema["properties"]
    return result


def test_identical_schemas_are_compatible() -> None:
    assert incompatibilities(BASE, copy.deepcopy(BASE)) == []


def test_an_added_optional_property_is_compatible() -> None:
    assert changed(lambda s: props(s).update(comment={"type": "string"})) == []


def test_changed_annotations_are_compatible() -> None:
    def edit(s: Schema) -> None:
        s["title"] = "Renamed"
        props(s)["id"]["description"] = "Another text."
        s["$defs"]["Kind"]["description"] = "Kinds."

    assert changed(edit) == []


def test_a_removed_property_is_reported() -> None:
    assert changed(lambda s: props(s).pop("note")) == ["note: property removed"]


def test_a_removed_required_property_is_reported() -> None:
    def edit(s: Schema) -> None:
        props(s).pop("minutes")
        s["required"].remove("minutes")

    assert changed(edit) == ["minutes: property removed"]


def test_a_new_required_property_is_reported() -> None:
    def edit(s: Schema) -> None:
        props(s)["provider_id"] = {"format": "uuid", "type": "string"}
        s["required"].append("provider_id")

    assert changed(edit) == ["provider_id: required property added (old producers omit it)"]


def test_a_property_becoming_required_is_reported() -> None:
    reasons = changed(lambda s: s["required"].append("note"))
    assert "note: became required (old producers may omit it)" in reasons


def test_a_property_becoming_optional_is_reported() -> None:
    reasons = changed(lambda s: s["required"].remove("minutes"))
    assert reasons == ["minutes: no longer required (old consumers expect it)"]


def test_a_changed_type_is_reported() -> None:
    reasons = changed(lambda s: props(s)["minutes"].update(type="number"))
    assert reasons == ["minutes: type changed from integer to number"]


def test_a_changed_format_is_reported() -> None:
    reasons = changed(lambda s: props(s)["id"].update(format="uri"))
    assert reasons == ["id: format changed from 'uuid' to 'uri'"]


def test_a_removed_enum_value_is_reported_through_the_ref() -> None:
    reasons = changed(lambda s: s["$defs"]["Kind"]["enum"].remove("no_show"))
    assert reasons == ["kind: enum value(s) removed: ['no_show'] (old messages become invalid)"]


def test_an_added_enum_value_is_reported() -> None:
    """Strict consumers (closed enums) reject a value they do not know: a new version."""
    reasons = changed(lambda s: s["$defs"]["Kind"]["enum"].append("broke_off"))
    assert reasons == ["kind: enum value(s) added: ['broke_off'] (strict consumers reject them)"]


def test_a_changed_pattern_in_a_nested_object_is_reported() -> None:
    def edit(s: Schema) -> None:
        s["$defs"]["Address"]["properties"]["postal_code"]["pattern"] = "^\\d{4}$"

    assert changed(edit) == [
        "address.postal_code: pattern changed from '^\\\\d{5}$' to '^\\\\d{4}$'"
    ]


@pytest.mark.parametrize(
    ("prop", "keyword", "value", "expected"),
    [
        ("minutes", "maximum", 600, "minutes: maximum lowered from 1440 to 600 (tightened)"),
        (
            "minutes",
            "exclusiveMinimum",
            15,
            "minutes: exclusiveMinimum raised from 0 to 15 (tightened)",
        ),
        ("minutes", "minimum", 1, "minutes: minimum 1 added (tightened)"),
        ("minutes", "maximum", 2880, "minutes: maximum raised from 1440 to 2880 (loosened)"),
        ("minutes", "multipleOf", 15, "minutes: multipleOf changed from None to 15"),
        ("hours", "format", "number", "hours: format changed from 'decimal' to 'number'"),
    ],
)
def test_a_changed_constraint_is_reported(
    prop: str, keyword: str, value: object, expected: str
) -> None:
    assert changed(lambda s: props(s)[prop].update({keyword: value})) == [expected]


def test_a_lowered_max_length_in_a_nested_object_is_reported() -> None:
    reasons = changed(lambda s: s["$defs"]["Address"]["properties"]["city"].update(maxLength=50))
    assert reasons == ["address.city: maxLength lowered from 100 to 50 (tightened)"]


def test_a_raised_min_length_is_reported() -> None:
    reasons = changed(lambda s: s["$defs"]["Address"]["properties"]["city"].update(minLength=2))
    assert reasons == ["address.city: minLength raised from 1 to 2 (tightened)"]


def test_a_removed_constraint_is_reported() -> None:
    reasons = changed(lambda s: s["$defs"]["Address"]["properties"]["city"].pop("maxLength"))
    assert reasons == ["address.city: maxLength 100 removed (loosened)"]


def test_a_tightened_array_item_is_reported() -> None:
    reasons = changed(lambda s: props(s)["tags"]["items"].update(maxLength=10))
    assert reasons == ["tags[]: maxLength lowered from 20 to 10 (tightened)"]


def test_a_tightened_decimal_bound_is_reported() -> None:
    reasons = changed(lambda s: props(s)["hours"]["x-decimal"].update(maximum=30, maxDigits=3))
    assert reasons == [
        "hours (decimal): maximum lowered from 40 to 30 (tightened)",
        "hours (decimal): maxDigits lowered from 4 to 3 (tightened)",
    ]


def test_changed_additional_properties_is_reported() -> None:
    reasons = changed(lambda s: s.update(additionalProperties=False))
    assert reasons == ["(event): additionalProperties changed from True to False"]


def test_an_optional_property_is_not_allowed_when_the_old_schema_forbade_extras() -> None:
    old = {**copy.deepcopy(BASE), "additionalProperties": False}
    new = copy.deepcopy(old)
    new["properties"]["comment"] = {"type": "string"}
    assert incompatibilities(old, new) == [
        "comment: optional property added, but the old schema forbids additional properties"
    ]


def test_nullability_changes_are_reported() -> None:
    def not_null(s: Schema) -> None:
        props(s)["note"] = {"type": "string", "default": None}

    def nullable(s: Schema) -> None:
        props(s)["id"] = {"anyOf": [{"format": "uuid", "type": "string"}, {"type": "null"}]}

    assert changed(not_null) == ["note: no longer nullable (messages with null were valid)"]
    assert changed(nullable) == ["id: became nullable (old consumers reject null)"]


def test_a_changed_nested_object_behind_a_nullable_ref_is_reported() -> None:
    def edit(s: Schema) -> None:
        address = s["$defs"]["Address"]
        address["properties"].pop("city")
        address["required"].remove("city")

    assert changed(edit) == ["address.city: property removed"]


def test_a_changed_default_is_reported() -> None:
    reasons = changed(lambda s: props(s)["note"].update(default="none"))
    assert reasons == ["note: default changed from None to 'none'"]


def test_changed_event_metadata_is_reported() -> None:
    def edit(s: Schema) -> None:
        s["x-topic"] = "gemeinwerk.internal.example.v1"
        s["x-dataclassification"] = "personal"

    assert changed(edit) == [
        "x-topic changed from 'gemeinwerk.public.example.v1' to 'gemeinwerk.internal.example.v1'",
        "x-dataclassification changed from 'pseudonymous' to 'personal'",
    ]


def test_an_unknown_keyword_change_is_reported() -> None:
    reasons = changed(lambda s: props(s)["tags"].update(contains={"const": "x"}))
    assert reasons == ["tags: contains changed from None to {'const': 'x'}"]


def test_a_recursive_definition_terminates() -> None:
    tree: Schema = {
        "$defs": {
            "Node": {
                "properties": {
                    "label": {"type": "string"},
                    "children": {"items": {"$ref": "#/$defs/Node"}, "type": "array"},
                },
                "type": "object",
            }
        },
        "properties": {"root": {"$ref": "#/$defs/Node"}},
        "type": "object",
    }
    new = copy.deepcopy(tree)
    new["$defs"]["Node"]["properties"]["label"]["maxLength"] = 5
    assert incompatibilities(tree, copy.deepcopy(tree)) == []
    assert incompatibilities(tree, new) == ["root.label: maxLength 5 added (tightened)"]


# --- the same rules on real models: the compat test on the committed schemas CAN fail ---


class _HoursLoggedWithComment(HoursLogged):
    """HoursLogged v1 with a new optional property."""

    comment: str | None = Field(default=None, max_length=200)


class _HoursLoggedWithoutProvider(Event):
    """HoursLogged v1 without its provider_id."""

    TYPE: ClassVar[str] = HoursLogged.TYPE
    TOPIC: ClassVar[str] = HoursLogged.TOPIC
    SOURCE: ClassVar[str] = HoursLogged.SOURCE

    participant_ref: UUID
    entry_id: UUID
    placement_id: UUID
    work_date: date
    worked_minutes: int = Field(gt=0, le=1440)


class _HoursLoggedShorterDays(HoursLogged):
    """HoursLogged v1 with at most 10 hours a day."""

    worked_minutes: int = Field(gt=0, le=600)


def test_a_model_with_an_added_optional_field_is_compatible() -> None:
    assert incompatibilities(schema_for(HoursLogged), schema_for(_HoursLoggedWithComment)) == []


def test_a_model_with_a_removed_field_is_incompatible() -> None:
    reasons = incompatibilities(schema_for(HoursLogged), schema_for(_HoursLoggedWithoutProvider))
    assert reasons == ["provider_id: property removed"]


def test_a_model_with_a_tightened_field_is_incompatible() -> None:
    reasons = incompatibilities(schema_for(HoursLogged), schema_for(_HoursLoggedShorterDays))
    assert reasons == ["worked_minutes: maximum lowered from 1440 to 600 (tightened)"]


class _PlacementStartedFewerHours(PlacementStarted):
    """PlacementStarted v1 with at most 30 hours a week."""

    hours_per_week: Decimal = Field(gt=0, le=30, max_digits=4, decimal_places=2)


def test_a_model_with_a_tightened_decimal_is_incompatible() -> None:
    reasons = incompatibilities(
        schema_for(PlacementStarted), schema_for(_PlacementStartedFewerHours)
    )
    assert reasons == ["hours_per_week (decimal): maximum lowered from 40 to 30 (tightened)"]
