"""Effective-dated district policy settings: a version applies from its `valid_from` day
until the next version starts. Before the first stored version the settings' defaults apply."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Generic, Protocol, TypeVar


class Versioned(Protocol):
    @property
    def valid_from(self) -> date: ...


V = TypeVar("V", bound=Versioned)


@dataclass(frozen=True)
class HoursPolicy:
    """Hour limits per placement: per day, per ISO week (Mon–Sun), per calendar month."""

    valid_from: date
    daily_limit_minutes: int
    weekly_limit_minutes: int
    monthly_limit_minutes: int


@dataclass(frozen=True)
class DutyPolicy:
    """The age from which a person is past school age (§ 5 Abs. 4 AsylbLG)."""

    valid_from: date
    min_age_years: int


class Schedule(Generic[V]):
    """The versions of one policy; `on(day)` is the version in force on that day."""

    def __init__(self, default: V, versions: Iterable[V] = ()) -> None:
        self.default = default
        self.versions = sorted(versions, key=lambda v: v.valid_from)

    def on(self, day: date) -> V:
        """The latest version with `valid_from <= day`, else the default."""
        in_force = self.default
        for version in self.versions:
            if version.valid_from > day:
                break
            in_force = version
        return in_force

    def all(self) -> list[V]:
        """The default followed by the stored versions, oldest first."""
        return [self.default, *self.versions]
