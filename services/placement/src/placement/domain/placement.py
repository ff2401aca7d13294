"""Rules for starting a placement (Zuweisung) in an opportunity."""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal

from placement.domain.violations import Violation


def check_legal_basis(participant_basis: str, accepted: Collection[str]) -> Violation | None:
    """The opportunity must accept the legal basis the participant is assigned under."""
    if participant_basis in accepted:
        return None
    return Violation(
        "opportunity_id",
        "Die Arbeitsgelegenheit steht für die Rechtsgrundlage der teilnehmenden Person "
        f"({participant_basis}) nicht offen.",
        "legal_basis_not_accepted",
    )


def check_hours_per_week(requested: Decimal, offered: Decimal) -> Violation | None:
    """A placement may agree fewer weekly hours than the opportunity offers, never more."""
    if requested <= offered:
        return None
    return Violation(
        "hours_per_week",
        f"Der vereinbarte Umfang übersteigt den der Arbeitsgelegenheit ({offered} Stunden "
        "pro Woche).",
        "exceeds_opportunity_hours",
    )


def check_not_placed_twice(already_placed: bool) -> Violation | None:
    """A participant holds at most one running placement in the same opportunity."""
    if not already_placed:
        return None
    return Violation(
        "participant_id",
        "Die Person ist dieser Arbeitsgelegenheit bereits zugewiesen.",
        "already_placed",
        conflict=True,
    )
