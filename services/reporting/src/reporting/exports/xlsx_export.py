"""XLSX with real numbers and dates: months as date cells (MM.YYYY), hours and euros as numbers."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from reporting.domain.kpis import KpiReport
from reporting.domain.months import Month
from reporting.exports.table import COLUMNS, HEADERS, rows

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE = "Kennzahlen"
INFO_TITLE = "Angaben"
MONTH_FORMAT = "MM.YYYY"
HOURS_FORMAT = "#,##0.00"
INTEGER_FORMAT = "#,##0"
EURO_FORMAT = "#,##0.00 €"


def kpis_xlsx(report: KpiReport, filters: dict[str, str | None]) -> bytes:
    """A workbook: sheet "Kennzahlen" (one row per month) and "Angaben" (as-of day, filters).

    German number formats are cell formats, so the spreadsheet shows 1.234,50 in a German
    locale while the cell holds the number 1234.5.
    """
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET_TITLE
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in rows(report):
        sheet.append([_cell_value(value) for value in values])
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(column.width, len(column.header) + 2)
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            cell.number_format = _number_format(column.field)
    sheet.freeze_panes = "B2"
    _info_sheet(book, report, filters)
    book.properties.title = f"Kennzahlen Arbeitsgelegenheiten, Stand {report.as_of:%d.%m.%Y}"
    book.properties.language = "de-DE"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell_value(value: Month | int | Decimal) -> date | int | Decimal:
    return value.first_day if isinstance(value, Month) else value


def _number_format(field: str) -> str:
    if field == "month":
        return MONTH_FORMAT
    if field == "allowance_cents":
        return EURO_FORMAT
    return HOURS_FORMAT if field == "hours_worked" else INTEGER_FORMAT


def _info_sheet(book: Workbook, report: KpiReport, filters: dict[str, str | None]) -> None:
    info = book.create_sheet(INFO_TITLE)
    info.append(["Stand", report.as_of])
    info["B1"].number_format = "DD.MM.YYYY"
    info.append(["Aktive Zuweisungen am Stichtag", report.active_placements])
    info.append(["Rechtsgrundlage", filters.get("legal_basis") or "alle"])
    info.append(["Gemeinde (AGS)", filters.get("municipality_key") or "alle"])
    info.column_dimensions["A"].width = 32
    info.column_dimensions["B"].width = 14
    for (cell,) in info.iter_rows(max_col=1):
        cell.font = Font(bold=True)
