"""Rules for providers (Träger): approval by the district, and who may offer § 5 AsylbLG work."""

from __future__ import annotations

from collections.abc import Collection

from placement.domain.violations import Violation

PENDING = "pending"
APPROVED = "approved"


def check_approved(approved: bool, field: str) -> Violation | None:
    """Opportunities of a provider are published and placed only once the district approved it."""
    if approved:
        return None
    return Violation(
        field,
        "Der Träger ist noch nicht vom Landkreis zugelassen; seine Arbeitsgelegenheiten können "
        "erst nach der Zulassung veröffentlicht und besetzt werden.",
        "provider_not_approved",
    )


def check_for_profit(for_profit: bool, legal_bases: Collection[str]) -> Violation | None:
    """§ 5 AsylbLG work is offered only by state, municipal and non-profit providers."""
    if not for_profit or "asylblg_5" not in legal_bases:
        return None
    return Violation(
        "legal_bases",
        "Ein gewinnorientierter Träger darf keine Arbeitsgelegenheiten nach § 5 AsylbLG "
        "anbieten; zulässig sind nur staatliche, kommunale und gemeinnützige Träger.",
        "for_profit_asylblg",
    )


def check_approvable(approved: bool) -> Violation | None:
    """A provider is approved once."""
    if not approved:
        return None
    return Violation("id", "Der Träger ist bereits zugelassen.", "already_approved", conflict=True)
