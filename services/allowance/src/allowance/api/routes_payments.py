"""Endpoints: payment methods (bank details), payment runs and their files."""

from __future__ import annotations

from datetime import datetime

from chassis.auth import CurrentPrincipal
from chassis.http import Runtime
from fastapi import APIRouter, Response
from gemeinwerk_contracts.vocabulary import PaymentPayer
from pydantic import BaseModel, Field

from allowance import use_cases, use_cases_payments
from allowance.domain.payments import Method

router = APIRouter(tags=["payments"])


class PaymentMethodIn(BaseModel):
    method: Method = Field(description="sepa (bank transfer), cash or bezahlkarte.")
    iban: str | None = Field(default=None, description="Required for sepa; checked (schwifty).")
    account_holder: str | None = Field(default=None, description="Required for sepa.")
    bic: str | None = Field(default=None, description="Optional; derived from the IBAN.")


class PaymentMethodOut(BaseModel):
    participant_ref: str
    method: Method
    iban_last4: str | None = Field(description="Only the last four digits are shown back.")


class PaymentRun(BaseModel):
    payment_run_id: str
    month: str
    payments: int = Field(description="Statements paid by this run (0 on a repeated run).")
    paid_cents: int
    sepa_transfers: int
    cash_or_card: int
    without_method: int = Field(description="Positive unpaid statements without a method.")
    created_at: datetime
    payer: PaymentPayer = Field(
        description="district: participants paid directly (variant a); provider: providers "
        "reimbursed by settlements (variant b)."
    )
    carried_over_cents: int = Field(
        description="Statement total of the month still unpaid after this run (equals the "
        "reconciliation's carried_over_cents)."
    )
    settlements: list[SettlementHead] = Field(
        default_factory=list, description="Variant (b): the provider settlements of this run."
    )


class SettlementHead(BaseModel):
    settlement_id: str
    payment_run_id: str
    month: str
    provider_id: str
    participants: int
    worked_minutes: int
    total_cents: int = Field(description="Reimbursement to the provider, in cents (> 0).")
    created_at: datetime


@router.put(
    "/participants/{participant_ref}/payment-method",
    response_model=PaymentMethodOut,
    summary="Set how a participant is paid",
)
async def put_method(
    participant_ref: str, body: PaymentMethodIn, runtime: Runtime, principal: CurrentPrincipal
) -> PaymentMethodOut:
    ref = use_cases.participant_arg(participant_ref)
    stored = await use_cases_payments.set_payment_method(
        runtime, principal, ref, body.method, body.iban, body.account_holder, body.bic
    )
    last4 = stored.iban[-4:] if stored.iban else None
    return PaymentMethodOut(participant_ref=ref, method=stored.method, iban_last4=last4)


@router.post(
    "/months/{month}/payment-runs",
    response_model=PaymentRun,
    status_code=201,
    summary="Pay the month out the way its payer says (idempotent)",
    responses={200: {"description": "Nothing left to pay: a run with zero payments."}},
)
async def post_run(
    month: str, runtime: Runtime, principal: CurrentPrincipal, response: Response
) -> PaymentRun:
    result = await use_cases_payments.run_payments(runtime, principal, use_cases.month_arg(month))
    if result.payments == 0:
        response.status_code = 200
    return PaymentRun.model_validate(result, from_attributes=True)


@router.get("/payment-runs/{payment_run_id}", response_model=PaymentRun, summary="A payment run")
async def get_run(payment_run_id: str, runtime: Runtime, principal: CurrentPrincipal) -> PaymentRun:
    found, _, _ = await use_cases_payments.payment_run(runtime, principal, payment_run_id)
    return PaymentRun.model_validate(found, from_attributes=True)


@router.get("/payment-runs/{payment_run_id}/sepa.xml", summary="SEPA pain.001.001.03 file")
async def get_xml(payment_run_id: str, runtime: Runtime, principal: CurrentPrincipal) -> Response:
    _, xml, _ = await use_cases_payments.payment_run(runtime, principal, payment_run_id)
    if xml is None:
        return Response(status_code=204)
    disposition = f'attachment; filename="sepa-{payment_run_id}.xml"'
    return Response(xml, media_type="application/xml", headers={"Content-Disposition": disposition})


@router.get("/payment-runs/{payment_run_id}/cash.csv", summary="Cash/Bezahlkarte list (CSV)")
async def get_csv(payment_run_id: str, runtime: Runtime, principal: CurrentPrincipal) -> Response:
    _, _, text = await use_cases_payments.payment_run(runtime, principal, payment_run_id)
    disposition = f'attachment; filename="bar-bezahlkarte-{payment_run_id}.csv"'
    return Response(
        text.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": disposition},
    )
