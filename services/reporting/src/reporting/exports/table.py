"""The columns of the exported key figure table: German headers, values from MonthFigures.

Both exports (CSV and XLSX) write the same table: one row per month, one column per figure,
in the order of the JSON API. Money is exported in euros (allowance_cents / 100, exact).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from reporting.domain.kpis import KpiReport, MonthFigures
from reporting.domain.months import Month


@dataclass(frozen=True)
class Column:
    """One exported column: German header, the JSON field it mirrors, how to read it."""

    header: str
    field: str
    value: Callable[[MonthFigures], Month | int | Decimal]
    width: int = 14


COLUMNS: tuple[Column, ...] = (
    Column("Monat", "month", lambda m: m.month, 10),
    Column("Zuweisungen begonnen", "placements_started", lambda m: m.placements_started),
    Column("Zuweisungen beendet", "placements_ended", lambda m: m.placements_ended),
    Column("Aktiv am Monatsende", "active_at_month_end", lambda m: m.active_at_month_end),
    Column("Geleistete Stunden", "hours_worked", lambda m: m.hours_worked),
    Column("Geleistete Minuten", "worked_minutes", lambda m: m.worked_minutes),
    Column("Ablehnungen", "refusals", lambda m: m.refusals),
    Column("davon ohne wichtigen Grund", "refusals_unjustified", lambda m: m.refusals_unjustified),
    Column("Aufwandsentschädigung (EUR)", "allowance_cents", lambda m: m.allowance_euros, 16),
)
HEADERS: tuple[str, ...] = tuple(column.header for column in COLUMNS)


def rows(report: KpiReport) -> list[list[Month | int | Decimal]]:
    """The table body: one list of typed values per month."""
    return [[column.value(figures) for column in COLUMNS] for figures in report.months]


def file_stem(report: KpiReport) -> str:
    """A file name without extension, e.g. kennzahlen_2026-01_2026-12."""
    if not report.months:
        return "kennzahlen"
    return f"kennzahlen_{report.months[0].month}_{report.months[-1].month}"
