"""Month closes and frozen statements in the store."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from allowance.domain.statements import OpenLine, Statement
from allowance.store.insert_ignore import insert_ignore
from allowance.store.queries import ledger
from allowance.store.tables import month_close_table, statement_line_table, statement_table

_SL = statement_line_table.c


async def close(session: AsyncSession, month: str, closed_by: str) -> bool:
    """Record the close of `month`; False when it was already closed (then nothing)."""
    row = {"month": month, "closed_by": closed_by, "closed_at": datetime.now(UTC)}
    return await insert_ignore(session, month_close_table, row)


async def is_closed(session: AsyncSession, month: str) -> bool:
    row = await session.execute(
        select(month_close_table.c.month).where(month_close_table.c.month == month)
    )
    return row.first() is not None


async def lock_closed(session: AsyncSession, month: str) -> bool:
    """Whether `month` is closed, locking its close row (PostgreSQL: FOR UPDATE) so that
    payment runs of one month run one after the other and each sees the previous one's
    payments; SQLite serialises writers anyway."""
    row = await session.execute(
        select(month_close_table.c.month)
        .where(month_close_table.c.month == month)
        .with_for_update()
    )
    return row.first() is not None


async def open_lines(session: AsyncSession, up_to_month: str) -> list[OpenLine]:
    """Every ledger line of `up_to_month` or earlier that is on no statement yet."""
    joined = ledger.outerjoin(
        statement_line_table,
        and_(_SL.source == ledger.c.source, _SL.line_no == ledger.c.line_no),
    )
    rows = await session.execute(
        select(
            ledger.c.source,
            ledger.c.line_no,
            ledger.c.kind,
            ledger.c.participant_ref,
            ledger.c.entry_id,
            ledger.c.work_date,
            ledger.c.month.label("original_month"),
            ledger.c.worked_minutes,
            ledger.c.rate_cents_per_hour,
            ledger.c.amount_cents,
        )
        .select_from(joined)
        .where(_SL.statement_id.is_(None), ledger.c.month <= up_to_month)
    )
    return [OpenLine(**row._mapping) for row in rows]


async def open_months_before(session: AsyncSession, month: str) -> set[str]:
    """Months before `month` that have lines and are not closed."""
    closed = select(month_close_table.c.month)
    rows = await session.execute(
        select(ledger.c.month)
        .where(ledger.c.month < month, ledger.c.month.not_in(closed))
        .distinct()
    )
    return set(rows.scalars())


async def add(session: AsyncSession, statements: Sequence[Statement]) -> None:
    """Store statements and which lines they hold (each line on one statement only)."""
    issued_at = datetime.now(UTC)
    heads = [
        {
            "statement_id": s.statement_id,
            "month": s.month,
            "participant_ref": s.participant_ref,
            "total_cents": s.total_cents,
            "worked_minutes": s.worked_minutes,
            "lines": len(s.lines),
            "issued_at": issued_at,
        }
        for s in statements
    ]
    lines = [
        {
            "statement_id": s.statement_id,
            **{k: v for k, v in vars(line).items() if k != "participant_ref"},
        }
        for s in statements
        for line in s.lines
    ]
    if heads:
        await session.execute(statement_table.insert(), heads)
    if lines:
        await session.execute(statement_line_table.insert(), lines)


async def of_month(
    session: AsyncSession, month: str, after: str | None = None, limit: int | None = None
) -> list[Statement]:
    """The statements of a closed month with their lines, by participant_ref; keyset-paged
    (participant_ref > `after`, at most `limit`)."""
    condition = statement_table.c.month == month
    if after is not None:
        condition = and_(condition, statement_table.c.participant_ref > after)
    return await _statements(session, condition, limit)


async def of_participant(session: AsyncSession, participant_ref: str) -> list[Statement]:
    """A participant's statements, by month."""
    return await _statements(session, statement_table.c.participant_ref == participant_ref)


async def _statements(
    session: AsyncSession, condition: ColumnElement[bool], limit: int | None = None
) -> list[Statement]:
    heads = (
        await session.execute(
            select(statement_table)
            .where(condition)
            .order_by(statement_table.c.month, statement_table.c.participant_ref)
            .limit(limit)
        )
    ).all()
    if not heads:
        return []
    ids = [head.statement_id for head in heads]
    rows = await session.execute(
        select(statement_line_table)
        .where(_SL.statement_id.in_(ids))
        .order_by(_SL.original_month, _SL.work_date, _SL.source.desc(), _SL.line_no)
    )
    by_statement: dict[str, list[OpenLine]] = {i: [] for i in ids}
    refs = {head.statement_id: head.participant_ref for head in heads}
    for row in rows:
        values = dict(row._mapping)
        statement_id = values.pop("statement_id")
        by_statement[statement_id].append(OpenLine(participant_ref=refs[statement_id], **values))
    return [
        Statement(h.statement_id, h.month, h.participant_ref, tuple(by_statement[h.statement_id]))
        for h in heads
    ]


async def month_sums(session: AsyncSession, month: str) -> tuple[int, int]:
    """(number of statements, their total cents) of a month."""
    row = (
        await session.execute(
            select(func.count(), func.coalesce(func.sum(statement_table.c.total_cents), 0)).where(
                statement_table.c.month == month
            )
        )
    ).one()
    return int(row[0]), int(row[1])
