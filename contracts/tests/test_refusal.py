"""RefusalRecorded: one of placement/opportunity; a category exactly when justified."""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from uuid import UUID

import pytest
from gemeinwerk_contracts import RefusalRecorded
from gemeinwerk_contracts.vocabulary import JustificationCategory, RefusalKind
from pydantic import ValidationError

PLACEMENT = UUID("0b6f8a4e-2c3d-4e5f-8a9b-1c2d3e4f5a6b")
OPPORTUNITY = UUID("9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a")


def refusal(**overrides: Any) -> RefusalRecorded:
    fields: dict[str, Any] = {
        "participant_ref": UUID("6f1c8d2e-6b1a-4d59-9a57-0c2f3e1d7a10"),
        "refusal_id": UUID("3c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f"),
        "placement_id": PLACEMENT,
        "kind": RefusalKind.BROKE_OFF,
        "refusal_date": date(2024, 4, 2),
        "justified": False,
        "legal_notice_given": True,
    }
    fields.update(overrides)
    return RefusalRecorded(**fields)


@pytest.mark.parametrize(
    ("placement_id", "opportunity_id"),
    [(PLACEMENT, None), (None, OPPORTUNITY), (PLACEMENT, OPPORTUNITY)],
)
def test_placement_or_opportunity_is_enough(
    placement_id: UUID | None, opportunity_id: UUID | None
) -> None:
    event = refusal(placement_id=placement_id, opportunity_id=opportunity_id)
    assert (event.placement_id, event.opportunity_id) == (placement_id, opportunity_id)


def test_neither_placement_nor_opportunity_is_rejected() -> None:
    with pytest.raises(ValidationError, match="placement_id or opportunity_id is required"):
        refusal(placement_id=None, opportunity_id=None)


def test_justified_with_category_is_valid() -> None:
    event = refusal(justified=True, justification_category=JustificationCategory.ILLNESS)
    assert event.justification_category is JustificationCategory.ILLNESS


def test_unjustified_without_category_is_valid() -> None:
    assert refusal(justified=False).justification_category is None


def test_justified_without_category_is_rejected() -> None:
    with pytest.raises(ValidationError, match="required exactly when justified"):
        refusal(justified=True)


def test_category_without_justification_is_rejected() -> None:
    with pytest.raises(ValidationError, match="required exactly when justified"):
        refusal(justified=False, justification_category=JustificationCategory.OTHER)


def test_unknown_category_is_rejected() -> None:
    with pytest.raises(ValidationError):
        refusal(justified=True, justification_category="diabetes")


def test_the_rules_also_apply_when_decoding_json() -> None:
    data = refusal().model_dump(mode="json") | {"placement_id": None}
    with pytest.raises(ValidationError, match="placement_id or opportunity_id"):
        RefusalRecorded.model_validate_json(json.dumps(data))
    data = refusal().model_dump(mode="json") | {"justified": True}
    with pytest.raises(ValidationError, match="required exactly when justified"):
        RefusalRecorded.model_validate_json(json.dumps(data))
