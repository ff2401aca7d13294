"""Monthly sheets (CSV): parsing as German spreadsheets write them, and the upload API."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from placement.domain.timesheet import (
    SheetUnreadable,
    decode,
    parse_date,
    parse_minutes,
    parse_sheet,
)
from placement.store.tables import hours_entry_table

sys.path.insert(0, str(Path(__file__).parent))
from placement_testkit import START, App, as_role, count, field_of, outbox, placed, provider


def test_hours_in_every_notation() -> None:
    assert parse_minutes("3,5") == parse_minutes("3.5") == parse_minutes("3:30") == 210
    assert (
        parse_minutes("8") == 480 and parse_minutes("0:45") == 45 and parse_minutes("7,75") == 465
    )
    assert parse_minutes("1,33") == "1,33 Stunden ergeben keine ganzen Minuten."
    assert "zwischen" in str(parse_minutes("0"))
    assert "zwischen" in str(parse_minutes("25"))
    assert "Keine gültige Stundenangabe" in str(parse_minutes("drei"))
    assert "Keine gültige Stundenangabe" in str(parse_minutes("3:75"))


def test_german_and_iso_dates() -> None:
    assert parse_date("05.03.2026") == parse_date("5.3.2026") == parse_date("2026-03-05")
    assert parse_date("2026-03-05") == date(2026, 3, 5)
    assert parse_date("31.02.2026") is None and parse_date("03/05/2026") is None


def test_encodings_and_separators() -> None:
    text = "Zuweisung;Datum;Stunden;Bemerkung\n"
    assert decode("\ufeffÄrger".encode()) == "Ärger"
    assert decode("Straße Grünpflege".encode("cp1252")) == "Straße Grünpflege"
    pid = "9b193b09-10da-421b-90f3-eeb600b36bf5"
    semicolon = f"{text}{pid};05.03.2026;3,5;Grünfläche\r\n\r\n{pid};x;3;\r\n".encode("cp1252")
    rows, problems = parse_sheet(semicolon)
    assert [(r.row, r.work_date, r.worked_minutes) for r in rows] == [(2, date(2026, 3, 5), 210)]
    assert [(p.row, p.field) for p in problems] == [(4, "Datum")]
    comma = f'\ufeffplacement_id,work_date,hours\n{pid},2026-03-05,"3,5"\nkaputt,2026-03-06,2\n'
    rows, problems = parse_sheet(comma.encode())
    assert rows[0].worked_minutes == 210 and problems[0].field == "Zuweisung"
    with pytest.raises(SheetUnreadable, match="Spalte „Stunden“ fehlt"):
        parse_sheet(b"Zuweisung;Datum\n")
    with pytest.raises(SheetUnreadable):
        parse_sheet(b"")
    with pytest.raises(SheetUnreadable, match="keine lesbare CSV-Datei"):
        parse_sheet(b'Zuweisung;Datum;Stunden\n"' + b"a" * 200_000 + b"\n")


def _sheet(pid: str, days: list[tuple[date, str]], sep: str = ";") -> str:
    lines = [sep.join(["Zuweisung", "Datum", "Stunden", "Tätigkeit"])]
    for day, hours in days:
        hours_cell = f'"{hours}"' if sep == "," and "," in hours else hours
        lines.append(sep.join([pid, day.strftime("%d.%m.%Y"), hours_cell, "Grünpflege"]))
    return "\r\n".join(lines) + "\r\n"


async def test_upload_applies_valid_rows_and_reports_the_rest(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    prov, _, _, plc = await placed(client)
    url = f"/providers/{prov['id']}/timesheets"
    days = [
        (START, "3,5"),
        (START + timedelta(days=1), "3:30"),
        (START + timedelta(days=2), "9"),  # over the daily limit
        (START - timedelta(days=1), "2"),  # before the start
        (START + timedelta(days=3), "2.5"),
    ]
    text = _sheet(plc["id"], days) + f"{plc['id']};kein Datum;2;x\r\n"
    text += f"00000000-0000-4000-8000-000000000000;{START:%d.%m.%Y};2;x\r\n"
    data = text.encode("cp1252")
    files = {"file": ("stunden-maerz.csv", data, "text/csv")}
    first = await client.post(url, files=files)
    assert first.status_code == 200, first.text
    report = first.json()
    assert (report["rows"], report["applied"], report["already_recorded"]) == (7, 3, 0)
    assert [(i["row"], i["field"], i["status"]) for i in report["items"]] == [
        (4, "Stunden", "error"),
        (5, "Datum", "error"),
        (7, "Datum", "error"),
        (8, "Zuweisung", "error"),
    ]
    assert "Tagesgrenze von 8 Stunden" in report["items"][0]["reason"]
    assert await count(ctx, hours_entry_table) == 3
    events = [e for e in await outbox(ctx) if e["event_type"].endswith("hours-logged.v1")]
    assert sorted(e["data"]["worked_minutes"] for e in events) == [150, 210, 210]

    again = (await client.post(url, files=files)).json()
    assert (again["applied"], again["already_recorded"], again["rejected"]) == (0, 3, 4)
    assert {i["reason"] for i in again["items"] if i["status"] == "already_recorded"} == {
        "bereits erfasst"
    }
    assert await count(ctx, hours_entry_table) == 3


async def test_utf8_bom_comma_and_raw_body(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    prov, _, _, plc = await placed(client)
    url = f"/providers/{prov['id']}/timesheets"
    days = [(START + timedelta(days=d), "2,25") for d in range(3)]
    data = ("\ufeff" + _sheet(plc["id"], days, sep=",")).encode("utf-8")
    raw = await client.post(url, content=data, headers={"Content-Type": "text/csv"})
    assert raw.status_code == 200 and raw.json()["applied"] == 3, raw.text
    changed = _sheet(plc["id"], [(START, "3"), (START, "3"), (START + timedelta(days=5), "1")])
    report = (await client.post(url, files={"file": ("b.csv", changed.encode())})).json()
    assert report["applied"] == 1
    assert [(i["row"], i["status"]) for i in report["items"]] == [(2, "error"), (3, "error")]
    assert "bereits 2,25 Stunden erfasst" in report["items"][0]["reason"]

    broken = await client.post(url, files={"file": ("c.csv", b"Name;Datum\n")})
    assert broken.status_code == 422 and field_of(broken) == ["body", "file"]
    missing = await client.post(url, files={"other": ("c.csv", b"x")})
    assert missing.status_code == 422 and field_of(missing) == ["body", "file"]
    ghost = "/providers/00000000-0000-4000-8000-000000000000/timesheets"
    assert (await client.post(ghost, content=data)).status_code == 404
    other = await provider(client)
    foreign = await client.post(f"/providers/{other['id']}/timesheets", content=data)
    assert {i["field"] for i in foreign.json()["items"]} == {"Zuweisung"}
    staff = as_role(ctx, "provider_staff", other["id"])
    assert (await client.post(url, content=data, headers=staff)).status_code == 403
