"""One JSON Schema per event type, committed as `contracts/schemas/<ce type>.json`.

Which pydantic mode: **serialization**. The schema describes the wire JSON, i.e. the bytes
`registry.encode` writes (`model_dump_json`), which is what every consumer reads. The
validation-mode schema instead describes what pydantic would *accept* on input, which is
laxer than what producers send: a `Decimal` becomes "number or string", so a consumer
generating code from it would get a union type that never occurs on the wire. The two modes
differ for our models only there. The serialization mode drops a decimal's bounds, though
(they are numeric keywords, and the wire value is a string), so `WireJsonSchema` keeps them
as `x-decimal` and marks the string with `"format": "decimal"`; the compatibility check reads
them, so changing such a bound is still caught.

Every schema carries, besides what pydantic generates:

- `$schema` (draft 2020-12) and `$id` = `<ce type>.json` (relative, so it resolves next to
  wherever the files are published), `title` = the CloudEvents type;
- `x-cloudevents-type`, `x-cloudevents-source`, `x-topic`, `x-dataclassification`.

Files are pretty-printed with sorted keys and a trailing newline, so diffs stay stable.

Where the committed files live: in the source tree at `contracts/schemas/` (next to
`contracts/src/`); an installed wheel ships the same files as `gemeinwerk_contracts/json_schemas/`
(hatch `force-include`). `schema_dir()` finds either. (The directory cannot be called
`gemeinwerk_contracts/schemas/` because this module has that name.)

CLI:

    uv run python -m gemeinwerk_contracts.schemas write [--dir contracts/schemas]
    uv run python -m gemeinwerk_contracts.schemas check [--dir contracts/schemas]

`write` (re)generates all files and removes files of types that no longer exist; `check`
exits 1 and prints a diff (and any incompatibilities) when the committed files do not match
the models.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from gemeinwerk_contracts.compatibility import incompatibilities
from gemeinwerk_contracts.events import Event
from gemeinwerk_contracts.registry import EVENT_TYPES

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
WRITE_COMMAND = "uv run python -m gemeinwerk_contracts.schemas write"

_SCHEMA_FILE = re.compile(r"^[a-z0-9][a-z0-9.-]*\.v\d+\.json$")
"""Names `write` may delete: only files that look like `<ce type>.json`."""

_DECIMAL_BOUNDS = {
    "gt": "exclusiveMinimum",
    "ge": "minimum",
    "lt": "exclusiveMaximum",
    "le": "maximum",
    "multiple_of": "multipleOf",
    "max_digits": "maxDigits",
    "decimal_places": "decimalPlaces",
}


class WireJsonSchema(GenerateJsonSchema):
    """pydantic's generator, keeping the bounds of decimals that travel as strings."""

    def decimal_schema(self, schema: core_schema.DecimalSchema) -> JsonSchemaValue:
        json_schema = super().decimal_schema(schema)
        if self.mode != "serialization":
            return json_schema
        json_schema["format"] = "decimal"
        bounds = {
            keyword: _json_number(schema[key])  # type: ignore[literal-required]
            for key, keyword in _DECIMAL_BOUNDS.items()
            if schema.get(key) is not None
        }
        if bounds:
            json_schema["x-decimal"] = bounds
        return json_schema


def _json_number(value: Decimal | int | float) -> int | float:
    number = Decimal(value)
    return int(number) if number == number.to_integral_value() else float(number)


def schema_for(cls: type[Event]) -> dict[str, Any]:
    """The wire JSON Schema of one event type."""
    schema = cls.model_json_schema(mode="serialization", schema_generator=WireJsonSchema)
    schema["$schema"] = JSON_SCHEMA_DIALECT
    schema["$id"] = file_name(cls.TYPE)
    schema["title"] = cls.TYPE
    schema["x-cloudevents-type"] = cls.TYPE
    schema["x-cloudevents-source"] = cls.SOURCE
    schema["x-topic"] = cls.TOPIC
    schema["x-dataclassification"] = cls.CLASSIFICATION.value
    return schema


def generate_schemas() -> dict[str, dict[str, Any]]:
    """Schema of every event type, by CloudEvents type."""
    return {event_type: schema_for(cls) for event_type, cls in sorted(EVENT_TYPES.items())}


def file_name(event_type: str) -> str:
    return f"{event_type}.json"


def render(schema: dict[str, Any]) -> str:
    """The committed text of a schema: 2-space indent, sorted keys, trailing newline."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def source_schema_dir() -> Path:
    """`contracts/schemas/`, next to `contracts/src/` in the source tree."""
    return Path(__file__).resolve().parents[2] / "schemas"


def packaged_schema_dir() -> Path:
    """Where an installed wheel keeps the schemas (see `force-include` in pyproject.toml)."""
    return Path(__file__).resolve().parent / "json_schemas"


def schema_dir() -> Path:
    """The committed schemas: the wheel's copy when installed, else the source tree's."""
    packaged = packaged_schema_dir()
    return packaged if packaged.is_dir() else source_schema_dir()


def committed_schemas(directory: Path | None = None) -> dict[str, dict[str, Any]]:
    """Every committed schema, by CloudEvents type (taken from the file name)."""
    directory = directory or schema_dir()
    return {
        path.name.removesuffix(".json"): json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(directory.glob("*.json"))
    }


def load_schema(event_type: str, directory: Path | None = None) -> dict[str, Any]:
    """The committed schema of one CloudEvents type, e.g. for a non-pydantic validator."""
    path = (directory or schema_dir()) / file_name(event_type)
    if not path.is_file():
        raise FileNotFoundError(f"no committed schema for {event_type!r} at {path}")
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def write(directory: Path) -> list[str]:
    """Write every schema; delete files of types that no longer exist. Returns what changed."""
    directory.mkdir(parents=True, exist_ok=True)
    changes = []
    expected = {file_name(t): render(s) for t, s in generate_schemas().items()}
    for name, text in expected.items():
        path = directory / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changes.append(f"wrote {path}")
    for path in sorted(directory.glob("*.json")):
        if path.name not in expected and _SCHEMA_FILE.match(path.name):
            path.unlink()
            changes.append(f"removed {path} (no such event type any more)")
    return changes


def check(directory: Path) -> list[str]:
    """Differences between the committed files and the models; empty when they match."""
    problems = []
    expected = generate_schemas()
    for event_type, schema in expected.items():
        path = directory / file_name(event_type)
        text = render(schema)
        if not path.is_file():
            problems.append(f"{path}: missing; run `{WRITE_COMMAND}` and commit it")
            continue
        committed = path.read_text(encoding="utf-8")
        if committed == text:
            continue
        diff = "".join(
            difflib.unified_diff(
                committed.splitlines(keepends=True),
                text.splitlines(keepends=True),
                fromfile=f"{path} (committed)",
                tofile=f"{path} (from the model)",
            )
        )
        problems.append(f"{path}: differs from the model; run `{WRITE_COMMAND}`\n{diff}")
        try:
            reasons = incompatibilities(json.loads(committed), schema)
        except ValueError:
            continue  # not JSON at all: the diff says enough
        if reasons:
            problems.append(
                f"{path}: INCOMPATIBLE with the committed {event_type}; "
                "publish a new version (.v2) instead:\n" + "\n".join(f"  - {r}" for r in reasons)
            )
    for path in sorted(directory.glob("*.json")):
        if path.name.removesuffix(".json") not in expected:
            problems.append(f"{path}: no event type {path.stem!r} any more; run `{WRITE_COMMAND}`")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m gemeinwerk_contracts.schemas",
        description="Write or check the committed JSON Schemas of all event types.",
    )
    parser.add_argument("command", choices=("write", "check"))
    parser.add_argument(
        "--dir",
        type=Path,
        default=None,
        help=f"schema directory (default: {schema_dir()})",
    )
    args = parser.parse_args(argv)
    directory: Path = args.dir or schema_dir()
    if args.command == "write":
        for line in write(directory):
            print(line)
        print(f"{len(EVENT_TYPES)} schemas up to date in {directory}")
        return 0
    problems = check(directory)
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"{len(EVENT_TYPES)} schemas in {directory} match the models")
    return 0


if __name__ == "__main__":
    sys.exit(main())
