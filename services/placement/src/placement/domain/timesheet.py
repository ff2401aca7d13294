"""Reading a provider's monthly sheet (CSV) the way German spreadsheets write it.

- Encoding: UTF-8 (with or without BOM), else Windows-1252.
- Separator: semicolon or comma (whichever the header line uses).
- Columns (header names, case-insensitive): `Zuweisung` (placement id), `Datum`
  (TT.MM.JJJJ or JJJJ-MM-TT) and `Stunden` ("3,5", "3.5" or "3:30"); English aliases
  `placement_id`, `work_date`, `hours`.
- Rows are numbered as a spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

COLUMNS = {
    "placement_id": ("zuweisung", "placement_id", "zuweisungs-id", "zuweisung_id"),
    "work_date": ("datum", "arbeitstag", "work_date"),
    "hours": ("stunden", "hours"),
}
FIELD_DE = {"placement_id": "Zuweisung", "work_date": "Datum", "worked_minutes": "Stunden"}


class SheetUnreadable(ValueError):
    """The file as a whole cannot be read (German message)."""


@dataclass(frozen=True)
class SheetRow:
    row: int
    placement_id: str
    work_date: date
    worked_minutes: int


@dataclass(frozen=True)
class RowProblem:
    """One row that cannot be applied: row number, column (German header), reason."""

    row: int
    field: str
    reason: str


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is dropped), else Windows-1252 (what German Excel writes)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse_sheet(data: bytes) -> tuple[list[SheetRow], list[RowProblem]]:
    """The readable rows and the problems of the others; raises `SheetUnreadable`."""
    try:
        return _parse(decode(data))
    except csv.Error as exc:
        raise SheetUnreadable(
            "Die Datei ist keine lesbare CSV-Datei (z. B. ein nicht geschlossenes "
            "Anführungszeichen oder eine übergroße Zelle)."
        ) from exc


def _parse(text: str) -> tuple[list[SheetRow], list[RowProblem]]:
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if header is None:
        raise SheetUnreadable("Die Datei ist leer.")
    positions = _positions([h.strip().lower() for h in header])
    rows: list[SheetRow] = []
    problems: list[RowProblem] = []
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        parsed = _row(number, cells, positions)
        (rows if isinstance(parsed, SheetRow) else problems).append(parsed)  # type: ignore[arg-type]
    return rows, problems


def _positions(header: list[str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for name, aliases in COLUMNS.items():
        found = [i for i, h in enumerate(header) if h in aliases]
        if not found:
            german = {"placement_id": "Zuweisung", "work_date": "Datum", "hours": "Stunden"}[name]
            raise SheetUnreadable(
                f"Die Spalte „{german}“ fehlt in der Kopfzeile (erwartet: Zuweisung, Datum, "
                "Stunden; getrennt durch Semikolon oder Komma)."
            )
        positions[name] = found[0]
    return positions


def _row(number: int, cells: list[str], positions: dict[str, int]) -> SheetRow | RowProblem:
    def cell(name: str) -> str:
        index = positions[name]
        return cells[index].strip() if index < len(cells) else ""

    try:
        placement_id = str(uuid.UUID(cell("placement_id")))
    except ValueError:
        return RowProblem(number, "Zuweisung", "Keine gültige Kennung einer Zuweisung.")
    work_date = parse_date(cell("work_date"))
    if work_date is None:
        return RowProblem(
            number, "Datum", "Kein gültiges Datum (erwartet TT.MM.JJJJ oder JJJJ-MM-TT)."
        )
    minutes = parse_minutes(cell("hours"))
    if isinstance(minutes, str):
        return RowProblem(number, "Stunden", minutes)
    return SheetRow(number, placement_id, work_date, minutes)


def parse_date(text: str) -> date | None:
    """TT.MM.JJJJ (also T.M.JJJJ) or ISO JJJJ-MM-TT; None when neither."""
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


_CLOCK = re.compile(r"^(\d{1,2}):([0-5]\d)$")
_DECIMAL = re.compile(r"^\d{1,2}([.,]\d{1,2})?$")


def parse_minutes(text: str) -> int | str:
    """ "3,5" / "3.5" / "3:30" → 210 minutes; a German reason (str) when unusable."""
    clock = _CLOCK.match(text)
    if clock:
        minutes = int(clock.group(1)) * 60 + int(clock.group(2))
    elif _DECIMAL.match(text):
        try:
            exact = Decimal(text.replace(",", ".")) * 60
        except InvalidOperation:  # pragma: no cover - the pattern excludes it
            return "Keine gültige Stundenangabe."
        if exact != exact.to_integral_value():
            return f"{text} Stunden ergeben keine ganzen Minuten."
        minutes = int(exact)
    else:
        return 'Keine gültige Stundenangabe (erwartet z. B. "3,5", "3.5" oder "3:30").'
    if not 1 <= minutes <= 1440:
        return "Die Stunden müssen zwischen 0:01 und 24:00 liegen."
    return minutes
