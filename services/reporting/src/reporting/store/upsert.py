"""Insert-or-update on the natural key, for SQLite and PostgreSQL alike."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Table, or_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

_INSERTS: dict[str, Callable[[Table], Any]] = {
    "postgresql": postgresql.insert,
    "sqlite": sqlite.insert,
}
PAGE_ROWS = 1000
"""Rows per multi-row statement (SQLAlchemy also keeps below the driver's parameter limit)."""


async def upsert(
    session: AsyncSession,
    table: Table,
    values: Mapping[str, Any],
    key: Sequence[str],
    update: Sequence[str],
    newer: str,
) -> None:
    """Insert `values`, or overwrite the `update` columns of the row with the same `key`.

    Columns not in `update` keep what an earlier event stored (a start keeps the end). The
    row is only overwritten when its `newer` timestamp is missing or not later than the
    incoming one: an older event read after a newer one about the same fact changes nothing.
    """
    await upsert_many(session, table, [values], key, update, newer)


async def upsert_many(
    session: AsyncSession,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    key: Sequence[str],
    update: Sequence[str],
    newer: str,
) -> None:
    """`upsert` for many rows: one multi-row statement per `PAGE_ROWS` rows.

    Rows with the same `key` are first reduced to the one applying them one by one would
    leave (see `newest_per_key`): PostgreSQL refuses to update a row twice in one statement.
    """
    dialect = session.get_bind().dialect.name
    if dialect not in _INSERTS:
        raise NotImplementedError(f"no upsert for dialect {dialect}")
    unique = [dict(row) for row in newest_per_key(rows, key, newer)]
    if not unique:
        return
    statement = _statement(dialect, table, tuple(key), tuple(update), newer)
    options = {"insertmanyvalues_page_size": PAGE_ROWS}
    result = await session.execute(statement, unique, execution_options=options)
    result.close()


@functools.lru_cache(maxsize=64)
def _statement(
    dialect: str, table: Table, key: tuple[str, ...], update: tuple[str, ...], newer: str
) -> Any:
    """The upsert statement, built once per shape (building `excluded` is not cheap)."""
    insert = _INSERTS[dialect](table)
    # RETURNING enables SQLAlchemy's "insertmanyvalues" for a list of rows: the one-row
    # statement is compiled once (cached) and sent as INSERT … VALUES (…), (…), … ON CONFLICT.
    # A .values([...]) statement is never cached; compiling it costs more than running it.
    return insert.on_conflict_do_update(
        index_elements=list(key),
        set_={name: insert.excluded[name] for name in update},
        where=_not_older(table, insert.excluded, newer),
    ).returning(table.c[key[0]])


def newest_per_key(
    rows: Sequence[Mapping[str, Any]], key: Sequence[str], newer: str
) -> list[Mapping[str, Any]]:
    """One row per key, sorted by key: the one with the latest `newer` (the later on a tie).

    That is the row applying `rows` one by one in order would leave, whatever is stored.
    """
    newest: dict[tuple[Any, ...], Mapping[str, Any]] = {}
    for row in rows:
        natural = tuple(row[name] for name in key)
        held = newest.get(natural)
        if held is None or held[newer] <= row[newer]:
            newest[natural] = row
    return [newest[natural] for natural in sorted(newest)]


def _not_older(table: Table, excluded: Any, column: str) -> ColumnElement[bool]:
    stored = table.c[column]
    return or_(stored.is_(None), stored <= excluded[column])
