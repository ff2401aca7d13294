"""Is a changed JSON Schema still the same event version?

Within one version (`...v1`) old and new producers and old and new consumers run side by
side, in both directions: an old consumer reads what a new producer writes, and a new
consumer reads what an old producer wrote (including events already stored on the topic).
So the set of valid messages must stay the same, with one exception: a new *optional*
property may appear, because consumers ignore properties they do not know (the models are
tolerant readers, `extra="ignore"`) — unless the old schema said `additionalProperties: false`.

Therefore reported, each with a human-readable reason:

- a property removed, a required property added, a property becoming required or optional;
- a type, format, `const` or default changed; nullability changed;
- an enum value removed (old messages no longer valid) **or added**: a strict consumer, e.g.
  a pydantic model with an `Enum` field or generated code with a closed enum, rejects the
  message with the new value, so a new enum value needs a new version too;
- a constraint changed: tightened (pattern changed, maximum lowered, minimum raised,
  maxLength lowered, ...) rejects old messages; loosened lets new producers send values that
  old consumers reject. Both are reported.
- `additionalProperties` changed; `x-cloudevents-type`, `x-topic`, `x-dataclassification`
  changed;
- any other keyword changed that this module does not know (better a false alarm than a
  broken consumer).

Compatible: adding an optional property, and changing annotations (`title`, `description`,
`examples`, `$comment`). `$ref`s are followed into `$defs`, so a change to a shared enum or
nested object is found where it is used.
"""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]

EVENT_KEYWORDS = ("x-cloudevents-type", "x-cloudevents-source", "x-topic", "x-dataclassification")
"""Event metadata recorded at the top of each schema (see gemeinwerk_contracts.schemas)."""

ANNOTATIONS = frozenset({"title", "description", "examples", "$comment", "$schema", "$id"})
"""Keywords that document but do not constrain: changing them is always compatible."""

LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
UPPER_BOUNDS = (
    "maximum",
    "exclusiveMaximum",
    "maxLength",
    "maxItems",
    "maxProperties",
    "maxDigits",
    "decimalPlaces",
)
EXACT = ("format", "pattern", "const", "multipleOf", "uniqueItems", "default")
"""Keywords whose every change is incompatible."""

HANDLED = frozenset(
    {
        *EVENT_KEYWORDS,
        *LOWER_BOUNDS,
        *UPPER_BOUNDS,
        *EXACT,
        "$ref",
        "$defs",
        "type",
        "enum",
        "anyOf",
        "oneOf",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "x-decimal",
    }
)

ROOT = "(event)"
"""How reasons name the event itself; properties are named by dotted path."""


def incompatibilities(old: Schema, new: Schema) -> list[str]:
    """Every reason why `new` is not the same event version as `old`; empty if compatible."""
    reasons: list[str] = []
    for keyword in EVENT_KEYWORDS:
        if old.get(keyword) != new.get(keyword):
            reasons.append(f"{keyword} changed from {old.get(keyword)!r} to {new.get(keyword)!r}")
    _Comparison(old, new, reasons).compare(old, new, ROOT, frozenset())
    return reasons


class _Comparison:
    """One walk over two schemas side by side, collecting reasons."""

    def __init__(self, old_root: Schema, new_root: Schema, reasons: list[str]) -> None:
        self.old_root = old_root
        self.new_root = new_root
        self.reasons = reasons

    def report(self, path: str, reason: str) -> None:
        self.reasons.append(f"{path}: {reason}")

    def compare(self, old: Schema, new: Schema, path: str, seen: frozenset[Any]) -> None:
        """Compare two schemas of the value at `path`."""
        refs = (old.get("$ref"), new.get("$ref"))
        if refs != (None, None):
            if refs in seen:
                return  # a recursive definition, already being compared further up
            seen = seen | {refs}
        old = _resolve(old, self.old_root)
        new = _resolve(new, self.new_root)
        if _is_union(old) or _is_union(new):
            self._compare_unions(old, new, path, seen)
        else:
            self._compare_node(old, new, path, seen)

    def _compare_unions(self, old: Schema, new: Schema, path: str, seen: frozenset[Any]) -> None:
        """anyOf/oneOf, as pydantic writes `X | None`: nullability, then the alternatives."""
        old_nullable, old_options, old_siblings = _split(old, self.old_root)
        new_nullable, new_options, new_siblings = _split(new, self.new_root)
        if old_nullable and not new_nullable:
            self.report(path, "no longer nullable (messages with null were valid)")
        elif new_nullable and not old_nullable:
            self.report(path, "became nullable (old consumers reject null)")
        if len(old_options) == len(new_options) == 1:
            # `X | None`: compare X, with the keywords next to anyOf (default, ...) merged in
            self.compare(
                {**old_options[0], **old_siblings}, {**new_options[0], **new_siblings}, path, seen
            )
            return
        self._compare_node(old_siblings, new_siblings, path, seen)
        if len(old_options) != len(new_options):
            self.report(
                path,
                f"number of alternatives changed from {len(old_options)} to {len(new_options)}",
            )
            return
        if _combinator(old) != _combinator(new):
            self.report(path, f"changed from {_combinator(old)} to {_combinator(new)}")
        for i, (old_option, new_option) in enumerate(zip(old_options, new_options, strict=True)):
            self.compare(old_option, new_option, f"{path} (alternative {i + 1})", seen)

    def _compare_node(self, old: Schema, new: Schema, path: str, seen: frozenset[Any]) -> None:
        """Compare two schemas without anyOf/oneOf and without $ref."""
        old_types, new_types = _types(old), _types(new)
        if old_types != new_types:
            self.report(path, f"type changed from {_show(old_types)} to {_show(new_types)}")
        self._compare_enums(old, new, path)
        self._compare_constraints(old, new, path)
        self._compare_constraints(
            old.get("x-decimal", {}), new.get("x-decimal", {}), f"{path} (decimal)"
        )
        self._compare_objects(old, new, path, seen)
        if "items" in old or "items" in new:
            self.compare(old.get("items", {}), new.get("items", {}), f"{path}[]", seen)
        for keyword in sorted((old.keys() | new.keys()) - HANDLED - ANNOTATIONS):
            if old.get(keyword) != new.get(keyword):
                self.report(
                    path, f"{keyword} changed from {old.get(keyword)!r} to {new.get(keyword)!r}"
                )

    def _compare_enums(self, old: Schema, new: Schema, path: str) -> None:
        if "enum" not in old and "enum" not in new:
            return
        if "enum" not in old:
            self.report(path, f"became an enum {new['enum']!r} (was any value of its type)")
            return
        if "enum" not in new:
            self.report(path, "is no longer an enum (old consumers reject other values)")
            return
        removed = [v for v in old["enum"] if v not in new["enum"]]
        added = [v for v in new["enum"] if v not in old["enum"]]
        if removed:
            self.report(path, f"enum value(s) removed: {removed!r} (old messages become invalid)")
        if added:
            self.report(path, f"enum value(s) added: {added!r} (strict consumers reject them)")

    def _compare_constraints(self, old: Schema, new: Schema, path: str) -> None:
        for keyword in LOWER_BOUNDS + UPPER_BOUNDS:
            before, after = old.get(keyword), new.get(keyword)
            if before == after:
                continue
            lower = keyword in LOWER_BOUNDS
            if before is None:
                self.report(path, f"{keyword} {after!r} added (tightened)")
            elif after is None:
                self.report(path, f"{keyword} {before!r} removed (loosened)")
            elif (after > before) == lower:
                verb = "raised" if lower else "lowered"
                self.report(path, f"{keyword} {verb} from {before!r} to {after!r} (tightened)")
            else:
                verb = "lowered" if lower else "raised"
                self.report(path, f"{keyword} {verb} from {before!r} to {after!r} (loosened)")
        for keyword in EXACT:
            if old.get(keyword) != new.get(keyword):
                self.report(
                    path, f"{keyword} changed from {old.get(keyword)!r} to {new.get(keyword)!r}"
                )

    def _compare_objects(self, old: Schema, new: Schema, path: str, seen: frozenset[Any]) -> None:
        old_props: Schema = old.get("properties", {})
        new_props: Schema = new.get("properties", {})
        old_required = set(old.get("required", []))
        new_required = set(new.get("required", []))
        old_extra = old.get("additionalProperties", True)
        new_extra = new.get("additionalProperties", True)
        prefix = "" if path == ROOT else f"{path}."

        for name in old_props:
            if name not in new_props:
                self.report(f"{prefix}{name}", "property removed")
        for name in new_props:
            if name in old_props:
                continue
            if name in new_required:
                self.report(f"{prefix}{name}", "required property added (old producers omit it)")
            elif old_extra is False:
                self.report(
                    f"{prefix}{name}",
                    "optional property added, but the old schema forbids additional properties",
                )
        for name in old_props:
            if name not in new_props:
                continue
            where = f"{prefix}{name}"
            if name in new_required and name not in old_required:
                self.report(where, "became required (old producers may omit it)")
            elif name in old_required and name not in new_required:
                self.report(where, "no longer required (old consumers expect it)")
            self.compare(old_props[name], new_props[name], where, seen)
        if old_extra != new_extra:
            self.report(path, f"additionalProperties changed from {old_extra!r} to {new_extra!r}")


def _resolve(schema: Schema, root: Schema) -> Schema:
    """Follow local `$ref`s ("#/$defs/Name"); keywords next to a $ref win over the target."""
    seen: set[str] = set()
    while "$ref" in schema:
        ref = schema["$ref"]
        if not isinstance(ref, str) or not ref.startswith("#/") or ref in seen:
            return schema  # external or circular: compared as the $ref string itself
        seen.add(ref)
        target: Any = root
        for part in ref[2:].split("/"):
            key = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(target, dict) or key not in target:
                raise ValueError(f"cannot resolve $ref {ref!r}")
            target = target[key]
        siblings = {k: v for k, v in schema.items() if k != "$ref"}
        schema = {**target, **siblings}
    return schema


def _is_union(schema: Schema) -> bool:
    return "anyOf" in schema or "oneOf" in schema


def _split(schema: Schema, root: Schema) -> tuple[bool, list[Schema], Schema]:
    """(whether null is allowed, the other alternatives, the keywords next to anyOf/oneOf)."""
    if not _is_union(schema):
        return False, [schema], {}
    options: list[Schema] = schema.get("anyOf") or schema.get("oneOf") or []
    non_null = [o for o in options if _types(_resolve(o, root)) != {"null"}]
    siblings = {k: v for k, v in schema.items() if k not in ("anyOf", "oneOf")}
    return len(non_null) < len(options), non_null, siblings


def _types(schema: Schema) -> set[str]:
    kind = schema.get("type")
    if kind is None:
        return set()
    return {kind} if isinstance(kind, str) else set(kind)


def _combinator(schema: Schema) -> str:
    return "oneOf" if "oneOf" in schema else "anyOf"


def _show(types: set[str]) -> str:
    return "/".join(sorted(types)) if types else "(any)"
