"""Compare every figure of the rebuilt store with another reporting store."""

from __future__ import annotations

from chassis.store import Database

from chassis import UnitOfWork
from reporting.domain.months import berlin_today
from reporting.rebuild.figures import (
    StoreFigures,
    differences,
    figure_count,
    month_span,
    read_figures,
)
from reporting.rebuild.printing import show
from reporting.store.sql import use_snapshot


async def figures_of_both(left: Database, right: Database) -> tuple[StoreFigures, StoreFigures]:
    """Both stores' figures as of today over one month span (the union of both spans)."""
    as_of = berlin_today()
    spans = []
    for database in (left, right):
        async with UnitOfWork(database) as uow:
            spans.append(await month_span(uow.session, as_of))
    span = (min(s[0] for s in spans), max(s[1] for s in spans))
    result = []
    for database in (left, right):
        async with UnitOfWork(database) as uow:
            await use_snapshot(uow.session)
            result.append(await read_figures(uow.session, as_of, span))
    return result[0], result[1]


async def compare_stores(rebuilt: Database, other_url: str) -> int:
    """Print the rebuilt figures and every difference to the other store; 1 if any."""
    other = Database(other_url)
    try:
        mine, theirs = await figures_of_both(rebuilt, other)
    finally:
        await other.dispose()
    show(mine)
    found = differences(mine, theirs, limit=200)
    if found:
        print(f"DIFFERENT: {len(found)} figure(s) differ (rebuilt != other):")
        for line in found:
            print(f"  {line}")
        return 1
    print(f"IDENTICAL: all {figure_count(mine):,} figures equal the other store")
    return 0
