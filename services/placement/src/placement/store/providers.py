"""Providers (Träger)."""

from __future__ import annotations

from typing import Any

from gemeinwerk_contracts.vocabulary import ProviderKind
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from placement.domain.models import Provider
from placement.store.codec import aware
from placement.store.tables import provider_table as t


async def add(session: AsyncSession, provider: Provider, created_by: str) -> None:
    """Insert a new provider."""
    await session.execute(
        insert(t).values(
            id=provider.id,
            name=provider.name,
            kind=provider.kind.value,
            municipality_key=provider.municipality_key,
            created_at=provider.created_at,
            created_by=created_by,
        )
    )


async def get(session: AsyncSession, provider_id: str) -> Provider | None:
    """The provider with this id, or None."""
    row = (await session.execute(select(t).where(t.c.id == provider_id))).first()
    return None if row is None else _provider(row._mapping)


def _provider(row: Any) -> Provider:
    return Provider(
        id=row["id"],
        name=row["name"],
        kind=ProviderKind(row["kind"]),
        municipality_key=row["municipality_key"],
        created_at=aware(row["created_at"]),
    )
