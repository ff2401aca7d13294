"""Effective-dated rates and the other pure rules (months, read scopes, booking)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from allowance.domain.access import ReadDenied, ReadScope, read_scope
from allowance.domain.ledger import BookingRefused, HoursEntry, Placement, book
from allowance.domain.months import InvalidMonth, current_month, month_of, parse_month
from allowance.domain.rates import SINCE_EVER, NoRate, RateTable, default_rate_table

RATES = default_rate_table()


@pytest.mark.parametrize(
    ("work_date", "cents"),
    [
        (date(2015, 1, 1), 105),
        (date(2016, 8, 5), 105),
        (date(2016, 8, 6), 80),
        (date(2026, 11, 2), 80),
    ],
)
def test_asylblg_rate_of_the_work_date(work_date: date, cents: int) -> None:
    assert RATES.rate_for("asylblg_5", work_date) == cents


def test_sgb2_rate_from_setting() -> None:
    assert RATES.rate_for("sgb2_16d", date(2026, 1, 1)) == 150
    assert default_rate_table(120).rate_for("sgb2_16d", date(2010, 1, 1)) == 120


def test_unknown_basis_and_date_before_first_rate() -> None:
    table = RateTable({"x": ((date(2020, 1, 1), 100),)})
    with pytest.raises(NoRate):
        table.rate_for("x", date(2019, 12, 31))
    with pytest.raises(NoRate):
        table.rate_for("volunteer", date(2020, 1, 1))


@pytest.mark.parametrize(
    "steps",
    [(), ((date(2020, 1, 2), 1), (date(2020, 1, 1), 2)), ((SINCE_EVER, 1), (SINCE_EVER, 2))],
)
def test_rate_steps_must_ascend(steps: tuple[tuple[date, int], ...]) -> None:
    with pytest.raises(ValueError):
        RateTable({"x": steps})


def test_months() -> None:
    assert month_of(date(2026, 1, 31)) == "2026-01"
    assert parse_month("2026-11") == "2026-11"
    for bad in ("2026-13", "2026-00", "2026-1", "26-01", "2026-01-01", "0999-01", " 2026-01"):
        with pytest.raises(InvalidMonth):
            parse_month(bad)
    # 23:30 UTC on 31 Dec is already January in Berlin
    assert current_month(datetime(2025, 12, 31, 23, 30, tzinfo=ZoneInfo("UTC"))) == "2026-01"


def test_read_scopes() -> None:
    assert read_scope("coordinator", "*") == ReadScope()
    assert read_scope("controller", "03459004") == ReadScope(municipality_key="03459004")
    assert read_scope("case_worker", "03459004") == ReadScope(municipality_key="03459004")
    assert read_scope("provider_staff", "p-1") == ReadScope(provider_id="p-1")
    with pytest.raises(ReadDenied):
        read_scope("agency", "*")


PLACEMENT = Placement("pl", "ref", "asylblg_5", "prov", "03459004", date(2026, 11, 2))


def entry(**changes: object) -> HoursEntry:
    values: dict[str, object] = {
        "entry_id": "e1",
        "placement_id": "pl",
        "participant_ref": "ref",
        "provider_id": "prov",
        "work_date": date(2026, 11, 3),
        "worked_minutes": 45,
    }
    return HoursEntry(**{**values, **changes})  # type: ignore[arg-type]


def test_book_line() -> None:
    line = book(entry(), PLACEMENT, RATES)
    assert (line.month, line.rate_cents_per_hour, line.amount_cents) == ("2026-11", 80, 60)
    assert line.municipality_key == "03459004"


@pytest.mark.parametrize("change", [{"participant_ref": "other"}, {"provider_id": "other"}])
def test_book_refuses_contradicting_entry(change: dict[str, object]) -> None:
    with pytest.raises(BookingRefused):
        book(entry(**change), PLACEMENT, RATES)
