"""Unit tests of the pure KPI rules: months, definitions, out-of-order facts, filters."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from reporting.domain.access import AccessDenied, municipality_for
from reporting.domain.facts import HoursFact, KpiFilter, PlacementFact, RefusalFact
from reporting.domain.kpis import compute_kpis, minutes_to_hours
from reporting.domain.months import Month, MonthError, month_range, months_between

M = Month


def test_month_parse_and_arithmetic() -> None:
    assert Month.parse("2026-11") == M(2026, 11)
    assert str(M(2026, 1).shift(-1)) == "2025-12"
    assert M(2024, 2).last_day == date(2024, 2, 29)
    assert months_between(M(2025, 11), M(2026, 2)) == [
        M(2025, 11),
        M(2025, 12),
        M(2026, 1),
        M(2026, 2),
    ]
    for bad in ("2026-13", "2026-1", "26-11", "2026-11-01", "", "abcd-ef", "0999-01"):
        with pytest.raises(MonthError):
            Month.parse(bad, "from")


def test_month_range_defaults_to_last_twelve_months() -> None:
    months = month_range(None, None, date(2026, 11, 21), 120)
    assert (months[0], months[-1], len(months)) == (M(2025, 12), M(2026, 11), 12)
    assert month_range(None, "2026-03", date(2026, 11, 21), 120)[0] == M(2025, 4)
    assert month_range("2026-10", None, date(2026, 11, 21), 120) == [M(2026, 10), M(2026, 11)]


def test_month_range_errors_name_the_field() -> None:
    with pytest.raises(MonthError) as after:
        month_range("2026-05", "2026-04", date(2026, 11, 21), 120)
    assert after.value.field == "from"
    with pytest.raises(MonthError) as malformed:
        month_range("2026-01", "2026-xx", date(2026, 11, 21), 120)
    assert malformed.value.field == "to"
    with pytest.raises(MonthError):
        month_range("2000-01", "2026-01", date(2026, 11, 21), 120)


def test_minutes_become_hours_with_two_places() -> None:
    assert str(minutes_to_hours(750)) == "12.50"
    assert str(minutes_to_hours(0)) == "0.00"
    assert minutes_to_hours(1) == Decimal("0.02")  # 0.01666… rounds half up
    assert str(minutes_to_hours(20)) == "0.33"


def _placement(pid: str, start: date | None, end: date | None = None, **kw: str) -> PlacementFact:
    attrs = {
        "legal_basis": "asylblg_5",
        "municipality_key": "03459004",
        "provider_kind": "municipal",
    }
    attrs |= kw
    if start is None:
        attrs = {}
    return PlacementFact(
        pid,
        "ref-" + pid,
        start_date=start,
        end_date=end,
        end_reason="completed" if end else None,
        **attrs,
    )  # type: ignore[arg-type]


def test_monthly_figures() -> None:
    placements = [
        _placement("a", date(2026, 1, 10)),
        _placement("b", date(2026, 1, 20), date(2026, 2, 28)),  # ends on the last day of Feb
        _placement("c", date(2026, 2, 1), date(2026, 2, 27)),
        _placement("d", date(2026, 3, 1), legal_basis="sgb2_16d"),
    ]
    hours = [
        HoursFact("h1", "a", date(2026, 1, 12), 240),
        HoursFact("h2", "b", date(2026, 2, 2), 510),
        HoursFact("h3", "zz", date(2026, 2, 3), 30),  # placement unknown: only unfiltered
    ]
    refusals = [
        RefusalFact("r1", "refused", date(2026, 2, 5), False, "c"),
        RefusalFact("r2", "no_show", date(2026, 2, 6), True, None),
    ]
    months = months_between(M(2026, 1), M(2026, 3))
    report = compute_kpis(placements, hours, refusals, months, date(2026, 3, 15))
    jan, feb, mar = report.months
    assert (jan.placements_started, jan.placements_ended, jan.active_at_month_end) == (2, 0, 2)
    # b's last day is 28 Feb: it counts as ended in February and active at February's end.
    assert (feb.placements_started, feb.placements_ended, feb.active_at_month_end) == (1, 2, 2)
    assert (mar.placements_started, mar.active_at_month_end) == (1, 2)
    assert (jan.worked_minutes, str(jan.hours_worked), feb.worked_minutes) == (240, "4.00", 540)
    assert (feb.refusals, feb.refusals_unjustified) == (2, 1)
    assert report.active_placements == 2

    filtered = compute_kpis(
        placements, hours, refusals, months, date(2026, 3, 15), KpiFilter(legal_basis="asylblg_5")
    )
    assert filtered.months[1].worked_minutes == 510  # h3 cannot be attributed
    assert (filtered.months[1].refusals, filtered.months[1].refusals_unjustified) == (1, 1)
    assert filtered.months[2].placements_started == 0
    assert filtered.active_placements == 1


def test_end_before_start_counts_once_the_start_arrives() -> None:
    months = months_between(M(2026, 1), M(2026, 3))
    end_only = [_placement("x", None, date(2026, 2, 10))]
    before = compute_kpis(end_only, [], [], months, date(2026, 3, 15))
    assert all(m.placements_ended == 0 and m.active_at_month_end == 0 for m in before.months)
    complete = [_placement("x", date(2026, 1, 5), date(2026, 2, 10))]
    after = compute_kpis(complete, [], [], months, date(2026, 3, 15))
    assert [m.placements_started for m in after.months] == [1, 0, 0]
    assert [m.placements_ended for m in after.months] == [0, 1, 0]
    assert [m.active_at_month_end for m in after.months] == [1, 0, 0]


def test_filter_admits_only_known_matching_placements() -> None:
    f = KpiFilter(municipality_key="03459004")
    assert f.admits(_placement("a", date(2026, 1, 1)))
    assert not f.admits(_placement("a", date(2026, 1, 1), municipality_key="03459008"))
    assert not f.admits(_placement("a", None, date(2026, 1, 1)))
    assert not f.admits(None)
    assert KpiFilter().admits(None)


def test_access_rules() -> None:
    assert municipality_for("coordinator", "*", None) is None
    assert municipality_for("controller", "*", "03459004") == "03459004"
    assert municipality_for("case_worker", "03459004", None) == "03459004"
    with pytest.raises(AccessDenied):
        municipality_for("case_worker", "03459004", "03459008")
    with pytest.raises(AccessDenied):
        municipality_for("provider_staff", "*", None)
    with pytest.raises(AccessDenied):
        municipality_for("case_worker", "some-provider-id", None)
