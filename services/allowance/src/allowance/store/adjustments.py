"""Adjustments in the store: corrections of hours entries (reversal + new line) and
approved manual lines. Append-only, inside the caller's transaction."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from allowance.domain.corrections import Correction, correct
from allowance.domain.ledger import LedgerLine
from allowance.store.insert_ignore import insert_ignore
from allowance.store.ledger import lines_of_entries
from allowance.store.tables import adjustment_table, correction_table

_LINE_COLUMNS = [adjustment_table.c[name] for name in LedgerLine.__dataclass_fields__]


class UnknownEntry(LookupError):
    """No line was ever booked for this hours entry."""


async def add_adjustment(
    session: AsyncSession,
    line: LedgerLine,
    *,
    key: str,
    kind: str,
    source_id: str,
    reference: str | None = None,
) -> bool:
    """Append one adjustment line; False when its key is already booked (a no-op)."""
    row = {
        **vars(line),
        "adjustment_key": key,
        "kind": kind,
        "source_id": source_id,
        "reference": reference,
        "booked_at": datetime.now(UTC),
    }
    return await insert_ignore(session, adjustment_table, row)


async def line_in_force(
    session: AsyncSession, entry_id: str
) -> tuple[LedgerLine, LedgerLine | None]:
    """(the entry's first line, the line counting for it now or None once withdrawn)."""
    original = (await lines_of_entries(session, [entry_id])).get(entry_id)
    if original is None:
        raise UnknownEntry(entry_id)
    last = (
        await session.execute(
            select(adjustment_table.c.kind, *_LINE_COLUMNS)
            .where(adjustment_table.c.entry_id == entry_id)
            .order_by(adjustment_table.c.adjustment_no.desc())
            .limit(1)
        )
    ).one_or_none()
    if last is None:
        return original, original
    if last.kind == "reversal":
        return original, None
    values = {name: last._mapping[name] for name in LedgerLine.__dataclass_fields__}
    return original, LedgerLine(**values)


async def correct_entry(
    session: AsyncSession, correction_id: str, entry_id: str, minutes: int
) -> Correction | None:
    """Apply a correction of an hours entry to `minutes` (0 = withdrawal): append a reversal
    and a new line. None when this correction id was already applied (idempotent).
    Raises UnknownEntry when the entry was never booked."""
    original, in_force = await line_in_force(session, entry_id)
    recorded = {
        "correction_id": correction_id,
        "entry_id": entry_id,
        "worked_minutes": minutes,
        "applied_at": datetime.now(UTC),
    }
    if not await insert_ignore(session, correction_table, recorded):
        return None
    correction = correct(original, in_force, minutes)
    if correction.reversal is not None:
        await add_adjustment(
            session,
            correction.reversal,
            key=f"{correction_id}:reversal",
            kind="reversal",
            source_id=correction_id,
        )
    if correction.new_line is not None:
        await add_adjustment(
            session,
            correction.new_line,
            key=f"{correction_id}:new",
            kind="correction",
            source_id=correction_id,
        )
    return correction
