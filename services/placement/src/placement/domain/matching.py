"""Matching: open opportunities with free places for a participant, ranked and explained.

Points (location dominates: the other criteria together give at most 45 < 50):
- same municipality 100, a neighbouring one 50, elsewhere 0;
- language requirement met (or none) 20;
- one of the participant's preferred categories 15;
- free capacity: 2 per free place, at most 10.
Neighbours come from a configurable map per AGS; an AGS not in the map counts every AGS of
the same district (same first 5 digits) as neighbouring.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

SAME_MUNICIPALITY = 100
NEIGHBOURING = 50
LANGUAGE = 20
PREFERRED_CATEGORY = 15
PER_FREE_PLACE = 2
FREE_PLACES_CAP = 10


@dataclass(frozen=True)
class Seeker:
    """What matching needs to know about a participant."""

    municipality_key: str
    legal_basis: str
    preferred_language: str
    preferred_categories: Collection[str]


@dataclass(frozen=True)
class Candidate:
    """An opportunity as matching sees it."""

    opportunity_id: str
    title: str
    category: str
    municipality_key: str
    legal_bases: Collection[str]
    language_requirement: str | None
    free_places: int
    end_date: date | None
    provider_approved: bool


@dataclass(frozen=True)
class ScorePart:
    criterion: str
    points: int
    text: str


@dataclass(frozen=True)
class Match:
    candidate: Candidate
    score: int
    parts: tuple[ScorePart, ...]


def is_neighbour(home: str, other: str, neighbours: Mapping[str, Sequence[str]]) -> bool:
    """Whether `other` neighbours `home`: from the map when `home` is in it, else same district."""
    if home in neighbours:
        return other in neighbours[home]
    return home[:5] == other[:5]


def is_open_for(candidate: Candidate, seeker: Seeker, today: date) -> bool:
    """Open (not ended, provider approved), with a free place, for the seeker's legal basis."""
    return (
        candidate.provider_approved
        and candidate.free_places > 0
        and (candidate.end_date is None or candidate.end_date >= today)
        and seeker.legal_basis in candidate.legal_bases
    )


def score(candidate: Candidate, seeker: Seeker, neighbours: Mapping[str, Sequence[str]]) -> Match:
    """The points of one candidate with a German explanation per criterion."""
    parts = (
        _location(candidate, seeker, neighbours),
        _language(candidate, seeker),
        _category(candidate, seeker),
        _capacity(candidate),
    )
    return Match(candidate, sum(p.points for p in parts), parts)


def rank(
    seeker: Seeker,
    candidates: Iterable[Candidate],
    neighbours: Mapping[str, Sequence[str]],
    today: date,
) -> list[Match]:
    """The open candidates, best first (ties: more free places, then title, then id)."""
    matches = [score(c, seeker, neighbours) for c in candidates if is_open_for(c, seeker, today)]
    return sorted(
        matches,
        key=lambda m: (
            -m.score,
            -m.candidate.free_places,
            m.candidate.title,
            m.candidate.opportunity_id,
        ),
    )


def _location(c: Candidate, s: Seeker, neighbours: Mapping[str, Sequence[str]]) -> ScorePart:
    if c.municipality_key == s.municipality_key:
        return ScorePart("location", SAME_MUNICIPALITY, "In der Wohngemeinde.")
    if is_neighbour(s.municipality_key, c.municipality_key, neighbours):
        return ScorePart("location", NEIGHBOURING, "In einer Nachbargemeinde.")
    return ScorePart("location", 0, "Weder in der Wohngemeinde noch in einer Nachbargemeinde.")


def _language(c: Candidate, s: Seeker) -> ScorePart:
    if c.language_requirement is None:
        return ScorePart("language", LANGUAGE, "Keine Sprachanforderung.")
    if c.language_requirement == s.preferred_language:
        return ScorePart(
            "language", LANGUAGE, f"Sprachanforderung ({c.language_requirement}) erfüllt."
        )
    return ScorePart(
        "language",
        0,
        f"Sprachanforderung ({c.language_requirement}) nicht erfüllt "
        f"(bevorzugte Sprache: {s.preferred_language}).",
    )


def _category(c: Candidate, s: Seeker) -> ScorePart:
    if c.category in s.preferred_categories:
        return ScorePart("category", PREFERRED_CATEGORY, "Bevorzugter Tätigkeitsbereich.")
    return ScorePart("category", 0, "Kein bevorzugter Tätigkeitsbereich.")


def _capacity(c: Candidate) -> ScorePart:
    points = min(c.free_places * PER_FREE_PLACE, FREE_PLACES_CAP)
    noun = "freier Platz" if c.free_places == 1 else "freie Plätze"
    return ScorePart("capacity", points, f"{c.free_places} {noun}.")
