"""The facts a placement-started notice tells, and the fields its templates fill in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from gemeinwerk_contracts.vocabulary import LegalBasis, OpportunityCategory

from notification.domain.wording import Wording


@dataclass(frozen=True)
class PlacementFacts:
    """What the participant must know about a started placement (pseudonymous data only)."""

    placement_id: str
    opportunity_id: str
    provider_id: str
    municipality_key: str
    legal_basis: LegalBasis
    category: OpportunityCategory
    start_date: date
    hours_per_week: Decimal

    def to_json(self) -> dict[str, str]:
        """Stored form (a JSON object of strings)."""
        return {
            "placement_id": self.placement_id,
            "opportunity_id": self.opportunity_id,
            "provider_id": self.provider_id,
            "municipality_key": self.municipality_key,
            "legal_basis": self.legal_basis.value,
            "category": self.category.value,
            "start_date": self.start_date.isoformat(),
            "hours_per_week": str(self.hours_per_week),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PlacementFacts:
        """Read the stored form back."""
        return cls(
            placement_id=data["placement_id"],
            opportunity_id=data["opportunity_id"],
            provider_id=data["provider_id"],
            municipality_key=data["municipality_key"],
            legal_basis=LegalBasis(data["legal_basis"]),
            category=OpportunityCategory(data["category"]),
            start_date=date.fromisoformat(data["start_date"]),
            hours_per_week=Decimal(data["hours_per_week"]),
        )

    def fields(self, wording: Wording) -> dict[str, str]:
        """Template fields in the wording's language."""
        return {
            "start_date": wording.format_date(self.start_date),
            "start_weekday": wording.weekday_name(self.start_date),
            "hours_per_week": wording.format_decimal(self.hours_per_week),
            "category": wording.category_name(self.category.value),
            "legal_basis": wording.legal_basis_name(self.legal_basis.value),
        }
