"""A refused or not taken up Zuweisung: recorded through /refusals, it moves the proposed
placement to `refused` or `no_show` and frees its place (called by `refusals.record_refusal`)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from placement.domain.lifecycle import status_after_refusal
from placement.domain.models import Placement
from placement.store import placements


async def close_refused_proposal(
    session: AsyncSession, placement: Placement | None, kind: str
) -> str | None:
    """Move a proposed placement to `refused` / `no_show` when the refusal is of that kind;
    returns the new status, or None when the placement stays as it is."""
    if placement is None:
        return None
    status = status_after_refusal(placement.status, kind)
    if status is not None:
        await placements.set_status(session, placement.id, status)
    return status
