"""Inbox: the ids of events a subscription has applied, written in the effect's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chassis.store.tables import inbox_table


async def already_applied(
    session: AsyncSession, subscription: str, event_ids: Sequence[str]
) -> set[str]:
    """Which of these event ids this subscription has applied before."""
    if not event_ids:
        return set()
    result = await session.execute(
        select(inbox_table.c.event_id)
        .where(inbox_table.c.subscription == subscription)
        .where(inbox_table.c.event_id.in_(list(event_ids)))
    )
    return set(result.scalars())


async def record_applied(
    session: AsyncSession, subscription: str, events: Sequence[tuple[str, str]]
) -> None:
    """Remember (event id, event type) pairs as applied; part of the caller's transaction."""
    if not events:
        return
    now = datetime.now(UTC)
    await session.execute(
        inbox_table.insert(),
        [
            {
                "subscription": subscription,
                "event_id": eid,
                "event_type": etype,
                "processed_at": now,
            }
            for eid, etype in events
        ],
    )
