"""GET /kpis: monthly key figures of the community work opportunities."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from chassis.auth import CurrentPrincipal
from chassis.http import Runtime
from fastapi import APIRouter, Depends, Query, Request
from gemeinwerk_contracts.vocabulary import LegalBasis
from pydantic import BaseModel, Field

from reporting import use_cases
from reporting.domain.facts import KpiFilter
from reporting.domain.kpis import KpiReport

router = APIRouter(tags=["reporting"])


class MonthFiguresOut(BaseModel):
    """Key figures of one calendar month (Europe/Berlin)."""

    month: str = Field(examples=["2026-11"])
    placements_started: int
    placements_ended: int
    active_at_month_end: int = Field(description="In placement on the month's last day.")
    hours_worked: str = Field(examples=["12.50"], description="Hours, 2 decimal places.")
    worked_minutes: int
    refusals: int
    refusals_unjustified: int = Field(description="Refusals without wichtigen Grund.")
    allowance_cents: int = Field(
        description="Allowance (Aufwandsentschädigung) of the statements issued for the month, "
        "in cents; filtered through the participant's placements in that month."
    )


class KpisOut(BaseModel):
    """Key figures as of a day."""

    as_of: date
    active_placements: int = Field(description="Placements active on the as-of day.")
    months: list[MonthFiguresOut]

    @classmethod
    def of(cls, report: KpiReport) -> KpisOut:
        return cls(
            as_of=report.as_of,
            active_placements=report.active_placements,
            months=[
                MonthFiguresOut(
                    month=str(m.month),
                    placements_started=m.placements_started,
                    placements_ended=m.placements_ended,
                    active_at_month_end=m.active_at_month_end,
                    hours_worked=str(m.hours_worked),
                    worked_minutes=m.worked_minutes,
                    refusals=m.refusals,
                    refusals_unjustified=m.refusals_unjustified,
                    allowance_cents=m.allowance_cents,
                )
                for m in report.months
            ],
        )


async def read_kpis(
    request: Request,
    runtime: Runtime,
    principal: CurrentPrincipal,
    from_month: Annotated[
        str | None, Query(alias="from", description="First month, YYYY-MM (default: to − 11).")
    ] = None,
    to_month: Annotated[
        str | None, Query(alias="to", description="Last month, YYYY-MM (default: this month).")
    ] = None,
    legal_basis: Annotated[LegalBasis | None, Query()] = None,
    municipality_key: Annotated[
        str | None, Query(pattern=r"^\d{8}$", description="AGS, 8 digits.")
    ] = None,
) -> tuple[KpiReport, KpiFilter]:
    """The filters every key figure endpoint takes (JSON and exports), and the report."""
    return await use_cases.get_kpis_with_filter(
        runtime,
        principal,
        from_month=from_month,
        to_month=to_month,
        legal_basis=legal_basis.value if legal_basis else None,
        municipality_key=municipality_key,
        max_months=request.app.state.settings.kpi_max_months,
    )


KpisRead = Annotated[tuple[KpiReport, KpiFilter], Depends(read_kpis)]


@router.get("/kpis", summary="Monthly key figures")
async def get_kpis(read: KpisRead) -> KpisOut:
    """Placements started/ended, active at month end, hours worked, refusals and allowance
    paid (statements issued) per month."""
    report, _ = read
    return KpisOut.of(report)
