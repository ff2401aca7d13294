"""Insert-or-update on the natural key, for SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Table, or_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


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
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        pg = postgresql.insert(table).values(dict(values))
        await session.execute(
            pg.on_conflict_do_update(
                index_elements=list(key),
                set_={name: pg.excluded[name] for name in update},
                where=_not_older(table, pg.excluded, newer),
            )
        )
    elif dialect == "sqlite":
        lite = sqlite.insert(table).values(dict(values))
        await session.execute(
            lite.on_conflict_do_update(
                index_elements=list(key),
                set_={name: lite.excluded[name] for name in update},
                where=_not_older(table, lite.excluded, newer),
            )
        )
    else:
        raise NotImplementedError(f"no upsert for dialect {dialect}")


def _not_older(table: Table, excluded: Any, column: str) -> ColumnElement[bool]:
    stored = table.c[column]
    return or_(stored.is_(None), stored <= excluded[column])
