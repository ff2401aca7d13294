"""GET /notices and GET /notices/{id}: what was (or will be) sent to a participant."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from chassis.auth import CurrentPrincipal
from chassis.http import Runtime
from fastapi import APIRouter, Query

from notification.api.models import NoticeDetail, NoticeSummary
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
    return NoticeDetail.of(await get_notice(runtime, principal, notice_id))
