"""Participants (personal data: names, contact data; never leaves the internal boundary)."""

from __future__ import annotations

from gemeinwerk_contracts.vocabulary import LegalBasis, OpportunityCategory
from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from placement.domain.models import Address, Participant
from placement.store.codec import aware
from placement.store.tables import participant_preferred_category_table as pc
from placement.store.tables import participant_table as t


async def add(session: AsyncSession, participant: Participant, registered_by: str) -> None:
    """Insert a new participant."""
    p = participant
    address = p.postal_address
    await session.execute(
        insert(t).values(
            id=p.id,
            participant_ref=p.participant_ref,
            given_name=p.given_name,
            family_name=p.family_name,
            birth_date=p.birth_date,
            preferred_language=p.preferred_language,
            email=p.email,
            street=address.street if address else None,
            postal_code=address.postal_code if address else None,
            city=address.city if address else None,
            municipality_key=p.municipality_key,
            legal_basis=p.legal_basis.value,
            registered_at=p.registered_at,
            registered_by=registered_by,
            able_to_work=p.able_to_work,
            currently_employed=p.currently_employed,
        )
    )
    if p.preferred_categories:
        await session.execute(
            insert(pc),
            [{"participant_id": p.id, "category": c.value} for c in p.preferred_categories],
        )


async def get(session: AsyncSession, participant_id: str) -> Participant | None:
    """The participant with this id, or None."""
    row = (await session.execute(select(t).where(t.c.id == participant_id))).first()
    if row is None:
        return None
    m = row._mapping
    categories = await session.execute(
        select(pc.c.category).where(pc.c.participant_id == participant_id).order_by(pc.c.category)
    )
    address = (
        Address(street=m["street"], postal_code=m["postal_code"], city=m["city"])
        if m["street"] is not None
        else None
    )
    return Participant(
        id=m["id"],
        participant_ref=m["participant_ref"],
        given_name=m["given_name"],
        family_name=m["family_name"],
        birth_date=m["birth_date"],
        preferred_language=m["preferred_language"],
        email=m["email"],
        postal_address=address,
        municipality_key=m["municipality_key"],
        legal_basis=LegalBasis(m["legal_basis"]),
        registered_at=aware(m["registered_at"]),
        able_to_work=bool(m["able_to_work"]),
        currently_employed=bool(m["currently_employed"]),
        preferred_categories=tuple(OpportunityCategory(c) for c in categories.scalars()),
    )


async def save_details(session: AsyncSession, participant: Participant) -> None:
    """Store a participant's changeable master data."""
    p = participant
    address = p.postal_address
    await session.execute(
        update(t)
        .where(t.c.id == p.id)
        .values(
            preferred_language=p.preferred_language,
            email=p.email,
            street=address.street if address else None,
            postal_code=address.postal_code if address else None,
            city=address.city if address else None,
            municipality_key=p.municipality_key,
            able_to_work=p.able_to_work,
            currently_employed=p.currently_employed,
        )
    )


async def obliged_published(session: AsyncSession, participant_id: str) -> bool | None:
    """The duty to work last published for the participant; None before the first event.
    Locks the row, so that concurrent changes publish in order."""
    query = select(t.c.obliged_published).where(t.c.id == participant_id).with_for_update()
    value = (await session.execute(query)).scalar_one_or_none()
    return None if value is None else bool(value)


async def set_obliged_published(session: AsyncSession, participant_id: str, obliged: bool) -> None:
    """Remember the duty to work just published."""
    await session.execute(
        update(t).where(t.c.id == participant_id).values(obliged_published=obliged)
    )
