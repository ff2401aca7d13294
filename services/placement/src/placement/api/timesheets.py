"""POST /providers/{id}/timesheets: a provider's monthly sheet as CSV, with a per-row report.

The file comes as `multipart/form-data` (field `file`) or as the raw body (`text/csv`).
Multipart bodies are split with the standard library's MIME parser, so the service needs
no extra dependency.
"""

from __future__ import annotations

from email import policy
from email.parser import BytesParser
from typing import Literal
from uuid import UUID

from chassis.auth import CurrentPrincipal
from fastapi import APIRouter, Request
from pydantic import BaseModel

from chassis import DomainError
from placement.api.deps import Ctx
from placement.api.views import ERRORS
from placement.use_cases import timesheets

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


@router.post(
    "/providers/{provider_id}/timesheets",
    tags=["hours"],
    summary="Monatlichen Stundennachweis (CSV) hochladen: gültige Zeilen werden gebucht",
    openapi_extra=BODY,
)
async def upload_timesheet(
    provider_id: UUID, request: Request, ctx: Ctx, principal: CurrentPrincipal
) -> SheetReportView:
    data = await _file(request)
    report = await timesheets.upload_timesheet(ctx, principal, str(provider_id), data)
    already = sum(1 for i in report.items if i.status == timesheets.ALREADY)
    return SheetReportView(
        rows=report.rows,
        applied=report.applied,
        already_recorded=already,
        rejected=len(report.items) - already,
        items=[SheetReportItem.model_validate(i, from_attributes=True) for i in report.items],
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
