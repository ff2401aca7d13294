"""PATCH /participants/{id}, the § 16d months (/participants/{id}/sgb2-months,
/participants/{id}/sgb2-recheck, /policies/sgb2-months)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from chassis.auth import CurrentPrincipal
from fastapi import APIRouter
from pydantic import BaseModel

from placement.api.deps import Ctx
from placement.api.views import ERRORS, ParticipantView, View
from placement.commands import AddSgb2MonthsPolicy, RecordSgb2Recheck, UpdateParticipant
from placement.use_cases import participants, sgb2

router = APIRouter(responses=ERRORS)


class Sgb2MonthsPolicyView(View):
    valid_from: date
    months_limit: int
    window_years: int


class Sgb2MonthsView(BaseModel):
    """§ 16d months in the window containing `on` (a month is 30.4375 days)."""

    on: date
    window_start: date
    window_end: date
    months_limit: int
    used_days: int
    used_months: Decimal
    remaining_days: int
    remaining_months: Decimal
    rechecks: list[date]


class Sgb2RecheckView(BaseModel):
    id: str
    participant_id: str
    decided_on: date
    recorded_at: datetime


@router.patch(
    "/participants/{participant_id}",
    tags=["participants"],
    summary="Stammdaten ändern (ParticipantDetailsChanged intern; Arbeitspflicht öffentlich)",
)
async def update_participant(
    participant_id: UUID, body: UpdateParticipant, ctx: Ctx, principal: CurrentPrincipal
) -> ParticipantView:
    changed = await participants.update_participant(ctx, principal, str(participant_id), body)
    return ParticipantView.model_validate(changed)


@router.get(
    "/participants/{participant_id}/sgb2-months",
    tags=["participants"],
    summary="Verbrauchte und verbleibende Monate nach § 16d Abs. 6 SGB II (protokolliert)",
)
async def get_sgb2_months(
    participant_id: UUID, ctx: Ctx, principal: CurrentPrincipal, on: date | None = None
) -> Sgb2MonthsView:
    found = await sgb2.months_used(ctx, principal, str(participant_id), on)
    u = found.usage
    return Sgb2MonthsView(
        on=u.on,
        window_start=u.window_start,
        window_end=u.window_end,
        months_limit=u.months_limit,
        used_days=u.used_days,
        used_months=u.used_months,
        remaining_days=u.remaining_days,
        remaining_months=u.remaining_months,
        rechecks=found.rechecks,
    )


@router.post(
    "/participants/{participant_id}/sgb2-recheck",
    status_code=201,
    tags=["participants"],
    summary="Dokumentierte Prüfung für Zuweisungen über die Höchstdauer nach § 16d hinaus",
)
async def record_sgb2_recheck(
    participant_id: UUID, body: RecordSgb2Recheck, ctx: Ctx, principal: CurrentPrincipal
) -> Sgb2RecheckView:
    recheck_id, decided_on, recorded_at = await sgb2.record_recheck(
        ctx, principal, str(participant_id), body
    )
    return Sgb2RecheckView(
        id=recheck_id,
        participant_id=str(participant_id),
        decided_on=decided_on,
        recorded_at=recorded_at,
    )


@router.post(
    "/policies/sgb2-months",
    status_code=201,
    tags=["policies"],
    summary="Neue Fassung der Höchstdauer nach § 16d SGB II (Monate, Jahre) ab einem Datum",
)
async def add_sgb2_months_policy(
    body: AddSgb2MonthsPolicy, ctx: Ctx, principal: CurrentPrincipal
) -> Sgb2MonthsPolicyView:
    return Sgb2MonthsPolicyView.model_validate(await sgb2.add_policy(ctx, principal, body))


@router.get(
    "/policies/sgb2-months",
    tags=["policies"],
    summary="Fassungen der Höchstdauer nach § 16d SGB II (älteste zuerst)",
)
async def list_sgb2_months_policies(
    ctx: Ctx, principal: CurrentPrincipal
) -> list[Sgb2MonthsPolicyView]:
    return [
        Sgb2MonthsPolicyView.model_validate(p) for p in await sgb2.list_policies(ctx, principal)
    ]
