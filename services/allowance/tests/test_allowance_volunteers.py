"""Volunteer schemes: caps are never exceeded; below the caps the amount is exact."""

from __future__ import annotations

import pytest
from allowance.domain.amount import amount_cents
from allowance.domain.volunteers import FlatMonthly, HourlyCapped, euros
from hypothesis import given
from hypothesis import strategies as st

minutes_lists = st.lists(st.integers(0, 600), max_size=40)
schemes = st.builds(
    HourlyCapped,
    rate_cents_per_hour=st.integers(0, 2000),
    max_minutes=st.integers(0, 100 * 60),
    max_cents=st.integers(0, 50_000),
)


@given(schemes, minutes_lists)
def test_caps_are_never_exceeded(scheme: HourlyCapped, entries: list[int]) -> None:
    month = scheme.month(entries)
    assert 0 <= month.amount_cents <= scheme.max_cents
    assert month.paid_minutes <= min(scheme.max_minutes, sum(entries))
    assert month.worked_minutes == sum(entries)
    assert bool(month.caps_applied) == bool(month.explanation)


@given(schemes, minutes_lists)
def test_below_the_caps_the_amount_is_exact(scheme: HourlyCapped, entries: list[int]) -> None:
    exact = sum(amount_cents(m, scheme.rate_cents_per_hour) for m in entries)
    month = scheme.month(entries)
    if sum(entries) <= scheme.max_minutes and exact <= scheme.max_cents:
        assert month.amount_cents == exact
        assert month.paid_minutes == sum(entries)
        assert month.caps_applied == () and month.explanation == ""
    else:
        assert month.caps_applied


def test_familienpate_defaults_and_german_text() -> None:
    pate = HourlyCapped()
    assert pate.month([600, 600]).amount_cents == 10_000
    capped = pate.month([600, 600, 600, 270])  # 34:30 h
    assert (capped.amount_cents, capped.paid_minutes, capped.caps_applied) == (
        15_000,
        1800,
        ("hours",),
    )
    assert capped.explanation == (
        "Monatliche Höchstgrenze von 30:00 Std. angewandt: 34:30 Std. geleistet, "
        "30:00 Std. vergütet."
    )
    dear = HourlyCapped(rate_cents_per_hour=800).month([1500])
    assert dear.amount_cents == 15_000 and dear.caps_applied == ("amount",)
    assert "Höchstbetrag von 150,00 EUR angewandt (berechnet: 200,00 EUR)" in dear.explanation
    with pytest.raises(ValueError):
        pate.month([-1])


@given(st.integers(0, 100_000), st.integers(0, 100_000), st.booleans())
def test_flat_monthly(amount: int, cap: int, active: bool) -> None:
    month = FlatMonthly(amount, cap).month(active)
    assert month.amount_cents == (min(amount, cap) if active else 0)
    assert (month.caps_applied == ("amount",)) == (active and amount > cap)


def test_integrationslotse_defaults() -> None:
    assert FlatMonthly().month().amount_cents == 13_000
    too_much = FlatMonthly(25_000).month()
    assert too_much.amount_cents == 20_000
    assert too_much.explanation == (
        "Monatlicher Höchstbetrag von 200,00 EUR angewandt (vorgesehen: 250,00 EUR)."
    )
    assert euros(123_456_78) == "123.456,78 EUR"
