"""Rules for recording a refusal (Ablehnung, Nichtantritt, Abbruch)."""

from __future__ import annotations

from datetime import date

from placement.domain.violations import Violation, de_date


def check_refusal(
    *,
    justified: bool,
    justification_category: str | None,
    has_placement: bool,
    has_opportunity: bool,
    refusal_date: date,
    today: date,
) -> Violation | None:
    """A refusal concerns a placement or an offered opportunity, happened already, and
    names the category of the wichtiger Grund exactly when it was accepted as justified."""
    if not has_placement and not has_opportunity:
        return Violation(
            "placement_id",
            "Bitte die Zuweisung oder die angebotene Arbeitsgelegenheit angeben.",
            "target_missing",
        )
    if justified and justification_category is None:
        return Violation(
            "justification_category",
            "Bei einem anerkannten wichtigen Grund ist dessen Kategorie anzugeben.",
            "justification_missing",
        )
    if not justified and justification_category is not None:
        return Violation(
            "justification_category",
            "Eine Kategorie des wichtigen Grundes ist nur bei anerkanntem Grund zulässig.",
            "justification_unexpected",
        )
    if refusal_date > today:
        return Violation(
            "refusal_date",
            f"Das Datum liegt in der Zukunft (heute ist der {de_date(today)}).",
            "in_future",
        )
    return None


def check_refusal_target(
    participant_id: str,
    placement_participant_id: str | None,
    placement_opportunity_id: str | None,
    opportunity_id: str | None,
) -> Violation | None:
    """A named placement must belong to the participant and match a named opportunity."""
    if placement_participant_id is not None and placement_participant_id != participant_id:
        return Violation(
            "placement_id",
            "Die Zuweisung gehört nicht zu dieser Person.",
            "placement_of_other_participant",
        )
    if (
        placement_opportunity_id is not None
        and opportunity_id is not None
        and placement_opportunity_id != opportunity_id
    ):
        return Violation(
            "opportunity_id",
            "Die Arbeitsgelegenheit passt nicht zur angegebenen Zuweisung.",
            "opportunity_mismatch",
        )
    return None


def concerns_placement(kind: str) -> bool:
    """A no-show (Nichtantritt) or a breaking off (Abbruch) is always about a placement; a
    refusal (Ablehnung) may be about an opportunity that was only offered."""
    return kind in ("no_show", "broke_off")
