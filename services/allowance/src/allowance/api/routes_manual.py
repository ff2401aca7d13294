"""Endpoints: manual lines for proven higher necessary expenses (four eyes)."""

from __future__ import annotations

from datetime import date

from chassis.auth import CurrentPrincipal
from chassis.http import Runtime
from fastapi import APIRouter
from pydantic import BaseModel, Field

from allowance import use_cases_manual

router = APIRouter(tags=["manual lines"])


class NewManualLine(BaseModel):
    placement_id: str
    expense_date: date = Field(description="Decides the month the line counts in.")
    amount_cents: int = Field(gt=0)
    receipt_reference: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=500)


class ManualLine(BaseModel):
    request_id: str
    placement_id: str
    participant_ref: str
    expense_date: date
    amount_cents: int
    receipt_reference: str
    description: str
    status: str = Field(description="requested (does not count yet) or approved (counts).")
    requested_by: str
    approved_by: str | None


@router.post(
    "/manual-lines",
    response_model=ManualLine,
    status_code=201,
    summary="Enter proven higher necessary expenses (§ 5 Abs. 2 AsylbLG); count after approval",
)
async def enter(body: NewManualLine, runtime: Runtime, principal: CurrentPrincipal) -> ManualLine:
    request = await use_cases_manual.enter(
        runtime,
        principal,
        body.placement_id,
        body.expense_date,
        body.amount_cents,
        body.receipt_reference,
        body.description,
    )
    return ManualLine.model_validate(request, from_attributes=True)


@router.post(
    "/manual-lines/{request_id}/approve",
    response_model=ManualLine,
    summary="Approve a manual line (another person than who entered it)",
    responses={403: {"description": "Four eyes: the approver entered the line."}},
)
async def approve(request_id: str, runtime: Runtime, principal: CurrentPrincipal) -> ManualLine:
    request = await use_cases_manual.approve(runtime, principal, request_id)
    return ManualLine.model_validate(request, from_attributes=True)


@router.get("/manual-lines/{request_id}", response_model=ManualLine, summary="One manual line")
async def read(request_id: str, runtime: Runtime, principal: CurrentPrincipal) -> ManualLine:
    request = await use_cases_manual.read(runtime, principal, request_id)
    return ManualLine.model_validate(request, from_attributes=True)
