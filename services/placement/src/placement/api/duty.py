"""/participants/{id}/exemptions, /duty and /matches: the duty to work and matching."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from chassis.auth import CurrentPrincipal
from fastapi import APIRouter, Query

from placement.api.deps import Ctx
from placement.api.views import ERRORS
from placement.api.views_rules import DutyView, ExemptionView, MatchList, MatchView
from placement.commands import AddExemption
from placement.use_cases import duty, matching

router = APIRouter(responses=ERRORS)


@router.post(
    "/participants/{participant_id}/exemptions",
    status_code=201,
    tags=["participants"],
    summary="Wichtigen Grund (Befreiung von der Arbeitspflicht) mit Zeitraum erfassen",
)
async def add_exemption(
    participant_id: UUID, body: AddExemption, ctx: Ctx, principal: CurrentPrincipal
) -> ExemptionView:
    exemption = await duty.add_exemption(ctx, principal, str(participant_id), body)
    return ExemptionView.model_validate(exemption)


@router.get(
    "/participants/{participant_id}/duty",
    tags=["participants"],
    summary="Arbeitspflicht an einem Tag (Standard: heute) mit Begründung (protokolliert)",
)
async def get_duty(
    participant_id: UUID, ctx: Ctx, principal: CurrentPrincipal, on: date | None = None
) -> DutyView:
    assessment = await duty.duty_to_work(ctx, principal, str(participant_id), on)
    return DutyView.model_validate(assessment)


@router.get(
    "/participants/{participant_id}/matches",
    tags=["participants"],
    summary="Passende offene Arbeitsgelegenheiten, gereiht und begründet (protokolliert)",
)
async def get_matches(
    participant_id: UUID,
    ctx: Ctx,
    principal: CurrentPrincipal,
    limit: int = Query(default=20, ge=1, le=200),
) -> MatchList:
    found = await matching.matches(ctx, principal, str(participant_id), limit)
    return MatchList(items=[MatchView.of(m) for m in found])
