"""Places of an opportunity: which placements hold one, and how many are free."""

from __future__ import annotations

from datetime import date

from placement.domain.violations import Violation


def occupies_place(end_date: date | None, on: date) -> bool:
    """Whether a placement holds its place on day `on`.

    A placement holds its place from its creation until its end date has passed: one that is
    not ended, or ends on `on` or later, still occupies the place (an announced future end
    frees the place only after that day).
    """
    return end_date is None or end_date >= on


def free_places(places: int, occupied: int) -> int:
    """Free places of an opportunity with `places` places of which `occupied` are taken."""
    return max(0, places - occupied)


def check_free_place(places: int, occupied: int) -> Violation | None:
    """A new placement needs a free place; a full opportunity is a conflict (409)."""
    if free_places(places, occupied) > 0:
        return None
    return Violation(
        field="opportunity_id",
        message=f"Die Arbeitsgelegenheit hat keinen freien Platz mehr ({places} von {places} "
        "Plätzen belegt).",
        code="no_free_place",
        conflict=True,
    )
