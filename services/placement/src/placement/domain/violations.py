"""What a broken rule looks like: which input it is about, and a German message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Violation:
    """One broken rule.

    `field` is the request field the rule is about (a dotted JSON path); `conflict` marks a
    request that is valid in itself but not allowed in the current state (HTTP 409 rather
    than 422).
    """

    field: str
    message: str
    code: str = "rule_violated"
    conflict: bool = False


@dataclass(frozen=True)
class RowViolation:
    """A violation of one row of a batch (`index` counts from 0)."""

    index: int
    violation: Violation


def de_date(day: date) -> str:
    """A date the way German users read it: 05.03.2026."""
    return day.strftime("%d.%m.%Y")
