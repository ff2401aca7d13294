"""Write side of the store: placements and ledger lines, inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from allowance.domain.ledger import LedgerLine, Placement
from allowance.store.insert_ignore import insert_ignore
from allowance.store.tables import line_table, placement_table

_PLACEMENT_COLUMNS = [placement_table.c[name] for name in Placement.__dataclass_fields__]
_LINE_COLUMNS = [line_table.c[name] for name in LedgerLine.__dataclass_fields__]


async def add_placement(session: AsyncSession, placement: Placement, event_id: str) -> bool:
    """Store a placement; False (and nothing written) when its id is already stored."""
    row = {**vars(placement), "event_id": event_id, "recorded_at": datetime.now(UTC)}
    return await insert_ignore(session, placement_table, row)


async def placements_by_id(session: AsyncSession, ids: Collection[str]) -> dict[str, Placement]:
    """The stored placements among `ids`, in one query."""
    if not ids:
        return {}
    rows = await session.execute(
        select(*_PLACEMENT_COLUMNS).where(placement_table.c.placement_id.in_(list(ids)))
    )
    return {row.placement_id: Placement(**row._mapping) for row in rows}


async def add_line(session: AsyncSession, line: LedgerLine, event_id: str) -> bool:
    """Book a line; False (and nothing written) when its entry id is already booked."""
    row: dict[str, Any] = {**vars(line), "event_id": event_id, "booked_at": datetime.now(UTC)}
    return await insert_ignore(session, line_table, row)


async def line_of_entry(session: AsyncSession, entry_id: str) -> LedgerLine | None:
    """The line booked for an hours entry, if any."""
    row = (
        await session.execute(select(*_LINE_COLUMNS).where(line_table.c.entry_id == entry_id))
    ).one_or_none()
    return None if row is None else LedgerLine(**row._mapping)
