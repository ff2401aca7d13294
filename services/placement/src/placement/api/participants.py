"""/participants and /refusals (case-worker actions on people)."""

from __future__ import annotations

from uuid import UUID

from chassis.auth import CurrentPrincipal
from fastapi import APIRouter

from placement.api.deps import Ctx
from placement.api.sanctions import RefusalResultView
from placement.api.views import ERRORS, ParticipantView
from placement.commands import RecordRefusal, RegisterParticipant
from placement.use_cases import participants, refusals

router = APIRouter(responses=ERRORS)


@router.post(
    "/participants",
    status_code=201,
    tags=["participants"],
    summary="Teilnehmende Person registrieren (veröffentlicht ParticipantRegistered, intern)",
)
async def register_participant(
    body: RegisterParticipant, ctx: Ctx, principal: CurrentPrincipal
) -> ParticipantView:
    participant = await participants.register_participant(ctx, principal, body)
    return ParticipantView.model_validate(participant)


@router.get(
    "/participants/{participant_id}",
    tags=["participants"],
    summary="Teilnehmende Person lesen (protokolliert)",
)
async def get_participant(
    participant_id: UUID, ctx: Ctx, principal: CurrentPrincipal
) -> ParticipantView:
    participant = await participants.get_participant(ctx, principal, str(participant_id))
    return ParticipantView.model_validate(participant)


@router.post(
    "/refusals",
    status_code=201,
    tags=["refusals"],
    summary="Ablehnung, Nichtantritt oder Abbruch erfassen (veröffentlicht RefusalRecorded)",
)
async def record_refusal(
    body: RecordRefusal, ctx: Ctx, principal: CurrentPrincipal
) -> RefusalResultView:
    return RefusalResultView.of(await refusals.record_refusal(ctx, principal, body))
