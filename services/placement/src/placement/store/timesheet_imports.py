"""Timesheet imports that run in the background, with their progress."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from placement.store.codec import aware
from placement.store.tables import timesheet_import_table as t


@dataclass(frozen=True)
class TimesheetImport:
    id: str
    provider_id: str
    status: str
    rows_total: int
    rows_done: int
    applied: int
    rejected: int
    report: dict[str, Any] | None
    created_at: datetime
    finished_at: datetime | None


async def add(
    session: AsyncSession, import_id: str, provider_id: str, rows_total: int, at: datetime, by: str
) -> None:
    """A new running import."""
    await session.execute(
        insert(t).values(
            id=import_id,
            provider_id=provider_id,
            status="running",
            rows_total=rows_total,
            rows_done=0,
            applied=0,
            rejected=0,
            created_at=at,
            created_by=by,
        )
    )


async def progress(
    session: AsyncSession, import_id: str, rows_done: int, applied: int, rejected: int
) -> None:
    """Record how far an import got (in the transaction that applied those rows)."""
    await session.execute(
        update(t)
        .where(t.c.id == import_id)
        .values(rows_done=rows_done, applied=applied, rejected=rejected)
    )


async def finish(
    session: AsyncSession,
    import_id: str,
    status: str,
    report: dict[str, Any],
    at: datetime,
    counts: dict[str, int] | None = None,
) -> None:
    """Mark an import done (or failed) with its report."""
    await session.execute(
        update(t)
        .where(t.c.id == import_id)
        .values(status=status, report=json.dumps(report), finished_at=at, **(counts or {}))
    )


async def get(session: AsyncSession, import_id: str) -> TimesheetImport | None:
    """An import by id, or None."""
    row = (await session.execute(select(t).where(t.c.id == import_id))).first()
    if row is None:
        return None
    m = row._mapping
    return TimesheetImport(
        id=m["id"],
        provider_id=m["provider_id"],
        status=m["status"],
        rows_total=m["rows_total"],
        rows_done=m["rows_done"],
        applied=m["applied"],
        rejected=m["rejected"],
        report=json.loads(m["report"]) if m["report"] else None,
        created_at=aware(m["created_at"]),
        finished_at=aware(m["finished_at"]) if m["finished_at"] else None,
    )
