"""The amount rule: integer half-up rounding, one rounding per hours entry."""

from __future__ import annotations

from fractions import Fraction

import pytest
from allowance.domain.amount import amount_cents
from hypothesis import given
from hypothesis import strategies as st


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(60, 80), (15, 20), (1, 1), (2, 3), (45, 60), (450, 600), (30, 40), (1440, 1920)],
)
def test_examples_at_80_cents(minutes: int, expected: int) -> None:
    assert amount_cents(minutes, 80) == expected


def test_half_cent_rounds_up() -> None:
    # 1 min at 30 ct/h = 0.5 ct exactly → 1; at 90 ct/h = 1.5 ct → 2.
    assert amount_cents(1, 30) == 1
    assert amount_cents(1, 90) == 2
    assert amount_cents(1, 29) == 0  # 0.483 ct


def test_other_rates() -> None:
    assert amount_cents(60, 105) == 105
    assert amount_cents(20, 105) == 35
    assert amount_cents(7, 150) == 18  # 17.5 → 18


def test_negative_input_is_refused() -> None:
    with pytest.raises(ValueError):
        amount_cents(-1, 80)


def test_monthly_total_is_sum_of_rounded_lines() -> None:
    # 20 × 1 min at 80 ct/h: each line 1 ct (1.333 rounded), total 20 ct, not round(26.67)=27.
    assert sum(amount_cents(1, 80) for _ in range(20)) == 20


minutes_st = st.integers(min_value=0, max_value=1440)
rates_st = st.integers(min_value=0, max_value=100_000)


@given(minutes_st, rates_st)
def test_within_half_a_cent_of_exact(minutes: int, rate: int) -> None:
    exact = Fraction(minutes * rate, 60)
    rounded = amount_cents(minutes, rate)
    assert abs(rounded - exact) <= Fraction(1, 2)
    # half up: an exact half always goes up
    if exact.denominator == 2:
        assert rounded == exact + Fraction(1, 2)


@given(minutes_st, rates_st)
def test_exact_when_divisible(minutes: int, rate: int) -> None:
    if (minutes * rate) % 60 == 0:
        assert amount_cents(minutes, rate) == minutes * rate // 60


@given(st.integers(min_value=0, max_value=1440), st.integers(min_value=0, max_value=1000))
def test_matches_decimal_round_half_up(minutes: int, rate: int) -> None:
    from decimal import ROUND_HALF_UP, Decimal

    expected = (Decimal(minutes * rate) / Decimal(60)).quantize(Decimal(1), ROUND_HALF_UP)
    assert amount_cents(minutes, rate) == int(expected)


@given(minutes_st, minutes_st, st.integers(min_value=0, max_value=1000))
def test_monotonic_in_minutes(a: int, b: int, rate: int) -> None:
    low, high = sorted((a, b))
    assert amount_cents(low, rate) <= amount_cents(high, rate)
