"""What the rebuild command prints: progress (stderr), statistics and figures (stdout)."""

from __future__ import annotations

import sys

from chassis.store import Database

from chassis import UnitOfWork
from reporting.domain.months import berlin_today
from reporting.exports.csv_export import german_text
from reporting.exports.table import HEADERS, rows
from reporting.rebuild.figures import ALL, StoreFigures, read_figures
from reporting.rebuild.replay import Progress, ReplayStats
from reporting.store.sql import use_snapshot


def print_progress(progress: Progress) -> None:
    """One line per report: records read of the total, events per second."""
    print(
        f"replayed {progress.records:,} of {progress.total:,} records "
        f"in {progress.seconds:,.1f} s ({progress.rate:,.0f} events/s)",
        file=sys.stderr,
        flush=True,
    )


def print_stats(stats: ReplayStats) -> None:
    """The summary of a replay."""
    print(
        f"replay: {stats.records:,} records in {stats.seconds:,.1f} s = {stats.rate:,.0f} "
        f"events/s; applied {stats.applied:,}, duplicates skipped {stats.duplicates_skipped:,}, "
        f"dead letters (not re-sent) {stats.dead_letters:,}"
    )


async def read_store_figures(database: Database) -> StoreFigures:
    """Every figure of a store as of today (Europe/Berlin), read from one snapshot."""
    async with UnitOfWork(database) as uow:
        await use_snapshot(uow.session)
        return await read_figures(uow.session, berlin_today())


async def print_figures(database: Database) -> None:
    """The district's monthly figures as a table, then totals per selection."""
    show(await read_store_figures(database))


def show(figures: StoreFigures) -> None:
    """Print figures already read."""
    print(f"Stand {figures.as_of:%d.%m.%Y}; Zeilen: {figures.rows}")
    district = figures.reports[ALL]
    print(";".join(HEADERS))
    for values in rows(district):
        print(";".join(german_text(value) for value in values))
    for name, report in figures.reports.items():
        started = sum(m.placements_started for m in report.months)
        minutes = sum(m.worked_minutes for m in report.months)
        refusals = sum(m.refusals for m in report.months)
        print(
            f"{name}: aktiv {report.active_placements}, begonnen {started}, "
            f"Minuten {minutes}, Ablehnungen {refusals}"
        )
