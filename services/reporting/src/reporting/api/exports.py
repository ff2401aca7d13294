"""GET /kpis.csv and /kpis.xlsx: the key figures of GET /kpis as spreadsheet files."""

from __future__ import annotations

from fastapi import APIRouter, Response

from reporting.api.kpis import KpisRead
from reporting.exports import csv_export, xlsx_export
from reporting.exports.table import file_stem

router = APIRouter(tags=["reporting"])


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@router.get(
    "/kpis.csv",
    summary="Monthly key figures as CSV",
    response_class=Response,
    responses={200: {"content": {csv_export.MEDIA_TYPE: {}}}},
)
async def get_kpis_csv(read: KpisRead) -> Response:
    """Same filters as GET /kpis; UTF-8 with BOM, `;`-separated, decimal comma, German header."""
    report, _ = read
    return Response(
        csv_export.kpis_csv(report),
        media_type=csv_export.MEDIA_TYPE,
        headers=_attachment(f"{file_stem(report)}.csv"),
    )


@router.get(
    "/kpis.xlsx",
    summary="Monthly key figures as XLSX",
    response_class=Response,
    responses={200: {"content": {xlsx_export.MEDIA_TYPE: {}}}},
)
async def get_kpis_xlsx(read: KpisRead) -> Response:
    """Same filters as GET /kpis; months as date cells (MM.YYYY), hours as numbers."""
    report, kpi_filter = read
    filters = {
        "legal_basis": kpi_filter.legal_basis,
        "municipality_key": kpi_filter.municipality_key,
    }
    return Response(
        xlsx_export.kpis_xlsx(report, filters),
        media_type=xlsx_export.MEDIA_TYPE,
        headers=_attachment(f"{file_stem(report)}.xlsx"),
    )
