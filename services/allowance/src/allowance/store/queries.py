"""Read side of the store: monthly sums and lines, always filtered by the caller's scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Select, func, literal, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from allowance.domain.access import ReadScope
from allowance.domain.ledger import LedgerLine
from allowance.store.tables import adjustment_table, line_table

_FIELDS = list(LedgerLine.__dataclass_fields__)


def _ledger() -> Any:
    """Every line that counts: hours lines plus adjustments (reversals, corrected lines,
    approved manual lines), with `kind`, `source` and `line_no` (booking order per source)."""
    hours = select(
        literal("hours").label("kind"),
        literal("line").label("source"),
        line_table.c.line_no.label("line_no"),
        *[line_table.c[name] for name in _FIELDS],
    )
    adjustments = select(
        adjustment_table.c.kind,
        literal("adjustment").label("source"),
        adjustment_table.c.adjustment_no.label("line_no"),
        *[adjustment_table.c[name] for name in _FIELDS],
    )
    return union_all(hours, adjustments).subquery("ledger")


ledger = _ledger()
_LINE_COLUMNS = [ledger.c[name] for name in _FIELDS]


@dataclass(frozen=True)
class KindedLine:
    """A ledger line with its kind (hours, reversal, correction, manual)."""

    kind: str
    line: LedgerLine


@dataclass(frozen=True)
class Totals:
    """Sums over a set of ledger lines."""

    total_cents: int
    worked_minutes: int
    lines: int


@dataclass(frozen=True)
class ParticipantTotals(Totals):
    participant_ref: str


_S = TypeVar("_S", bound=Select)  # type: ignore[type-arg]  # any row shape


def _scoped(statement: _S, scope: ReadScope) -> _S:
    if scope.provider_id is not None:
        statement = statement.where(ledger.c.provider_id == scope.provider_id)
    if scope.municipality_key is not None:
        statement = statement.where(ledger.c.municipality_key == scope.municipality_key)
    return statement


_SUMS = (
    func.coalesce(func.sum(ledger.c.amount_cents), 0).label("total_cents"),
    func.coalesce(func.sum(ledger.c.worked_minutes), 0).label("worked_minutes"),
    func.count().label("lines"),
)


async def participant_month(
    session: AsyncSession, participant_ref: str, month: str, scope: ReadScope
) -> Totals:
    """Sums of one participant's lines in one month (zeros when there are none)."""
    statement = select(*_SUMS).where(
        ledger.c.participant_ref == participant_ref, ledger.c.month == month
    )
    row = (await session.execute(_scoped(statement, scope))).one()
    return Totals(int(row.total_cents), int(row.worked_minutes), int(row.lines))


async def participant_lines(
    session: AsyncSession, participant_ref: str, month: str, scope: ReadScope
) -> list[KindedLine]:
    """One participant's lines in one month, by work date and booking order."""
    statement = (
        select(ledger.c.kind, *_LINE_COLUMNS)
        .where(ledger.c.participant_ref == participant_ref, ledger.c.month == month)
        .order_by(ledger.c.work_date, ledger.c.source.desc(), ledger.c.line_no)
    )
    rows = await session.execute(_scoped(statement, scope))
    return [
        KindedLine(row.kind, LedgerLine(**{name: row._mapping[name] for name in _FIELDS}))
        for row in rows
    ]


async def month_totals(
    session: AsyncSession, month: str, scope: ReadScope, after: str | None, limit: int
) -> list[ParticipantTotals]:
    """Sums per participant in one month, ordered by participant_ref (keyset paging)."""
    statement = select(ledger.c.participant_ref, *_SUMS).where(ledger.c.month == month)
    if after is not None:
        statement = statement.where(ledger.c.participant_ref > after)
    statement = (
        _scoped(statement, scope)
        .group_by(ledger.c.participant_ref)
        .order_by(ledger.c.participant_ref)
        .limit(limit)
    )
    rows = await session.execute(statement)
    return [
        ParticipantTotals(
            participant_ref=row.participant_ref,
            total_cents=int(row.total_cents),
            worked_minutes=int(row.worked_minutes),
            lines=int(row.lines),
        )
        for row in rows
    ]


async def month_sum(session: AsyncSession, month: str, scope: ReadScope) -> Totals:
    """Sums of all lines in one month within the scope (for reconciliation)."""
    row = (
        await session.execute(_scoped(select(*_SUMS).where(ledger.c.month == month), scope))
    ).one()
    return Totals(int(row.total_cents), int(row.worked_minutes), int(row.lines))
