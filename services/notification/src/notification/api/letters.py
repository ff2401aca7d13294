"""GET /letters?date=YYYY-MM-DD: the day's letters for printing, as one PDF."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from chassis.auth import CurrentPrincipal
from chassis.http import Runtime
from fastapi import APIRouter, Query, Response

from notification.use_cases.documents import letters_for_printing

router = APIRouter(prefix="/letters", tags=["letters"])


@router.get(
    "",
    summary="Letters collected for printing on one day, as one PDF",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
async def letters_of_day(
    runtime: Runtime,
    principal: CurrentPrincipal,
    day: Annotated[date, Query(alias="date", description="Collection day (Europe/Berlin).")],
) -> Response:
    pdf = await letters_for_printing(runtime, principal, day)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="letters-{day.isoformat()}.pdf"'},
    )
