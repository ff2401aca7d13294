"""Exemptions (wichtiger Grund) of participants."""

from __future__ import annotations

from gemeinwerk_contracts.vocabulary import JustificationCategory
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from placement.domain.models import Exemption
from placement.store.codec import aware
from placement.store.tables import exemption_table as t


async def add(session: AsyncSession, exemption: Exemption, recorded_by: str) -> None:
    """Insert a new exemption."""
    e = exemption
    await session.execute(
        insert(t).values(
            id=e.id,
            participant_id=e.participant_id,
            category=e.category.value,
            valid_from=e.valid_from,
            valid_until=e.valid_until,
            recorded_at=e.recorded_at,
            recorded_by=recorded_by,
        )
    )


async def of_participant(session: AsyncSession, participant_id: str) -> list[Exemption]:
    """A participant's exemptions, by start."""
    query = select(t).where(t.c.participant_id == participant_id).order_by(t.c.valid_from, t.c.id)
    return [
        Exemption(
            id=r.id,
            participant_id=r.participant_id,
            category=JustificationCategory(r.category),
            valid_from=r.valid_from,
            valid_until=r.valid_until,
            recorded_at=aware(r.recorded_at),
        )
        for r in (await session.execute(query)).all()
    ]
