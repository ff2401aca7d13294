"""POST /providers/{id}/timesheets: a provider's monthly sheet as CSV, with a per-row report.

The file comes as `multipart/form-data` (field `file`) or as the raw body (`text/csv`).
Multipart bodies are split with the standard library's MIME parser, so the service needs
no extra dependency.
"""

from __future__ import annotations

from datetime import datetime
from email import policy
from email.parser import BytesParser
from typing import Literal
from uuid import UUID

from chassis.auth import CurrentPrincipal
from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel

from chassis import DomainError
from placement.api.deps import Ctx
from placement.api.views import ERRORS
from placement.store.timesheet_imports import TimesheetImport
from placement.use_cases import timesheet_imports, timesheets

router = APIRouter(responses=ERRORS)
MAX_BYTES = 10 * 1024 * 1024


class SheetReportItem(BaseModel):
    row: int
    field: str | None
    status: Literal["error", "already_recorded"]
    reason: str


class SheetReportView(BaseModel):
    """`rows` read, `applied` new entries, and one item per row not applied."""

    rows: int
    applied: int
    already_recorded: int
    rejected: int
    items: list[SheetReportItem]


BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary"}},
                }
            },
            "text/csv": {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


class TimesheetImportView(BaseModel):
    """A background import: `rows_done` of `rows_total` are processed; `report` once done."""

    id: str
    provider_id: str
    status: Literal["running", "done", "failed"]
    rows_total: int
    rows_done: int
    applied: int
    rejected: int
    report: SheetReportView | None
    created_at: datetime
    finished_at: datetime | None

    @classmethod
    def of(cls, found: TimesheetImport) -> TimesheetImportView:
        return cls.model_validate({**found.__dict__})


@router.post(
    "/providers/{provider_id}/timesheets",
    tags=["hours"],
    summary="Monatlichen Stundennachweis (CSV) hochladen: gültige Zeilen werden gebucht "
    "(mit async=true im Hintergrund: 202 und Fortschritt unter /timesheet-imports/{id})",
    openapi_extra=BODY,
    responses={202: {"model": TimesheetImportView, "description": "Import läuft"}},
)
async def upload_timesheet(
    provider_id: UUID,
    request: Request,
    response: Response,
    ctx: Ctx,
    principal: CurrentPrincipal,
    run_async: bool = Query(
        default=False, alias="async", description="Im Hintergrund verarbeiten (202)."
    ),
) -> SheetReportView | TimesheetImportView:
    data = await _file(request)
    if run_async:
        started = await timesheet_imports.start_import(ctx, principal, str(provider_id), data)
        response.status_code = 202
        return TimesheetImportView.of(started)
    report = await timesheets.upload_timesheet(ctx, principal, str(provider_id), data)
    return SheetReportView(
        rows=report.rows,
        applied=report.applied,
        already_recorded=report.already_recorded,
        rejected=report.rejected,
        items=[SheetReportItem.model_validate(i, from_attributes=True) for i in report.items],
    )


@router.get(
    "/timesheet-imports/{import_id}",
    tags=["hours"],
    summary="Fortschritt und Bericht eines Stundennachweis-Imports",
)
async def get_timesheet_import(
    import_id: UUID, ctx: Ctx, principal: CurrentPrincipal
) -> TimesheetImportView:
    return TimesheetImportView.of(
        await timesheet_imports.get_import(ctx, principal, str(import_id))
    )


async def _file(request: Request) -> bytes:
    body = await request.body()
    if len(body) > MAX_BYTES:
        raise DomainError("Die Datei ist größer als 10 MB.", field="file", code="too_large")
    content_type = request.headers.get("content-type", "")
    if not content_type.lower().startswith("multipart/form-data"):
        if not body:
            raise DomainError("Es wurde keine Datei gesendet.", field="file", code="missing")
        return body
    head = f"Content-Type: {content_type}\r\n\r\n".encode("latin-1", errors="replace")
    message = BytesParser(policy=policy.HTTP).parsebytes(head + body)
    if message.is_multipart():
        for part in message.iter_parts():
            if part.get_param("name", header="content-disposition") == "file":
                payload = part.get_payload(decode=True)
                if isinstance(payload, bytes):
                    return payload
    raise DomainError(
        "Das Formularfeld „file“ mit der CSV-Datei fehlt.", field="file", code="missing"
    )
