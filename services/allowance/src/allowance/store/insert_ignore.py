"""INSERT … ON CONFLICT DO NOTHING for SQLite and PostgreSQL (a conflict must not abort the
batch transaction, as a failed INSERT would on PostgreSQL)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


@cache
def _statement(dialect: str, table: Table) -> Any:
    # Built once; the row goes in as parameters, so SQLAlchemy's compiled cache is hit cheaply.
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    if dialect == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing()
    raise NotImplementedError(f"insert_ignore: unsupported dialect {dialect}")


async def insert_ignore(session: AsyncSession, table: Table, row: Mapping[str, Any]) -> bool:
    """Insert `row` unless it conflicts with a unique key; True when it was inserted."""
    statement = _statement(session.get_bind().dialect.name, table)
    result = await session.execute(statement, dict(row))
    return bool(result.rowcount)  # type: ignore[attr-defined]
