"""What matching reads: open opportunities with their providers' approval and free places."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from placement.domain.capacity import free_places
from placement.domain.lifecycle import OPEN
from placement.domain.matching import Candidate
from placement.domain.provider import APPROVED
from placement.store.placements import holds_place
from placement.store.tables import opportunity_legal_basis_table as lb
from placement.store.tables import opportunity_table as o
from placement.store.tables import placement_table as p
from placement.store.tables import provider_table as pr


async def candidates(session: AsyncSession, legal_basis: str, today: date) -> list[Candidate]:
    """Open opportunities not ended by `today` that accept `legal_basis` (three queries)."""
    accepting = select(lb.c.opportunity_id).where(lb.c.legal_basis == legal_basis)
    query = (
        select(o, pr.c.status.label("provider_status"))
        .join(pr, pr.c.id == o.c.provider_id)
        .where(or_(o.c.end_date.is_(None), o.c.end_date >= today))
        .where(o.c.status == OPEN)
        .where(o.c.id.in_(accepting))
    )
    rows = (await session.execute(query)).all()
    ids = [r.id for r in rows]
    if not ids:
        return []
    bases: dict[str, list[str]] = defaultdict(list)
    for opportunity_id, basis in await session.execute(
        select(lb.c.opportunity_id, lb.c.legal_basis).where(lb.c.opportunity_id.in_(ids))
    ):
        bases[opportunity_id].append(basis)
    counted = await session.execute(
        select(p.c.opportunity_id, func.count())
        .where(p.c.opportunity_id.in_(ids))
        .where(holds_place(today))
        .group_by(p.c.opportunity_id)
    )
    occupied: dict[str, int] = {oid: int(n) for oid, n in counted.all()}
    return [
        Candidate(
            opportunity_id=r.id,
            title=r.title,
            category=r.category,
            municipality_key=r.municipality_key,
            legal_bases=tuple(bases[r.id]),
            language_requirement=r.language_requirement,
            free_places=free_places(r.places, occupied.get(r.id, 0)),
            end_date=r.end_date,
            provider_approved=r.provider_status == APPROVED,
        )
        for r in rows
    ]
