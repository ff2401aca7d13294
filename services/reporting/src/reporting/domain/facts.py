"""The stored facts the read model keeps, one row each, as plain values.

Each fact is keyed by the natural id of what it describes. A placement row may be incomplete:
when its end is read before its start, start_date (and the attributes the start carries) stay
None until the start arrives. Figures count a placement only once its start is known.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class PlacementFact:
    """One placement (Zuweisung) as far as its start and end events are known."""

    placement_id: str
    participant_ref: str
    legal_basis: str | None = None
    municipality_key: str | None = None
    provider_kind: str | None = None
    category: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    end_reason: str | None = None

    @property
    def started(self) -> bool:
        """Whether the start is known (an end read first leaves it unknown for a while)."""
        return self.start_date is not None

    def active_on(self, day: date) -> bool:
        """In placement on `day`: started on or before it, last day (end_date) not before it."""
        if self.start_date is None or self.start_date > day:
            return False
        return self.end_date is None or self.end_date >= day


@dataclass(frozen=True)
class HoursFact:
    """Minutes worked on one day (one hours entry)."""

    entry_id: str
    placement_id: str
    work_date: date
    minutes: int


@dataclass(frozen=True)
class RefusalFact:
    """A refusal, no-show or breaking off, justified (wichtiger Grund) or not."""

    refusal_id: str
    kind: str
    refusal_date: date
    justified: bool
    placement_id: str | None = None
    participant_ref: str | None = None


@dataclass(frozen=True)
class StatementFact:
    """An allowance statement (Aufwandsentschädigung) issued for a participant and month."""

    statement_id: str
    participant_ref: str
    month: str
    """YYYY-MM."""
    total_cents: int
    corrections_cents: int = 0


@dataclass(frozen=True)
class KpiFilter:
    """Restricts figures to placements with these attributes (None: no restriction).

    Hours and refusals are attributed through their placement; those whose placement (or its
    start) is unknown are counted only when no filter is set.
    """

    legal_basis: str | None = None
    municipality_key: str | None = None

    @property
    def is_empty(self) -> bool:
        return self.legal_basis is None and self.municipality_key is None

    def admits(self, placement: PlacementFact | None) -> bool:
        """Whether a fact attributed to `placement` counts under this filter."""
        if self.is_empty:
            return True
        if placement is None or not placement.started:
            return False
        if self.legal_basis is not None and placement.legal_basis != self.legal_basis:
            return False
        return self.municipality_key is None or placement.municipality_key == self.municipality_key

    def admits_statement(
        self, statement: StatementFact, placements: Iterable[PlacementFact], first: date, last: date
    ) -> bool:
        """Whether a statement counts: unfiltered always; filtered when one of the
        participant's `placements` is admitted and in placement on some day of the statement
        month (`first` … `last`): start_date ≤ last day, end_date (if any) ≥ first day."""
        if self.is_empty:
            return True
        return any(
            p.participant_ref == statement.participant_ref
            and self.admits(p)
            and p.start_date is not None
            and p.start_date <= last
            and (p.end_date is None or p.end_date >= first)
            for p in placements
        )
