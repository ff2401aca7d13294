"""The business figures as CSV (German Excel) and XLSX (real numbers and dates).

Same conventions as the key figure exports (csv_export.py, xlsx_export.py): CSV in UTF-8 with
BOM, `;`, CRLF, month MM.YYYY, decimal comma; XLSX with date cells for months and numbers
formatted `#,##0`, `#,##0.00`, `#,##0.00 €`. A figure that is not available under a filter
(payment runs, notices) is an empty cell.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TypeAlias

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reporting.domain.business import BusinessMonth, BusinessReport
from reporting.domain.kpis import cents_to_euros, minutes_to_hours
from reporting.domain.months import Month
from reporting.exports.csv_export import german_text

CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INTEGER, DECIMAL, EURO, MONTH = "#,##0", "#,##0.00", "#,##0.00 €", "MM.YYYY"
Value: TypeAlias = Month | int | Decimal | None


def _euros(cents: int | None) -> Decimal | None:
    return None if cents is None else cents_to_euros(cents)


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    value: Callable[[BusinessMonth], Value]
    number_format: str = INTEGER


COLUMNS: tuple[Column, ...] = (
    Column("Monat", "month", lambda m: m.month, MONTH),
    Column("Plätze angeboten", "places.offered", lambda m: m.places.offered),
    Column("Plätze besetzt", "places.occupied", lambda m: m.places.occupied),
    Column("Plätze reserviert", "places.reserved", lambda m: m.places.reserved),
    Column("Plätze frei", "places.free", lambda m: m.places.free),
    Column("Verpflichtete", "obliged", lambda m: m.obliged),
    Column("davon zugewiesen", "obliged_placed", lambda m: m.obliged_placed),
    Column("Zuweisungen erteilt", "placements_proposed", lambda m: m.placements_proposed),
    Column("Zuweisungen begonnen", "placements_started", lambda m: m.placements_started),
    Column("Zuweisungen beendet", "placements_ended", lambda m: m.placements_ended),
    Column(
        "davon in reguläre Arbeit", "ended_regular_employment", lambda m: m.ended_regular_employment
    ),
    Column(
        "Geleistete Stunden", "hours_worked", lambda m: minutes_to_hours(m.worked_minutes), DECIMAL
    ),
    Column(
        "Aufwandsentschädigung Bescheide (EUR)",
        "allowance_statement_cents",
        lambda m: _euros(m.allowance_statement_cents),
        EURO,
    ),
    Column(
        "Ausgezahlt (EUR)",
        "allowance_paid_cents",
        lambda m: _euros(m.allowance_paid_cents),
        EURO,
    ),
    Column("Ablehnungen mit wichtigem Grund", "refusals_justified", lambda m: m.refusals_justified),
    Column(
        "Ablehnungen ohne wichtigen Grund", "refusals_unjustified", lambda m: m.refusals_unjustified
    ),
    Column("Sanktionen vorgeschlagen", "sanctions_proposed", lambda m: m.sanctions_proposed),
    Column("Sanktionen entschieden", "sanctions_decided", lambda m: m.sanctions_decided),
    Column("Sanktionen abgesehen", "sanctions_waived", lambda m: m.sanctions_waived),
    Column("Sanktionen beendet", "sanctions_ended", lambda m: m.sanctions_ended),
    Column("Bescheide zugestellt", "notices_delivered", lambda m: m.notices_delivered),
    Column("Zustellung gescheitert", "notices_failed", lambda m: m.notices_failed),
)
HEADERS = tuple(c.header for c in COLUMNS)


def rows(report: BusinessReport) -> list[list[Value]]:
    return [[c.value(m) for c in COLUMNS] for m in report.months]


def file_stem(report: BusinessReport) -> str:
    if not report.months:
        return "geschaeftszahlen"
    return f"geschaeftszahlen_{report.months[0].month}_{report.months[-1].month}"


def figures_csv(report: BusinessReport) -> bytes:
    """The monthly business table as CSV bytes (BOM, `;`, CRLF, German header)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for values in rows(report):
        writer.writerow(["" if v is None else german_text(v) for v in values])
    return buffer.getvalue().encode("utf-8-sig")


def _cell(value: Value) -> date | int | Decimal | None:
    return value.first_day if isinstance(value, Month) else value


def _bold_header(sheet: Worksheet, headers: tuple[str, ...] | list[str]) -> None:
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(header) + 2)


def figures_xlsx(report: BusinessReport, filters: dict[str, str | None]) -> bytes:
    """Sheets Monate (one row per month), Plätze (by provider kind with targets), Zeitraum
    (totals of the period) and Angaben (as-of day, stock day, filters)."""
    book = Workbook()
    months = book.active
    assert months is not None
    months.title = "Monate"
    _bold_header(months, HEADERS)
    for values in rows(report):
        months.append([_cell(v) for v in values])
    for index, column in enumerate(COLUMNS, start=1):
        for (cell,) in months.iter_rows(min_row=2, min_col=index, max_col=index):
            cell.number_format = column.number_format
    months.freeze_panes = "B2"

    places = book.create_sheet("Plätze")
    place_headers = ["Trägerart", "Angeboten", "Besetzt", "Reserviert", "Frei", "Ziel"]
    _bold_header(places, [*place_headers, "Zielerreichung"])
    for row in report.place_rows:
        p = row.places
        progress = None if row.progress_percent is None else row.progress_percent / 100
        places.append(
            [row.provider_kind, p.offered, p.occupied, p.reserved, p.free, row.target, progress]
        )
    total_progress = report.target_progress_percent
    places.append(
        [
            "gesamt",
            report.places.offered,
            report.places.occupied,
            report.places.reserved,
            report.places.free,
            report.target_total,
            None if total_progress is None else total_progress / 100,
        ]
    )
    for row_cells in places.iter_rows(min_row=2):
        for cell in row_cells[1:6]:
            cell.number_format = INTEGER
        row_cells[6].number_format = "0.0 %"

    t = report.totals
    period = book.create_sheet("Zeitraum")
    _bold_header(period, ["Kennzahl", "Wert"])
    items: list[tuple[str, int | Decimal | None, str]] = [
        ("Zuweisungen erteilt", t.placements_proposed, INTEGER),
        ("Zuweisungen begonnen", t.placements_started, INTEGER),
        ("Zuweisungen beendet", t.placements_ended, INTEGER),
        ("davon in reguläre Arbeit", t.exits_regular_employment, INTEGER),
        (
            "Anteil Übergänge in reguläre Arbeit",
            None if t.exit_share_percent is None else t.exit_share_percent / 100,
            "0.0 %",
        ),
        ("Geleistete Stunden", minutes_to_hours(t.worked_minutes), DECIMAL),
        ("Aufwandsentschädigung Bescheide (EUR)", _euros(t.allowance_statement_cents), EURO),
        ("Ausgezahlt (EUR)", _euros(t.allowance_paid_cents), EURO),
        ("Ablehnungen mit wichtigem Grund", t.refusals_justified, INTEGER),
        ("Ablehnungen ohne wichtigen Grund", t.refusals_unjustified, INTEGER),
        ("Sanktionen vorgeschlagen", t.sanctions_proposed, INTEGER),
        ("Sanktionen entschieden", t.sanctions_decided, INTEGER),
        ("Sanktionen abgesehen", t.sanctions_waived, INTEGER),
        ("Sanktionen beendet", t.sanctions_ended, INTEGER),
        ("Tage Zuweisung bis Beginn (Mittel)", t.proposal_to_start_days.average, "0.0"),
        ("Tage Zuweisung bis Beginn (Median)", t.proposal_to_start_days.median, "0.0"),
        ("Dauer der Zuweisung in Tagen (Mittel)", t.placement_duration_days.average, "0.0"),
        ("Dauer der Zuweisung in Tagen (Median)", t.placement_duration_days.median, "0.0"),
        ("Verpflichtete am Stichtag", report.obliged, INTEGER),
        ("davon zugewiesen", report.obliged_placed, INTEGER),
    ]
    for reason, count in t.ended_by_reason.items():
        items.append((f"Beendet: {reason}", count, INTEGER))
    for label, counts in (("zugestellt", t.notices_delivered), ("gescheitert", t.notices_failed)):
        for notice_type, count in (counts or {}).items():
            items.append((f"Bescheide {label}: {notice_type}", count, INTEGER))
    for label, value, number_format in items:
        period.append([label, value])
        period.cell(row=period.max_row, column=2).number_format = number_format
    period.column_dimensions["A"].width = 42

    info = book.create_sheet("Angaben")
    info.append(["Stand", report.as_of])
    info["B1"].number_format = "DD.MM.YYYY"
    info.append(["Stichtag der Bestände", report.stock_day])
    info["B2"].number_format = "DD.MM.YYYY"
    for name, label in (
        ("legal_basis", "Rechtsgrundlage"),
        ("municipality_key", "Gemeinde (AGS)"),
        ("provider_kind", "Trägerart"),
        ("category", "Tätigkeitsfeld"),
    ):
        info.append([label, filters.get(name) or "alle"])
    info.column_dimensions["A"].width = 28
    book.properties.title = f"Geschäftszahlen Arbeitsgelegenheiten, Stand {report.as_of:%d.%m.%Y}"
    book.properties.language = "de-DE"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
