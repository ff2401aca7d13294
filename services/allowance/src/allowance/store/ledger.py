"""Write side of the store: placements and ledger lines, inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from allowance.domain.ledger import LedgerLine, Placement
from allowance.store.insert_ignore import insert_ignore, insert_ignore_many
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


async def add_lines(session: AsyncSession, lines: Sequence[tuple[LedgerLine, str]]) -> set[str]:
    """Book `(line, event_id)` pairs with one multi-row insert; the entry ids now booked by it.

    Entries already booked are skipped (not in the result). Entry ids must be distinct.
    """
    booked_at = datetime.now(UTC)
    rows = [
        {**vars(line), "event_id": event_id, "booked_at": booked_at} for line, event_id in lines
    ]
    return await insert_ignore_many(session, line_table, rows, "entry_id")


async def lines_of_entries(
    session: AsyncSession, entry_ids: Collection[str]
) -> dict[str, LedgerLine]:
    """The lines booked for the given hours entries, by entry id, in one query."""
    if not entry_ids:
        return {}
    rows = await session.execute(
        select(*_LINE_COLUMNS).where(line_table.c.entry_id.in_(list(entry_ids)))
    )
    return {row.entry_id: LedgerLine(**row._mapping) for row in rows}
