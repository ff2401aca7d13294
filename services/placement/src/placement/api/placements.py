"""/placements and hours (/placements/{id}/hours, /hours/batch)."""

from __future__ import annotations

from uuid import UUID

from chassis.auth import CurrentPrincipal
from fastapi import APIRouter

from placement.api.deps import Ctx
from placement.api.views import (
    ERRORS,
    BatchAccepted,
    HoursEntryView,
    LegalNoticeView,
    PlacementList,
    PlacementView,
)
from placement.commands import (
    ConfirmStart,
    EndPlacement,
    LogHours,
    LogHoursBatch,
    ProposePlacement,
)
from placement.use_cases import hours, placement_reads, placements

router = APIRouter(responses=ERRORS)


@router.post(
    "/placements",
    status_code=201,
    tags=["placements"],
    summary="Zuweisung erteilen (veröffentlicht PlacementProposed und AssignmentIssued)",
)
async def propose_placement(
    body: ProposePlacement, ctx: Ctx, principal: CurrentPrincipal
) -> PlacementView:
    return PlacementView.of(await placements.propose_placement(ctx, principal, body))


@router.post(
    "/placements/{placement_id}/start",
    tags=["placements"],
    summary="Antritt bestätigen (veröffentlicht PlacementStarted)",
)
async def start_placement(
    placement_id: UUID,
    ctx: Ctx,
    principal: CurrentPrincipal,
    body: ConfirmStart | None = None,
) -> PlacementView:
    command = body or ConfirmStart()
    started = await placements.start_placement(ctx, principal, str(placement_id), command)
    return PlacementView.of(started)


@router.get("/placements", tags=["placements"], summary="Zuweisungen einer Person auflisten")
async def list_placements(
    participant_id: UUID, ctx: Ctx, principal: CurrentPrincipal
) -> PlacementList:
    found = await placement_reads.list_placements(ctx, principal, str(participant_id))
    return PlacementList(items=[PlacementView.of(p) for p in found])


@router.get("/placements/{placement_id}", tags=["placements"], summary="Zuweisung lesen")
async def get_placement(placement_id: UUID, ctx: Ctx, principal: CurrentPrincipal) -> PlacementView:
    return PlacementView.of(await placement_reads.get_placement(ctx, principal, str(placement_id)))


@router.get(
    "/placements/{placement_id}/legal-notice",
    tags=["placements"],
    summary="Zustellung der Zuweisung mit Rechtsfolgenbelehrung",
)
async def get_legal_notice(
    placement_id: UUID, ctx: Ctx, principal: CurrentPrincipal
) -> LegalNoticeView:
    notice = await placement_reads.legal_notice(ctx, principal, str(placement_id))
    return LegalNoticeView.of(notice)


@router.post(
    "/placements/{placement_id}/end",
    tags=["placements"],
    summary="Zuweisung beenden (veröffentlicht PlacementEnded)",
)
async def end_placement(
    placement_id: UUID, body: EndPlacement, ctx: Ctx, principal: CurrentPrincipal
) -> PlacementView:
    ended = await placements.end_placement(ctx, principal, str(placement_id), body)
    return PlacementView.of(ended)


@router.post(
    "/placements/{placement_id}/hours",
    status_code=201,
    tags=["hours"],
    summary="Stunden eines Tages erfassen (veröffentlicht HoursLogged)",
)
async def log_hours(
    placement_id: UUID, body: LogHours, ctx: Ctx, principal: CurrentPrincipal
) -> HoursEntryView:
    entry = await hours.log_hours(ctx, principal, str(placement_id), body)
    return HoursEntryView.model_validate(entry)


@router.post(
    "/hours/batch",
    status_code=201,
    tags=["hours"],
    summary="Stunden vieler Tage erfassen: alle oder keine (bis 5000 Einträge)",
)
async def log_hours_batch(
    body: LogHoursBatch, ctx: Ctx, principal: CurrentPrincipal
) -> BatchAccepted:
    return BatchAccepted(accepted=await hours.log_hours_batch(ctx, principal, body))
