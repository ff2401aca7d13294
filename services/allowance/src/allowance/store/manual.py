"""Manual line requests in the store (a workflow record; the ledger line is an adjustment)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from allowance.domain.manual import ManualRequest
from allowance.store.tables import manual_table

_COLUMNS = [manual_table.c[name] for name in ManualRequest.__dataclass_fields__]


async def add(session: AsyncSession, request: ManualRequest) -> None:
    """Store an entered request."""
    await session.execute(
        manual_table.insert().values(**vars(request), requested_at=datetime.now(UTC))
    )


async def get(
    session: AsyncSession, request_id: str, *, lock: bool = False
) -> ManualRequest | None:
    """A request by id (locked for update on PostgreSQL when `lock`)."""
    statement = select(*_COLUMNS).where(manual_table.c.request_id == request_id)
    if lock:
        statement = statement.with_for_update()
    row = (await session.execute(statement)).one_or_none()
    return None if row is None else ManualRequest(**row._mapping)


async def approve(session: AsyncSession, request_id: str, approver: str) -> bool:
    """Mark a requested line approved; False when it was no longer requested."""
    result = await session.execute(
        update(manual_table)
        .where(manual_table.c.request_id == request_id, manual_table.c.status == "requested")
        .values(status="approved", approved_by=approver, approved_at=datetime.now(UTC))
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]
