"""Allowance statements as facts: written from AllowanceStatementIssued, read back as rows."""

from __future__ import annotations

from datetime import datetime

from gemeinwerk_contracts import AllowanceStatementIssued
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from reporting.domain.facts import StatementFact
from reporting.domain.months import Month
from reporting.store.facts import utc
from reporting.store.tables import allowance_statement_table
from reporting.store.upsert import upsert


async def record_statement(
    session: AsyncSession, event: AllowanceStatementIssued, at: datetime
) -> None:
    """Store a statement; the same statement id again, with a later ce_time, replaces it."""
    month = Month.parse(event.month)
    values = {
        "statement_id": str(event.statement_id),
        "participant_ref": str(event.participant_ref),
        "month": str(month),
        "month_first_day": month.first_day,
        "month_last_day": month.last_day,
        "total_cents": event.total_cents,
        "corrections_cents": event.corrections_cents,
        "worked_minutes": event.worked_minutes,
        "last_event_at": utc(at),
    }
    columns = [c for c in values if c != "statement_id"]
    table = allowance_statement_table
    await upsert(session, table, values, ["statement_id"], columns, "last_event_at")


async def load_statements(session: AsyncSession) -> list[StatementFact]:
    """Every stored statement (for checks and the pure rules)."""
    s = allowance_statement_table.c
    rows = await session.execute(
        select(s.statement_id, s.participant_ref, s.month, s.total_cents, s.corrections_cents)
    )
    return [
        StatementFact(
            row.statement_id,
            row.participant_ref,
            row.month,
            int(row.total_cents),
            int(row.corrections_cents),
        )
        for row in rows
    ]
