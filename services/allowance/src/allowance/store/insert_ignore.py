"""INSERT … ON CONFLICT DO NOTHING for SQLite (≥ 3.35 for RETURNING) and PostgreSQL (a
conflict must not abort the batch transaction, as a failed INSERT would on PostgreSQL)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def _insert(dialect: str, table: Table) -> Any:
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"insert_ignore: unsupported dialect {dialect}")


@cache
def _statement(dialect: str, table: Table) -> Any:
    # Built once; the row goes in as parameters, so SQLAlchemy's compiled cache is hit cheaply.
    return _insert(dialect, table).on_conflict_do_nothing()


@cache
def _returning(dialect: str, table: Table, key: str) -> Any:
    return (
        _insert(dialect, table)
        .on_conflict_do_nothing(index_elements=[table.c[key]])
        .returning(table.c[key])
    )


async def insert_ignore(session: AsyncSession, table: Table, row: Mapping[str, Any]) -> bool:
    """Insert `row` unless it conflicts with a unique key; True when it was inserted."""
    statement = _statement(session.get_bind().dialect.name, table)
    result = await session.execute(statement, dict(row))
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def insert_ignore_many(
    session: AsyncSession, table: Table, rows: Sequence[Mapping[str, Any]], key: str
) -> set[Any]:
    """Insert `rows` except those whose unique `key` is already stored; the keys inserted.

    `key` values must be distinct within `rows` (PostgreSQL may not touch a row twice in one
    statement). The rows go as one executemany, which SQLAlchemy sends as one multi-row
    `INSERT … VALUES (…), (…) ON CONFLICT (key) DO NOTHING RETURNING key` ("insertmanyvalues",
    split into pages only beyond 1000 rows or the driver's parameter limit).
    """
    if not rows:
        return set()
    statement = _returning(session.get_bind().dialect.name, table, key)
    result = await session.execute(statement, [dict(row) for row in rows])
    return set(result.scalars())
