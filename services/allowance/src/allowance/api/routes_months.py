"""Endpoints: month close, statements, reconciliation."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from chassis.auth import CurrentPrincipal
from chassis.http import Runtime
from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from allowance import use_cases, use_cases_months
from allowance.domain.statements import Statement as DomainStatement

router = APIRouter(tags=["statements"])


class MonthClose(BaseModel):
    month: str
    closed_now: bool = Field(description="False: the month was already closed; nothing changed.")
    statements: int
    total_cents: int


class StatementLine(BaseModel):
    kind: str
    entry_id: str | None
    work_date: date
    original_month: str
    correction: bool = Field(description="A late line of an earlier, closed month.")
    worked_minutes: int
    rate_cents_per_hour: int
    amount_cents: int


class Statement(BaseModel):
    statement_id: str
    month: str
    participant_ref: str
    total_cents: int
    worked_minutes: int
    corrected_months: list[str]
    lines: list[StatementLine]


class Statements(BaseModel):
    statements: list[Statement] = Field(description="By month, then participant_ref.")
    next_after: str | None = Field(
        default=None, description="Pass as `after` for the next page; null on the last page."
    )


class Reconciliation(BaseModel):
    month: str
    closed: bool
    statements: int
    statement_total_cents: int
    paid_cents: int = Field(description="Paid by payment runs (variant a: the district).")
    carried_over_cents: int
    balanced: bool = Field(description="statement_total_cents == paid_cents + carried_over_cents")


def _statement(s: DomainStatement) -> Statement:
    return Statement(
        statement_id=s.statement_id,
        month=s.month,
        participant_ref=s.participant_ref,
        total_cents=s.total_cents,
        worked_minutes=s.worked_minutes,
        corrected_months=list(s.corrected_months),
        lines=[
            StatementLine(
                correction=ln.is_correction(s.month),
                **{k: v for k, v in vars(ln).items() if k in StatementLine.model_fields},
            )
            for ln in s.lines
        ],
    )


@router.post("/months/{month}/close", response_model=MonthClose, summary="Close a month")
async def close(month: str, runtime: Runtime, principal: CurrentPrincipal) -> MonthClose:
    result = await use_cases_months.close_month(runtime, principal, use_cases.month_arg(month))
    return MonthClose.model_validate(result, from_attributes=True)


@router.get(
    "/months/{month}/statements", response_model=Statements, summary="A month's statements, paged"
)
async def month_statements(
    month: str,
    runtime: Runtime,
    principal: CurrentPrincipal,
    after: Annotated[
        str | None, Query(description="Last participant_ref of the previous page.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> Statements:
    chosen = use_cases.month_arg(month)
    found = await use_cases_months.month_statements(runtime, principal, chosen, after, limit)
    return Statements(
        statements=[_statement(s) for s in found],
        next_after=found[-1].participant_ref if len(found) == limit else None,
    )


@router.get(
    "/participants/{participant_ref}/statements",
    response_model=Statements,
    summary="A participant's statements",
)
async def participant_statements(
    participant_ref: str, runtime: Runtime, principal: CurrentPrincipal
) -> Statements:
    ref = use_cases.participant_arg(participant_ref)
    found = await use_cases_months.participant_statements(runtime, principal, ref)
    return Statements(statements=[_statement(s) for s in found])


@router.get(
    "/months/{month}/reconciliation",
    response_model=Reconciliation,
    summary="Sum of statements = paid + carried over",
)
async def reconciliation(
    month: str, runtime: Runtime, principal: CurrentPrincipal
) -> Reconciliation:
    result = await use_cases_months.reconciliation(runtime, principal, use_cases.month_arg(month))
    return Reconciliation(balanced=result.balanced, **vars(result))
