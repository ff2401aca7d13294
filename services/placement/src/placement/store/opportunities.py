"""Opportunities (Arbeitsgelegenheiten), their accepted legal bases and occupied places."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from gemeinwerk_contracts.vocabulary import LegalBasis, OpportunityCategory
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from placement.domain.models import Address, Attestations, Opportunity
from placement.store.codec import aware, from_centi, to_centi
from placement.store.placements import holds_place
from placement.store.tables import opportunity_legal_basis_table as lb
from placement.store.tables import opportunity_table as t
from placement.store.tables import placement_table as p


def _columns(o: Opportunity) -> dict[str, Any]:
    """The stored columns of an opportunity's changeable state."""
    site = o.site_address
    a = o.attestations
    return {
        "title": o.title,
        "description": o.description,
        "category": o.category.value,
        "municipality_key": o.municipality_key,
        "places": o.places,
        "hours_per_week_centi": to_centi(o.hours_per_week),
        "start_date": o.start_date,
        "end_date": o.end_date,
        "language_requirement": o.language_requirement,
        "status": o.status,
        "site_street": site.street if site else None,
        "site_postal_code": site.postal_code if site else None,
        "site_city": site.city if site else None,
        "reporting_instructions": o.reporting_instructions,
        "closed_date": o.closed_date,
        "attest_additional": a.additional if a else None,
        "attest_public_interest": a.public_interest if a else None,
        "attest_competition_neutral": a.competition_neutral if a else None,
        "attested_at": a.attested_at if a else None,
        "attested_by": a.attested_by if a else None,
    }


async def add(session: AsyncSession, opportunity: Opportunity, created_by: str) -> None:
    """Insert a new opportunity with its legal bases."""
    o = opportunity
    await session.execute(
        insert(t).values(
            id=o.id,
            provider_id=o.provider_id,
            created_at=o.created_at,
            created_by=created_by,
            **_columns(o),
        )
    )
    await session.execute(
        insert(lb), [{"opportunity_id": o.id, "legal_basis": b.value} for b in o.legal_bases]
    )


async def save(
    session: AsyncSession, opportunity: Opportunity, extra: Mapping[str, Any] | None = None
) -> None:
    """Store the changed state of an opportunity (and its legal bases)."""
    o = opportunity
    await session.execute(update(t).where(t.c.id == o.id).values(**_columns(o), **(extra or {})))
    await session.execute(delete(lb).where(lb.c.opportunity_id == o.id))
    await session.execute(
        insert(lb), [{"opportunity_id": o.id, "legal_basis": b.value} for b in o.legal_bases]
    )


async def get(
    session: AsyncSession, opportunity_id: str, *, for_update: bool = False
) -> Opportunity | None:
    """The opportunity with this id, or None.

    `for_update` locks the row until the transaction ends (PostgreSQL `SELECT … FOR UPDATE`;
    SQLite ignores it but serialises writers because transactions begin IMMEDIATE). Proposing
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
    site = (
        Address(m["site_street"], m["site_postal_code"], m["site_city"])
        if m["site_street"] is not None
        else None
    )
    attestations = (
        Attestations(
            additional=bool(m["attest_additional"]),
            public_interest=bool(m["attest_public_interest"]),
            competition_neutral=bool(m["attest_competition_neutral"]),
            attested_by=m["attested_by"],
            attested_at=aware(m["attested_at"]),
        )
        if m["attested_at"] is not None
        else None
    )
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
        status=m["status"],
        site_address=site,
        reporting_instructions=m["reporting_instructions"],
        attestations=attestations,
        closed_date=m["closed_date"],
    )


async def count_occupied(session: AsyncSession, opportunity_id: str, on: date) -> int:
    """Placements holding a place of the opportunity on day `on` (see domain.capacity)."""
    query = (
        select(func.count())
        .select_from(p)
        .where(p.c.opportunity_id == opportunity_id)
        .where(holds_place(on))
    )
    return int((await session.execute(query)).scalar_one())
