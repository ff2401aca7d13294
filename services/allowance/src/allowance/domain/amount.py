"""The amount rule: what one hours entry earns.

    amount_cents = round_half_up(worked_minutes × rate_cents_per_hour / 60)

Rounded to whole cents "kaufmännisch" (half up; amounts are never negative here, so half up
and half away from zero agree). It is computed with integers only, never floats:

    amount_cents = (worked_minutes × rate_cents_per_hour × 2 + 60) // 120

(x / 60 rounded half up is floor(x / 60 + 1/2) = floor((2x + 60) / 120).)

There is exactly one rounding per hours entry (one ledger line). A monthly total is the sum
of its lines' amounts, never a re-rounding of the summed minutes. Example at 80 cents/h:
1 min → 1 ct (1.333), 2 min → 3 ct (2.667), 15 min → 20 ct, 45 min → 60 ct, 450 min → 600 ct.
"""

from __future__ import annotations

MINUTES_PER_HOUR = 60


def amount_cents(worked_minutes: int, rate_cents_per_hour: int) -> int:
    """Cents earned for `worked_minutes` at `rate_cents_per_hour`, rounded half up."""
    if worked_minutes < 0 or rate_cents_per_hour < 0:
        raise ValueError("minutes and rate must not be negative")
    return (worked_minutes * rate_cents_per_hour * 2 + MINUTES_PER_HOUR) // (2 * MINUTES_PER_HOUR)
