"""Endpoints: the effective-dated rate tables (GET) and entering a new rate (POST)."""

from __future__ import annotations

from datetime import date, datetime

from chassis.auth import CurrentPrincipal
from chassis.http import Runtime
from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from allowance import use_cases_rates

router = APIRouter(tags=["rates"])


class NewRate(BaseModel):
    scheme: str = Field(description="Legal basis: asylblg_5 or sgb2_16d.")
    valid_from: date = Field(description="First work date the rate applies to.")
    cents_per_hour: int = Field(ge=0, le=10_000)


class Rate(BaseModel):
    scheme: str
    valid_from: date = Field(description="0001-01-01 means: since ever.")
    cents_per_hour: int
    entered_by: str
    entered_at: datetime


class Rates(BaseModel):
    rates: list[Rate] = Field(description="By scheme and valid_from.")


@router.get("/rates", response_model=Rates, summary="Rate tables of every scheme")
async def list_rates(runtime: Runtime, principal: CurrentPrincipal) -> Rates:
    rows = await use_cases_rates.list_rates(runtime, principal)
    return Rates(rates=[Rate.model_validate(row, from_attributes=True) for row in rows])


@router.post(
    "/rates",
    response_model=Rate,
    status_code=201,
    summary="Enter a rate from a date on (applies to lines booked after it is entered)",
    responses={
        200: {"description": "The same rate was already entered (no-op)."},
        409: {"description": "Another rate exists for this scheme and day."},
        422: {"description": "Starts on or before the last booked work date."},
    },
)
async def enter_rate(
    body: NewRate, runtime: Runtime, principal: CurrentPrincipal, response: Response
) -> Rate:
    row, created = await use_cases_rates.enter_rate(
        runtime, principal, body.scheme, body.valid_from, body.cents_per_hour
    )
    if not created:
        response.status_code = 200
    return Rate.model_validate(row, from_attributes=True)
