"""GET /reports/council.pdf: the council (Kreistag) report as a printable PDF."""

from __future__ import annotations

import asyncio
from typing import Annotated

from chassis.auth import CurrentPrincipal
from chassis.http import Runtime
from fastapi import APIRouter, Query, Request, Response

from reporting import use_cases
from reporting.report.council import council_html, html_to_pdf

router = APIRouter(tags=["reporting"])
PDF = "application/pdf"


@router.get(
    "/reports/council.pdf",
    summary="Council (Kreistag) report as PDF",
    response_class=Response,
    responses={200: {"content": {PDF: {}}}},
)
async def get_council_report(
    request: Request,
    runtime: Runtime,
    principal: CurrentPrincipal,
    from_month: Annotated[str, Query(alias="from", description="First month, YYYY-MM.")],
    to_month: Annotated[str, Query(alias="to", description="Last month, YYYY-MM.")],
    municipality_key: Annotated[
        str | None, Query(pattern=r"^\d{8}$", description="AGS, 8 digits.")
    ] = None,
) -> Response:
    """Key figures, charts (places against targets by provider kind, hours and money per
    month, exits into regular employment, refusals) and a table per municipality."""
    settings = request.app.state.settings
    read = await use_cases.get_business_figures(
        runtime,
        principal,
        from_month=from_month,
        to_month=to_month,
        municipality_key=municipality_key,
        targets=settings.place_targets,
        max_months=settings.kpi_max_months,
        per_municipality=True,
    )
    html = council_html(read.report, read.by_municipality)
    pdf = await asyncio.to_thread(html_to_pdf, html)
    name = f"kreistag_{from_month}_{to_month}.pdf"
    headers = {"Content-Disposition": f'inline; filename="{name}"'}
    return Response(pdf, media_type=PDF, headers=headers)
