"""CSV as a German spreadsheet opens it directly: UTF-8 with BOM, semicolons, decimal comma."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from reporting.domain.kpis import KpiReport
from reporting.domain.months import Month
from reporting.exports.table import HEADERS, rows

MEDIA_TYPE = "text/csv; charset=utf-8"


def german_text(value: Month | int | Decimal) -> str:
    """A cell as German text: month MM.YYYY, decimals with a comma (12,50), integers plain."""
    if isinstance(value, Month):
        return f"{value.month:02d}.{value.year:04d}"
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


def kpis_csv(report: KpiReport) -> bytes:
    """The key figure table as CSV bytes (BOM, `;`, CRLF, German header row)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for values in rows(report):
        writer.writerow([german_text(value) for value in values])
    return buffer.getvalue().encode("utf-8-sig")
