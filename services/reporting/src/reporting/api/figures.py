"""GET /figures (+ .csv, .xlsx): the business figures of issue 6 (places, targets, obliged
participants, proposals, exits, sanctions, payments, notices)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from chassis.auth import CurrentPrincipal
from chassis.http import Runtime
from fastapi import APIRouter, Depends, Query, Request, Response
from gemeinwerk_contracts.vocabulary import LegalBasis, OpportunityCategory, ProviderKind
from pydantic import BaseModel, Field

from reporting import use_cases
from reporting.domain.business import BusinessMonth, BusinessReport, DaysFigure, Places
from reporting.domain.kpis import minutes_to_hours
from reporting.domain.municipalities import municipality_name
from reporting.exports import business_export

router = APIRouter(tags=["reporting"])


def _text(value: object) -> str | None:
    return None if value is None else str(value)


class PlacesOut(BaseModel):
    offered: int
    occupied: int = Field(description="Started placements in placement on the stock day.")
    reserved: int = Field(description="Zuweisungen issued, not yet started, ended or refused.")
    free: int = Field(description="offered − occupied − reserved, not below 0.")

    @classmethod
    def of(cls, places: Places) -> PlacesOut:
        return cls(
            offered=places.offered,
            occupied=places.occupied,
            reserved=places.reserved,
            free=places.free,
        )


class PlaceRowOut(PlacesOut):
    provider_kind: str
    target: int | None
    progress_percent: str | None = Field(description="offered / target in percent, 1 place.")


class DaysOut(BaseModel):
    count: int
    average: str | None
    median: str | None

    @classmethod
    def of(cls, days: DaysFigure) -> DaysOut:
        return cls(count=days.count, average=_text(days.average), median=_text(days.median))


class BusinessMonthOut(BaseModel):
    month: str
    stock_day: date
    places: PlacesOut
    obliged: int
    obliged_placed: int
    placements_proposed: int
    placements_started: int
    placements_ended: int
    ended_regular_employment: int
    worked_minutes: int
    hours_worked: str
    allowance_statement_cents: int
    allowance_paid_cents: int | None = Field(description="District-wide only (None if filtered).")
    refusals_justified: int
    refusals_unjustified: int
    sanctions_proposed: int
    sanctions_decided: int
    sanctions_waived: int
    sanctions_ended: int
    notices_delivered: int | None
    notices_failed: int | None

    @classmethod
    def of(cls, m: BusinessMonth) -> BusinessMonthOut:
        return cls(
            month=str(m.month),
            stock_day=m.stock_day,
            places=PlacesOut.of(m.places),
            obliged=m.obliged,
            obliged_placed=m.obliged_placed,
            placements_proposed=m.placements_proposed,
            placements_started=m.placements_started,
            placements_ended=m.placements_ended,
            ended_regular_employment=m.ended_regular_employment,
            worked_minutes=m.worked_minutes,
            hours_worked=str(minutes_to_hours(m.worked_minutes)),
            allowance_statement_cents=m.allowance_statement_cents,
            allowance_paid_cents=m.allowance_paid_cents,
            refusals_justified=m.refusals_justified,
            refusals_unjustified=m.refusals_unjustified,
            sanctions_proposed=m.sanctions_proposed,
            sanctions_decided=m.sanctions_decided,
            sanctions_waived=m.sanctions_waived,
            sanctions_ended=m.sanctions_ended,
            notices_delivered=m.notices_delivered,
            notices_failed=m.notices_failed,
        )


class TotalsOut(BaseModel):
    placements_proposed: int
    placements_started: int
    placements_ended: int
    ended_by_reason: dict[str, int]
    exits_regular_employment: int
    exit_share_percent: str | None
    worked_minutes: int
    hours_worked: str
    allowance_statement_cents: int
    allowance_paid_cents: int | None
    refusals_justified: int
    refusals_unjustified: int
    sanctions_proposed: int
    sanctions_decided: int
    sanctions_waived: int
    sanctions_ended: int
    proposal_to_start_days: DaysOut
    placement_duration_days: DaysOut
    notices_delivered: dict[str, int] | None
    notices_failed: dict[str, int] | None


class MunicipalityOut(BaseModel):
    municipality_key: str
    name: str
    places_offered: int
    places_occupied: int
    obliged: int
    obliged_placed: int
    placements_started: int
    placements_ended: int
    exits_regular_employment: int
    worked_minutes: int


class FiguresOut(BaseModel):
    """The business figures of a period, as of a day."""

    as_of: date
    stock_day: date = Field(description="Day of the stock figures (places, obliged).")
    filters: dict[str, str | None]
    places: PlacesOut
    target_total: int
    target_progress_percent: str | None
    places_by_provider_kind: list[PlaceRowOut]
    obliged: int
    obliged_placed: int
    totals: TotalsOut
    months: list[BusinessMonthOut]
    municipalities: list[MunicipalityOut] | None = None

    @classmethod
    def of(
        cls,
        report: BusinessReport,
        filters: dict[str, str | None],
        by_municipality: dict[str, BusinessReport] | None = None,
    ) -> FiguresOut:
        t = report.totals
        return cls(
            as_of=report.as_of,
            stock_day=report.stock_day,
            filters=filters,
            places=PlacesOut.of(report.places),
            target_total=report.target_total,
            target_progress_percent=_text(report.target_progress_percent),
            places_by_provider_kind=[
                PlaceRowOut(
                    provider_kind=row.provider_kind,
                    target=row.target,
                    progress_percent=_text(row.progress_percent),
                    **PlacesOut.of(row.places).model_dump(),
                )
                for row in report.place_rows
            ],
            obliged=report.obliged,
            obliged_placed=report.obliged_placed,
            totals=TotalsOut(
                placements_proposed=t.placements_proposed,
                placements_started=t.placements_started,
                placements_ended=t.placements_ended,
                ended_by_reason=t.ended_by_reason,
                exits_regular_employment=t.exits_regular_employment,
                exit_share_percent=_text(t.exit_share_percent),
                worked_minutes=t.worked_minutes,
                hours_worked=str(minutes_to_hours(t.worked_minutes)),
                allowance_statement_cents=t.allowance_statement_cents,
                allowance_paid_cents=t.allowance_paid_cents,
                refusals_justified=t.refusals_justified,
                refusals_unjustified=t.refusals_unjustified,
                sanctions_proposed=t.sanctions_proposed,
                sanctions_decided=t.sanctions_decided,
                sanctions_waived=t.sanctions_waived,
                sanctions_ended=t.sanctions_ended,
                proposal_to_start_days=DaysOut.of(t.proposal_to_start_days),
                placement_duration_days=DaysOut.of(t.placement_duration_days),
                notices_delivered=t.notices_delivered,
                notices_failed=t.notices_failed,
            ),
            months=[BusinessMonthOut.of(m) for m in report.months],
            municipalities=None
            if by_municipality is None
            else [
                MunicipalityOut(
                    municipality_key=key,
                    name=municipality_name(key),
                    places_offered=r.places.offered,
                    places_occupied=r.places.occupied,
                    obliged=r.obliged,
                    obliged_placed=r.obliged_placed,
                    placements_started=r.totals.placements_started,
                    placements_ended=r.totals.placements_ended,
                    exits_regular_employment=r.totals.exits_regular_employment,
                    worked_minutes=r.totals.worked_minutes,
                )
                for key, r in by_municipality.items()
            ],
        )


async def read_figures(
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
    provider_kind: Annotated[ProviderKind | None, Query()] = None,
    category: Annotated[OpportunityCategory | None, Query()] = None,
    per_municipality: Annotated[
        bool, Query(description="Add a row per municipality (as the council report).")
    ] = False,
) -> use_cases.BusinessRead:
    """The filters every business figure endpoint takes, and the figures."""
    settings = request.app.state.settings
    return await use_cases.get_business_figures(
        runtime,
        principal,
        from_month=from_month,
        to_month=to_month,
        legal_basis=legal_basis.value if legal_basis else None,
        municipality_key=municipality_key,
        provider_kind=provider_kind.value if provider_kind else None,
        category=category.value if category else None,
        targets=settings.place_targets,
        max_months=settings.kpi_max_months,
        per_municipality=per_municipality,
    )


FiguresRead = Annotated[use_cases.BusinessRead, Depends(read_figures)]


def filters_of(read: use_cases.BusinessRead) -> dict[str, str | None]:
    f = read.figure_filter
    return {
        "legal_basis": f.legal_basis,
        "municipality_key": f.municipality_key,
        "provider_kind": f.provider_kind,
        "category": f.category,
    }


@router.get("/figures", summary="Business figures (places, targets, obliged, sanctions, …)")
async def get_figures(read: FiguresRead) -> FiguresOut:
    """Places offered/occupied/reserved/free against the targets, obliged participants and
    how many are placed, proposals, starts, ends by reason and the exit share, hours,
    allowance (statements and payment runs), refusals, sanctions, days from proposal to
    start, placement duration and notices, per month and for the period."""
    municipalities = read.by_municipality if read.per_municipality else None
    return FiguresOut.of(read.report, filters_of(read), municipalities)


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@router.get(
    "/figures.csv",
    summary="Business figures per month as CSV",
    response_class=Response,
    responses={200: {"content": {business_export.CSV_MEDIA_TYPE: {}}}},
)
async def get_figures_csv(read: FiguresRead) -> Response:
    """Same filters as GET /figures; UTF-8 with BOM, `;`, decimal comma, German header."""
    return Response(
        business_export.figures_csv(read.report),
        media_type=business_export.CSV_MEDIA_TYPE,
        headers=_attachment(f"{business_export.file_stem(read.report)}.csv"),
    )


@router.get(
    "/figures.xlsx",
    summary="Business figures as XLSX",
    response_class=Response,
    responses={200: {"content": {business_export.XLSX_MEDIA_TYPE: {}}}},
)
async def get_figures_xlsx(read: FiguresRead) -> Response:
    """Same filters as GET /figures: sheets Monate, Plätze, Zeitraum, Angaben."""
    return Response(
        business_export.figures_xlsx(read.report, filters_of(read)),
        media_type=business_export.XLSX_MEDIA_TYPE,
        headers=_attachment(f"{business_export.file_stem(read.report)}.xlsx"),
    )
