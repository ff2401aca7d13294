"""Rate tables in the store: effective-dated rows per scheme, append-only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from allowance.domain.rates import SINCE_EVER, RateTable, table_from_rows
from allowance.store.tables import adjustment_table, line_table, rate_table


@dataclass(frozen=True)
class RateRow:
    """One stored rate step."""

    scheme: str
    valid_from: date
    cents_per_hour: int
    entered_by: str
    entered_at: datetime


async def version(session: AsyncSession) -> tuple[int, int]:
    """The rate table's version: (count, newest rate_no). Rates are never changed or
    deleted; the count also moves when a lower rate_no commits after a higher one."""
    row = (
        await session.execute(
            select(func.count(), func.coalesce(func.max(rate_table.c.rate_no), 0))
        )
    ).one()
    return int(row[0]), int(row[1])


async def load(session: AsyncSession) -> RateTable:
    """All schemes' rates as a RateTable."""
    rows = await session.execute(
        select(rate_table.c.scheme, rate_table.c.valid_from, rate_table.c.cents_per_hour)
    )
    return table_from_rows((row.scheme, row.valid_from, row.cents_per_hour) for row in rows)


async def rows(session: AsyncSession) -> list[RateRow]:
    """Every stored rate, by scheme and valid_from."""
    result = await session.execute(
        select(
            rate_table.c.scheme,
            rate_table.c.valid_from,
            rate_table.c.cents_per_hour,
            rate_table.c.entered_by,
            rate_table.c.entered_at,
        ).order_by(rate_table.c.scheme, rate_table.c.valid_from)
    )
    return [RateRow(**row._mapping) for row in result]


async def find(session: AsyncSession, scheme: str, valid_from: date) -> RateRow | None:
    """The rate of `scheme` starting exactly on `valid_from`, if any."""
    return next(
        (r for r in await rows(session) if r.scheme == scheme and r.valid_from == valid_from),
        None,
    )


async def add(
    session: AsyncSession, scheme: str, valid_from: date, cents_per_hour: int, entered_by: str
) -> RateRow:
    """Store a new rate step."""
    row = RateRow(scheme, valid_from, cents_per_hour, entered_by, datetime.now(UTC))
    await session.execute(rate_table.insert().values(**vars(row)))
    return row


async def seed_scheme(session: AsyncSession, scheme: str, cents_per_hour: int) -> bool:
    """Give `scheme` a rate since ever when it has none yet; True when seeded."""
    count = await session.execute(
        select(func.count()).select_from(rate_table).where(rate_table.c.scheme == scheme)
    )
    if count.scalar():
        return False
    await add(session, scheme, SINCE_EVER, cents_per_hour, "default (setting)")
    return True


async def last_booked_work_date(session: AsyncSession, scheme: str) -> date | None:
    """The latest work date of any booked hours line or correction of `scheme`."""
    both = union_all(
        select(func.max(line_table.c.work_date).label("day")).where(
            line_table.c.legal_basis == scheme
        ),
        select(func.max(adjustment_table.c.work_date).label("day")).where(
            adjustment_table.c.legal_basis == scheme,
            adjustment_table.c.kind != "manual",  # no rate on manual lines
        ),
    ).subquery()
    day = (await session.execute(select(func.max(both.c.day)))).scalar()
    if isinstance(day, str):  # SQLite returns max() of a union as text
        return date.fromisoformat(day)
    return day
