"""Endpoints: a participant's month, its lines, and a month's totals per participant."""

from __future__ import annotations

from typing import Annotated

from chassis.auth import CurrentPrincipal
from chassis.http import Runtime
from fastapi import APIRouter, Query

from allowance import use_cases
from allowance.api.models import (
    Line,
    MonthTotals,
    ParticipantLines,
    ParticipantMonth,
    ParticipantTotal,
)

router = APIRouter(tags=["allowance"])

MonthQuery = Annotated[
    str | None,
    Query(
        description="YYYY-MM; default: the current month in Europe/Berlin.", examples=["2026-11"]
    ),
]


@router.get(
    "/participants/{participant_ref}/allowance",
    response_model=ParticipantMonth,
    summary="A participant's allowance in one month (zeros when nothing is booked)",
)
async def participant_month(
    participant_ref: str, runtime: Runtime, principal: CurrentPrincipal, month: MonthQuery = None
) -> ParticipantMonth:
    ref = use_cases.participant_arg(participant_ref)
    chosen = use_cases.month_arg(month)
    totals = await use_cases.participant_month(runtime, principal, ref, chosen)
    return ParticipantMonth(
        participant_ref=ref,
        month=chosen,
        total_cents=totals.total_cents,
        worked_minutes=totals.worked_minutes,
        lines=totals.lines,
    )


@router.get(
    "/participants/{participant_ref}/allowance/lines",
    response_model=ParticipantLines,
    summary="A participant's ledger lines in one month, by work date",
)
async def participant_lines(
    participant_ref: str, runtime: Runtime, principal: CurrentPrincipal, month: MonthQuery = None
) -> ParticipantLines:
    ref = use_cases.participant_arg(participant_ref)
    chosen = use_cases.month_arg(month)
    lines = await use_cases.participant_lines(runtime, principal, ref, chosen)
    return ParticipantLines(
        participant_ref=ref,
        month=chosen,
        lines=[Line(kind=line.kind, **vars(line.line)) for line in lines],
    )


@router.get(
    "/allowance/months/{month}",
    response_model=MonthTotals,
    summary="Totals of one month per participant (for reconciliation), paged",
)
async def month_totals(
    month: str,
    runtime: Runtime,
    principal: CurrentPrincipal,
    after: Annotated[
        str | None, Query(description="Last participant_ref of the previous page.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
) -> MonthTotals:
    chosen = use_cases.month_arg(month)
    overall, page = await use_cases.month_totals(runtime, principal, chosen, after, limit)
    return MonthTotals(
        month=chosen,
        total_cents=overall.total_cents,
        worked_minutes=overall.worked_minutes,
        lines=overall.lines,
        participants=[ParticipantTotal.model_validate(p, from_attributes=True) for p in page],
        next_after=page[-1].participant_ref if len(page) == limit else None,
    )
