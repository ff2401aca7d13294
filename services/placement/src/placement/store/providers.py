"""Providers (Träger)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from gemeinwerk_contracts.vocabulary import ProviderKind
from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from placement.domain.models import Address, Provider
from placement.domain.provider import APPROVED
from placement.store.codec import aware
from placement.store.tables import provider_table as t


async def add(session: AsyncSession, provider: Provider, created_by: str) -> None:
    """Insert a new provider (approved_by is the creator when it starts approved)."""
    await session.execute(
        insert(t).values(
            id=provider.id,
            name=provider.name,
            kind=provider.kind.value,
            municipality_key=provider.municipality_key,
            created_at=provider.created_at,
            created_by=created_by,
            status=provider.status,
            for_profit=provider.for_profit,
            approved_at=provider.approved_at,
            approved_by=created_by if provider.approved_at else None,
            **_contact(provider),
        )
    )


def _contact(provider: Provider) -> dict[str, Any]:
    address = provider.postal_address
    return {
        "contact_name": provider.contact_name,
        "email": provider.email,
        "street": address.street if address else None,
        "postal_code": address.postal_code if address else None,
        "city": address.city if address else None,
    }


async def save_contact(session: AsyncSession, provider: Provider) -> None:
    """Store a provider's contact data."""
    await session.execute(update(t).where(t.c.id == provider.id).values(**_contact(provider)))


async def get(
    session: AsyncSession, provider_id: str, *, for_update: bool = False
) -> Provider | None:
    """The provider with this id, or None (`for_update` locks the row)."""
    query = select(t).where(t.c.id == provider_id)
    if for_update:
        query = query.with_for_update()
    row = (await session.execute(query)).first()
    return None if row is None else _provider(row._mapping)


async def approve(session: AsyncSession, provider_id: str, at: datetime, by: str) -> None:
    """Mark a provider approved."""
    await session.execute(
        update(t)
        .where(t.c.id == provider_id)
        .values(status=APPROVED, approved_at=at, approved_by=by)
    )


def _provider(row: Any) -> Provider:
    return Provider(
        id=row["id"],
        name=row["name"],
        kind=ProviderKind(row["kind"]),
        municipality_key=row["municipality_key"],
        created_at=aware(row["created_at"]),
        status=row["status"],
        for_profit=bool(row["for_profit"]),
        approved_at=aware(row["approved_at"]) if row["approved_at"] else None,
        contact_name=row["contact_name"],
        email=row["email"],
        postal_address=Address(row["street"], row["postal_code"], row["city"])
        if row["street"] is not None
        else None,
    )
