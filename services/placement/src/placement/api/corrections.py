"""Hours of a placement: the list with history, and corrections (HoursCorrected)."""

from __future__ import annotations

from uuid import UUID

from chassis.auth import CurrentPrincipal
from fastapi import APIRouter

from placement.api.deps import Ctx
from placement.api.views import ERRORS
from placement.api.views_corrections import CorrectionView, EntryHistoryList
from placement.commands import CorrectHours
from placement.use_cases import corrections

router = APIRouter(responses=ERRORS)


@router.get(
    "/placements/{placement_id}/hours",
    tags=["hours"],
    summary="Stundeneinträge einer Zuweisung mit aktuellen Minuten und Korrekturen",
)
async def list_hours(placement_id: UUID, ctx: Ctx, principal: CurrentPrincipal) -> EntryHistoryList:
    return EntryHistoryList.of(await corrections.list_hours(ctx, principal, str(placement_id)))


@router.post(
    "/placements/{placement_id}/hours/{entry_id}/corrections",
    status_code=201,
    tags=["hours"],
    summary="Stundeneintrag korrigieren oder zurückziehen (veröffentlicht HoursCorrected)",
)
async def correct_hours(
    placement_id: UUID, entry_id: UUID, body: CorrectHours, ctx: Ctx, principal: CurrentPrincipal
) -> CorrectionView:
    correction = await corrections.correct_hours(
        ctx, principal, str(placement_id), str(entry_id), body
    )
    return CorrectionView.model_validate(correction)
