"""/policies: the district's effective-dated policy settings (hour limits, duty age)."""

from __future__ import annotations

from chassis.auth import CurrentPrincipal
from fastapi import APIRouter

from placement.api.deps import Ctx
from placement.api.views import ERRORS
from placement.api.views_rules import DutyPolicyView, HoursPolicyView
from placement.commands import AddDutyPolicy, AddHoursPolicy
from placement.use_cases import policies

router = APIRouter(responses=ERRORS, tags=["policies"])


@router.post(
    "/policies/hours",
    status_code=201,
    summary="Neue Fassung der Stundengrenzen (Tag, Woche, Monat) ab einem Datum",
)
async def add_hours_policy(
    body: AddHoursPolicy, ctx: Ctx, principal: CurrentPrincipal
) -> HoursPolicyView:
    return HoursPolicyView.model_validate(await policies.add_hours_policy(ctx, principal, body))


@router.get("/policies/hours", summary="Fassungen der Stundengrenzen (älteste zuerst)")
async def list_hours_policies(ctx: Ctx, principal: CurrentPrincipal) -> list[HoursPolicyView]:
    found = await policies.list_hours_policies(ctx, principal)
    return [HoursPolicyView.model_validate(p) for p in found]


@router.post(
    "/policies/duty",
    status_code=201,
    summary="Neue Fassung des Mindestalters für die Arbeitspflicht ab einem Datum",
)
async def add_duty_policy(
    body: AddDutyPolicy, ctx: Ctx, principal: CurrentPrincipal
) -> DutyPolicyView:
    return DutyPolicyView.model_validate(await policies.add_duty_policy(ctx, principal, body))


@router.get("/policies/duty", summary="Fassungen des Mindestalters (älteste zuerst)")
async def list_duty_policies(ctx: Ctx, principal: CurrentPrincipal) -> list[DutyPolicyView]:
    found = await policies.list_duty_policies(ctx, principal)
    return [DutyPolicyView.model_validate(p) for p in found]
