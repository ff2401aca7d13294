"""Response bodies of the duty, exemption, matching and policy endpoints."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from gemeinwerk_contracts.vocabulary import JustificationCategory, OpportunityCategory
from pydantic import BaseModel

from placement.api.views import View
from placement.domain.matching import Match


class ExemptionView(View):
    id: str
    participant_id: str
    category: JustificationCategory
    valid_from: date
    valid_until: date | None
    recorded_at: datetime


class DutyReasonView(View):
    rule: Literal["able_to_work", "not_employed", "past_school_age", "no_exemption"]
    met: bool
    text: str


class DutyView(View):
    """Obliged to work on `on` exactly when every reason is met; the texts are German."""

    on: date
    obliged: bool
    reasons: list[DutyReasonView]


class HoursPolicyView(View):
    """A version of the hour limits; the default from the settings has valid_from 0001-01-01."""

    valid_from: date
    daily_limit_minutes: int
    weekly_limit_minutes: int
    monthly_limit_minutes: int


class DutyPolicyView(View):
    valid_from: date
    min_age_years: int


class ScorePartView(View):
    criterion: Literal["location", "language", "category", "capacity"]
    points: int
    text: str


class MatchView(BaseModel):
    """One ranked opportunity: the total score and how it came about."""

    opportunity_id: str
    title: str
    category: OpportunityCategory
    municipality_key: str
    language_requirement: str | None
    free_places: int
    score: int
    reasons: list[ScorePartView]

    @classmethod
    def of(cls, match: Match) -> MatchView:
        c = match.candidate
        return cls(
            opportunity_id=c.opportunity_id,
            title=c.title,
            category=OpportunityCategory(c.category),
            municipality_key=c.municipality_key,
            language_requirement=c.language_requirement,
            free_places=c.free_places,
            score=match.score,
            reasons=[ScorePartView.model_validate(p) for p in match.parts],
        )


class MatchList(BaseModel):
    items: list[MatchView]
