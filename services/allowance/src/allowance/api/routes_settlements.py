"""Endpoints: who pays (payer steps) and provider settlements (variant b) with CSV and PDF."""

from __future__ import annotations

from datetime import datetime

from chassis.auth import CurrentPrincipal
from chassis.http import Runtime
from fastapi import APIRouter, Response
from gemeinwerk_contracts.vocabulary import PaymentPayer
from pydantic import BaseModel, Field

from allowance import use_cases, use_cases_payments, use_cases_settlements
from allowance.api.routes_payments import PaymentRun, SettlementHead
from allowance.domain.months import InvalidMonth, parse_month
from chassis import DomainError

router = APIRouter(tags=["settlements"])


class PayerStepIn(BaseModel):
    valid_from: str = Field(description="First month (YYYY-MM) the payer pays out.")
    payer: PaymentPayer


class PayerStep(BaseModel):
    valid_from: str
    payer: PaymentPayer
    entered_by: str
    entered_at: datetime


class PayerOfMonth(BaseModel):
    month: str
    payer: PaymentPayer = Field(description="Who pays this month out.")
    default: PaymentPayer = Field(description="PAYMENT_PAYER: applies before the first step.")
    steps: list[PayerStep]


class MonthSettlements(BaseModel):
    month: str
    settlements: list[SettlementHead]


class SettlementPart(BaseModel):
    statement_id: str
    participant_ref: str
    worked_minutes: int
    amount_cents: int


class Settlement(SettlementHead):
    parts: list[SettlementPart] = Field(description="Per participant statement, by reference.")


@router.get("/payer", response_model=PayerOfMonth, summary="Who pays a month out")
async def get_payer(
    runtime: Runtime, principal: CurrentPrincipal, month: str | None = None
) -> PayerOfMonth:
    found = await use_cases_settlements.payer_of_month(
        runtime, principal, use_cases.month_arg(month)
    )
    return PayerOfMonth(
        month=found.month,
        payer=found.payer,
        default=found.default,
        steps=[PayerStep.model_validate(step) for step in found.steps],
    )


@router.post(
    "/payer-steps",
    response_model=PayerStep,
    status_code=201,
    summary="Decide who pays out from a month on",
    responses={
        200: {"description": "The same step was already entered (no-op)."},
        409: {"description": "Another payer is set for this month."},
        422: {"description": "The month is on or before the last month with a payment run."},
    },
)
async def post_payer_step(
    body: PayerStepIn, runtime: Runtime, principal: CurrentPrincipal, response: Response
) -> PayerStep:
    try:
        valid_from = parse_month(body.valid_from)
    except InvalidMonth as exc:
        raise DomainError(
            "Ungültiger Monat: bitte im Format JJJJ-MM angeben (z. B. 2026-11).",
            field="valid_from",
            code="invalid_month",
        ) from exc
    row, created = await use_cases_settlements.enter_payer_step(
        runtime, principal, valid_from, body.payer
    )
    if not created:
        response.status_code = 200
    return PayerStep.model_validate(row)


@router.post(
    "/months/{month}/settlements",
    response_model=PaymentRun,
    status_code=201,
    summary="Settle the month with the providers (variant b; idempotent)",
    responses={
        200: {"description": "Nothing left to settle: a run with zero settlements."},
        409: {"description": "Month not closed, or the district pays this month directly."},
    },
)
async def post_settlements(
    month: str, runtime: Runtime, principal: CurrentPrincipal, response: Response
) -> PaymentRun:
    result = await use_cases_payments.run_payments(
        runtime, principal, use_cases.month_arg(month), require=PaymentPayer.PROVIDER
    )
    if result.payments == 0:
        response.status_code = 200
    return PaymentRun.model_validate(result, from_attributes=True)


@router.get(
    "/months/{month}/settlements",
    response_model=MonthSettlements,
    summary="The provider settlements of a month",
)
async def get_month_settlements(
    month: str, runtime: Runtime, principal: CurrentPrincipal
) -> MonthSettlements:
    checked = use_cases.month_arg(month)
    found = await use_cases_settlements.month_settlements(runtime, principal, checked)
    return MonthSettlements(
        month=checked,
        settlements=[SettlementHead.model_validate(s, from_attributes=True) for s in found],
    )


@router.get(
    "/settlements/{settlement_id}", response_model=Settlement, summary="A provider settlement"
)
async def get_settlement(
    settlement_id: str, runtime: Runtime, principal: CurrentPrincipal
) -> Settlement:
    head, found, _ = await use_cases_settlements.settlement(runtime, principal, settlement_id)
    return Settlement(
        **SettlementHead.model_validate(head, from_attributes=True).model_dump(),
        parts=[SettlementPart.model_validate(p, from_attributes=True) for p in found.parts],
    )


@router.get("/settlements/{settlement_id}/settlement.csv", summary="The settlement as CSV")
async def get_settlement_csv(
    settlement_id: str, runtime: Runtime, principal: CurrentPrincipal
) -> Response:
    head, _, text = await use_cases_settlements.settlement(runtime, principal, settlement_id)
    name = f"erstattung-{head.month}-{head.provider_id}.csv"
    return Response(
        text.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/settlements/{settlement_id}/settlement.pdf", summary="The settlement as PDF")
async def get_settlement_pdf(
    settlement_id: str, runtime: Runtime, principal: CurrentPrincipal
) -> Response:
    pdf = await use_cases_settlements.settlement_pdf(runtime, principal, settlement_id)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="erstattung-{settlement_id}.pdf"'},
    )
