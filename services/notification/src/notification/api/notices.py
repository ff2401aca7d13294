"""GET /notices, GET /notices/{id}, its PDF, and POST /notices/{id}/resend."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from chassis.auth import CurrentPrincipal
from chassis.http import Runtime
from fastapi import APIRouter, Query, Response

from notification.api.models import NoticeDetail, NoticeSummary
from notification.use_cases.documents import notice_pdf, resend_notice
from notification.use_cases.read_notices import get_notice, list_notices

router = APIRouter(prefix="/notices", tags=["notices"])


@router.get("", summary="Notices of one participant", response_model=list[NoticeSummary])
async def notices_of_participant(
    runtime: Runtime,
    principal: CurrentPrincipal,
    participant_ref: Annotated[UUID, Query(description="Pseudonymous participant reference.")],
) -> list[NoticeSummary]:
    records = await list_notices(runtime, principal, participant_ref)
    return [NoticeSummary.of(record) for record in records]


@router.get("/{notice_id}", summary="One notice", response_model=NoticeDetail)
async def notice(runtime: Runtime, principal: CurrentPrincipal, notice_id: UUID) -> NoticeDetail:
    record, deliveries = await get_notice(runtime, principal, notice_id)
    return NoticeDetail.of(record, deliveries)


@router.get(
    "/{notice_id}/pdf",
    summary="The PDF letter of a notice",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
async def notice_pdf_download(
    runtime: Runtime, principal: CurrentPrincipal, notice_id: UUID
) -> Response:
    document = await notice_pdf(runtime, principal, notice_id)
    return Response(
        document.pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="notice-{notice_id}.pdf"'},
    )


@router.post(
    "/{notice_id}/resend",
    summary="Deliver a notice again (same PDF)",
    status_code=202,
    response_model=NoticeDetail,
)
async def resend(runtime: Runtime, principal: CurrentPrincipal, notice_id: UUID) -> NoticeDetail:
    await resend_notice(runtime, principal, notice_id)
    record, deliveries = await get_notice(runtime, principal, notice_id)
    return NoticeDetail.of(record, deliveries)
