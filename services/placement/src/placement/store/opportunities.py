"""Opportunities (Arbeitsgelegenheiten), their accepted legal bases and occupied places."""

from __future__ import annotations

from datetime import date

from gemeinwerk_contracts.vocabulary import LegalBasis, OpportunityCategory
from sqlalchemy import func, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from placement.domain.models import Opportunity
from placement.store.codec import aware, from_centi, to_centi
from placement.store.tables import opportunity_legal_basis_table as lb
from placement.store.tables import opportunity_table as t
from placement.store.tables import placement_table as p


async def add(session: AsyncSession, opportunity: Opportunity, created_by: str) -> None:
    """Insert a new opportunity with its legal bases."""
    o = opportunity
    await session.execute(
        insert(t).values(
            id=o.id,
            provider_id=o.provider_id,
            title=o.title,
            description=o.description,
            category=o.category.value,
            municipality_key=o.municipality_key,
            places=o.places,
            hours_per_week_centi=to_centi(o.hours_per_week),
            start_date=o.start_date,
            end_date=o.end_date,
            language_requirement=o.language_requirement,
            created_at=o.created_at,
            created_by=created_by,
        )
    )
    await session.execute(
        insert(lb), [{"opportunity_id": o.id, "legal_basis": b.value} for b in o.legal_bases]
    )


async def get(
    session: AsyncSession, opportunity_id: str, *, for_update: bool = False
) -> Opportunity | None:
    """The opportunity with this id, or None.

    `for_update` locks the row until the transaction ends (PostgreSQL `SELECT … FOR UPDATE`;
    SQLite ignores it but serialises writers because transactions begin IMMEDIATE). Starting
    a placement takes this lock so that two requests cannot both take the last place.
    """
    query = select(t).where(t.c.id == opportunity_id)
    if for_update:
        query = query.with_for_update()
    row = (await session.execute(query)).first()
    if row is None:
        return None
    bases = await session.execute(
        select(lb.c.legal_basis)
        .where(lb.c.opportunity_id == opportunity_id)
        .order_by(lb.c.legal_basis)
    )
    m = row._mapping
    return Opportunity(
        id=m["id"],
        provider_id=m["provider_id"],
        title=m["title"],
        description=m["description"],
        category=OpportunityCategory(m["category"]),
        municipality_key=m["municipality_key"],
        places=m["places"],
        hours_per_week=from_centi(m["hours_per_week_centi"]),
        legal_bases=tuple(LegalBasis(b) for b in bases.scalars()),
        start_date=m["start_date"],
        end_date=m["end_date"],
        created_at=aware(m["created_at"]),
        language_requirement=m["language_requirement"],
    )


async def count_occupied(session: AsyncSession, opportunity_id: str, on: date) -> int:
    """Placements holding a place of the opportunity on day `on` (see domain.capacity)."""
    query = (
        select(func.count())
        .select_from(p)
        .where(p.c.opportunity_id == opportunity_id)
        .where(or_(p.c.end_date.is_(None), p.c.end_date >= on))
    )
    return int((await session.execute(query)).scalar_one())
