"""Refusals (Ablehnung, Nichtantritt, Abbruch)."""

from __future__ import annotations

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from placement.domain.models import Refusal
from placement.store.tables import refusal_table as t


async def add(session: AsyncSession, refusal: Refusal, recorded_by: str) -> None:
    """Insert a recorded refusal."""
    r = refusal
    await session.execute(
        insert(t).values(
            id=r.id,
            participant_id=r.participant_id,
            placement_id=r.placement_id,
            opportunity_id=r.opportunity_id,
            kind=r.kind.value,
            refusal_date=r.refusal_date,
            justified=r.justified,
            justification_category=(
                r.justification_category.value if r.justification_category else None
            ),
            legal_notice_given=r.legal_notice_given,
            recorded_at=r.recorded_at,
            recorded_by=recorded_by,
        )
    )
