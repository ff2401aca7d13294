"""The committed JSON Schemas: complete, current, and compatible with the models."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from gemeinwerk_contracts import EVENT_TYPES, Event, encode
from gemeinwerk_contracts.compatibility import incompatibilities
from gemeinwerk_contracts.schemas import (
    WRITE_COMMAND,
    check,
    committed_schemas,
    generate_schemas,
    load_schema,
    main,
    render,
    schema_dir,
    schema_for,
    source_schema_dir,
    write,
)

CONTRACTS = Path(__file__).resolve().parents[1]
COMMITTED = committed_schemas(CONTRACTS / "schemas")


def test_schema_dir_is_contracts_schemas_in_the_source_tree() -> None:
    assert schema_dir() == source_schema_dir() == CONTRACTS / "schemas"


def test_every_event_type_has_a_committed_schema() -> None:
    missing = sorted(set(EVENT_TYPES) - set(COMMITTED))
    assert not missing, (
        f"no committed JSON Schema for {missing}: run `{WRITE_COMMAND}` and commit "
        "contracts/schemas/"
    )


def test_every_committed_schema_belongs_to_an_event_type() -> None:
    stale = sorted(set(COMMITTED) - set(EVENT_TYPES))
    assert not stale, f"committed schemas without an event type: {stale}; run `{WRITE_COMMAND}`"


@pytest.mark.parametrize("event_type", sorted(set(COMMITTED) & set(EVENT_TYPES)))
def test_committed_schema_is_compatible_with_the_model(event_type: str) -> None:
    """Fails on a breaking change to an existing version: that needs a new version (.v2)."""
    reasons = incompatibilities(COMMITTED[event_type], schema_for(EVENT_TYPES[event_type]))
    assert not reasons, (
        f"{event_type} changed incompatibly; keep it and add a new version instead:\n"
        + "\n".join(reasons)
    )


@pytest.mark.parametrize("event_type", sorted(set(COMMITTED) & set(EVENT_TYPES)))
def test_committed_schema_equals_the_generated_one(event_type: str) -> None:
    """A compatible change still needs the regenerated schema committed."""
    committed = (CONTRACTS / "schemas" / f"{event_type}.json").read_text(encoding="utf-8")
    assert committed == render(schema_for(EVENT_TYPES[event_type])), (
        f"contracts/schemas/{event_type}.json is out of date: run `{WRITE_COMMAND}`"
    )


def test_schema_records_type_topic_and_classification() -> None:
    for event_type, cls in EVENT_TYPES.items():
        schema = load_schema(event_type)
        assert schema["$id"] == f"{event_type}.json"
        assert schema["title"] == event_type
        assert schema["x-cloudevents-type"] == cls.TYPE
        assert schema["x-cloudevents-source"] == cls.SOURCE
        assert schema["x-topic"] == cls.TOPIC
        assert schema["x-dataclassification"] == cls.CLASSIFICATION.value
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_describes_the_wire_json(event: Event) -> None:
    """Every property on the wire is in the schema, every required one is on the wire."""
    schema = load_schema(event.TYPE)
    wire = json.loads(encode(event))
    assert set(wire) <= set(schema["properties"])
    assert set(schema["required"]) <= set(wire)


def test_decimal_travels_as_string_and_keeps_its_bounds() -> None:
    hours = load_schema("de.gemeinwerk.placement.started.v1")["properties"]["hours_per_week"]
    assert hours["type"] == "string"
    assert hours["format"] == "decimal"
    assert hours["x-decimal"] == {
        "exclusiveMinimum": 0,
        "maximum": 40,
        "maxDigits": 4,
        "decimalPlaces": 2,
    }


def test_rendering_is_stable() -> None:
    text = render(schema_for(EVENT_TYPES["de.gemeinwerk.placement.ended.v1"]))
    assert text.endswith("}\n")
    assert text == render(json.loads(text))  # sorted keys: a round trip changes nothing
    assert '\n  "$defs"' in text  # two-space indent


def test_write_then_check_passes(tmp_path: Path) -> None:
    changes = write(tmp_path)
    assert len(changes) == len(EVENT_TYPES)
    assert check(tmp_path) == []
    assert write(tmp_path) == []  # nothing to do the second time


def test_write_removes_schemas_of_types_that_no_longer_exist(tmp_path: Path) -> None:
    (tmp_path / "de.gemeinwerk.placement.gone.v1.json").write_text("{}\n")
    (tmp_path / "notes.json").write_text("{}\n")
    write(tmp_path)
    assert not (tmp_path / "de.gemeinwerk.placement.gone.v1.json").exists()
    assert (tmp_path / "notes.json").exists()  # not named like a schema: left alone


def test_check_reports_missing_changed_and_stale_files(tmp_path: Path) -> None:
    write(tmp_path)
    (tmp_path / "de.gemeinwerk.placement.ended.v1.json").unlink()
    hours = tmp_path / "de.gemeinwerk.placement.hours-logged.v1.json"
    schema = json.loads(hours.read_text())
    current = schema["properties"]["worked_minutes"]["maximum"]
    schema["properties"]["worked_minutes"]["maximum"] = current + 1
    hours.write_text(render(schema))
    (tmp_path / "de.gemeinwerk.placement.gone.v1.json").write_text("{}\n")

    problems = "\n".join(check(tmp_path))

    assert "de.gemeinwerk.placement.ended.v1.json: missing" in problems
    assert f'-      "maximum": {current + 1},' in problems
    assert f'+      "maximum": {current},' in problems
    assert "INCOMPATIBLE" in problems
    lowered = f"worked_minutes: maximum lowered from {current + 1} to {current} (tightened)"
    assert lowered in problems
    assert "no event type 'de.gemeinwerk.placement.gone.v1'" in problems


def test_cli_check_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["write", "--dir", str(tmp_path)]) == 0
    assert main(["check", "--dir", str(tmp_path)]) == 0
    assert "match the models" in capsys.readouterr().out

    path = tmp_path / "de.gemeinwerk.placement.ended.v1.json"
    path.write_text(path.read_text().replace("Why a placement ended.", "Why it ended."))
    assert main(["check", "--dir", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "differs from the model" in out
    assert "INCOMPATIBLE" not in out  # a description is documentation only


def test_cli_check_of_the_committed_schemas_passes() -> None:
    assert main(["check"]) == 0


def test_generated_schemas_cover_every_type() -> None:
    assert set(generate_schemas()) == set(EVENT_TYPES)
