"""GET /kpis.csv and /kpis.xlsx: opened with csv and openpyxl, every number equals GET /kpis."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import AsyncIterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import openpyxl
import pytest
from chassis.auth import Principal, Role, issue_dev_token
from chassis.store.migrations import upgrade
from reporting.app import MIGRATIONS, build
from reporting.exports.csv_export import german_text
from reporting.exports.table import HEADERS
from reporting.settings import Settings

INTEGER_FIELDS = (
    "placements_started",
    "placements_ended",
    "active_at_month_end",
    "worked_minutes",
    "refusals",
    "refusals_unjustified",
)
FIELDS = ("month", *INTEGER_FIELDS[:3], "hours_worked", *INTEGER_FIELDS[3:], "allowance")
QUERIES = [
    {"from": "2025-01", "to": "2026-12"},
    {"from": "2025-03", "to": "2025-08", "legal_basis": "sgb2_16d"},
    {"from": "2024-11", "to": "2026-02", "municipality_key": "03459008"},
    {
        "from": "2025-06",
        "to": "2025-06",
        "legal_basis": "asylblg_5",
        "municipality_key": "03459004",
    },
]


@pytest.fixture
async def client(tmp_path: Path, apply_events, random_history) -> AsyncIterator[httpx.AsyncClient]:
    runtime, app = build(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"))
    await upgrade(runtime.database, MIGRATIONS)
    await apply_events(runtime.database, random_history(11, placements=120).shuffled(3))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://reporting") as http:
        yield http
    await runtime.database.dispose()


def month_text(iso: str) -> str:
    """2026-11 → 11.2026 (how the CSV writes a month)."""
    year, month = iso.split("-")
    return f"{month}.{year}"


@pytest.mark.parametrize("params", QUERIES)
async def test_csv_has_the_numbers_of_the_api(
    client: httpx.AsyncClient, params: dict[str, str]
) -> None:
    api = (await client.get("/kpis", params=params)).json()
    response = await client.get("/kpis.csv", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel looks for
    text = response.content.decode("utf-8-sig")
    assert "\r\n" in text
    table = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert tuple(table[0]) == HEADERS
    assert "Geleistete Stunden" in table[0]
    assert len(table) - 1 == len(api["months"])
    for row, month in zip(table[1:], api["months"], strict=True):
        cells = dict(zip(FIELDS, row, strict=True))
        assert cells["month"] == month_text(month["month"])
        assert "." not in cells["hours_worked"]
        assert Decimal(cells["hours_worked"].replace(",", ".")) == Decimal(month["hours_worked"])
        for name in INTEGER_FIELDS:
            assert int(cells[name]) == month[name], name
        euros = cells["allowance"]  # decimal comma, two places, from cents exactly
        assert "." not in euros and euros.split(",")[1].__len__() == 2
        assert Decimal(euros.replace(",", ".")) * 100 == month["allowance_cents"]


@pytest.mark.parametrize("params", QUERIES)
async def test_xlsx_has_the_numbers_of_the_api(
    client: httpx.AsyncClient, params: dict[str, str]
) -> None:
    api = (await client.get("/kpis", params=params)).json()
    response = await client.get("/kpis.xlsx", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Kennzahlen", "Angaben"]
    sheet = book["Kennzahlen"]
    rows = list(sheet.iter_rows())
    assert tuple(c.value for c in rows[0]) == HEADERS
    assert len(rows) - 1 == len(api["months"])
    for row, month in zip(rows[1:], api["months"], strict=True):
        cells = dict(zip(FIELDS, row, strict=True))
        when = cells["month"]
        assert isinstance(when.value, datetime)  # a real date cell
        assert when.is_date
        assert when.number_format == "MM.YYYY"
        assert f"{when.value:%Y-%m}" == month["month"]
        assert when.value.day == 1
        hours = cells["hours_worked"]
        assert isinstance(hours.value, int | float)  # a real number, not text
        assert hours.number_format == "#,##0.00"
        assert Decimal(str(hours.value)).quantize(Decimal("0.01")) == Decimal(month["hours_worked"])
        for name in INTEGER_FIELDS:
            assert cells[name].value == month[name], name
            assert isinstance(cells[name].value, int)
        euros = cells["allowance"]
        assert isinstance(euros.value, int | float)  # a real number in euros, not text
        assert euros.number_format == "#,##0.00 €"
        assert Decimal(str(euros.value)) * 100 == month["allowance_cents"]
    info = {row[0].value: row[1].value for row in book["Angaben"].iter_rows()}
    assert info["Aktive Zuweisungen am Stichtag"] == api["active_placements"]
    assert info["Stand"].date() == date.fromisoformat(api["as_of"])
    assert info["Gemeinde (AGS)"] == params.get("municipality_key", "alle")
    assert info["Rechtsgrundlage"] == params.get("legal_basis", "alle")


async def test_some_figures_are_not_zero(client: httpx.AsyncClient) -> None:
    """The comparisons above compare real figures, not a table of zeros."""
    api = (await client.get("/kpis", params=QUERIES[0])).json()
    for name in (*INTEGER_FIELDS, "hours_worked", "allowance_cents"):
        assert any(Decimal(str(m[name])) > 0 for m in api["months"]), name


def test_german_text_of_cells() -> None:
    from reporting.domain.months import Month

    assert german_text(Month(2026, 3)) == "03.2026"
    assert german_text(Decimal("1234.50")) == "1234,50"
    assert german_text(7) == "7"
    assert german_text(Decimal("-0.05")) == "-0,05"


def test_allowance_column_is_euros_from_cents() -> None:
    from reporting.domain.kpis import MonthFigures, cents_to_euros
    from reporting.domain.months import Month

    assert HEADERS[-1] == "Aufwandsentschädigung (EUR)"
    assert cents_to_euros(123_456_789) == Decimal("1234567.89")
    assert cents_to_euros(-5) == Decimal("-0.05")
    assert str(cents_to_euros(0)) == "0.00"
    figures = MonthFigures(month=Month(2026, 3), allowance_cents=1_999_999_999_999)
    assert german_text(figures.allowance_euros) == "19999999999,99"


@pytest.mark.parametrize("path", ["/kpis.csv", "/kpis.xlsx"])
async def test_exports_check_filters_and_scope(client: httpx.AsyncClient, path: str) -> None:
    bad = await client.get(path, params={"from": "2026-05", "to": "2026-04"})
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"][-1] == "from"
    assert (await client.get(path, params={"legal_basis": "x"})).status_code == 422
    secret = Settings().auth_dev_secret.get_secret_value()

    def bearer(principal: Principal) -> dict[str, Any]:
        return {"Authorization": f"Bearer {issue_dev_token(principal, secret)}"}

    provider = Principal(subject="p", role=Role.PROVIDER_STAFF, scope=str(uuid.uuid4()))
    assert (await client.get(path, headers=bearer(provider))).status_code == 403
    worker = Principal(subject="w", role=Role.CASE_WORKER, scope="03459008")
    other = {"municipality_key": "03459004"}
    assert (await client.get(path, params=other, headers=bearer(worker))).status_code == 403
    own = await client.get(path, headers=bearer(worker))
    assert own.status_code == 200
