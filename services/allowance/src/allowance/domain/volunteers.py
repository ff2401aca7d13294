"""Volunteer allowance schemes (seed: Harz integration concept). No obligation, no sanctions.

- Integrationslotse: a monthly flat allowance (planned 130 EUR, at most 200 EUR allowed).
- Familienpate: an hourly allowance with monthly caps (at most 30 h and 150 EUR a month);
  the hourly rate is not published: 500 cents/h (150 EUR / 30 h) is an **assumption**.

Each month's result says which cap applied, with a German explanation for the statement.
Hours are capped first (entries in booking order until the hour cap; the last one partly),
then the amount: one rounding per entry as in the AGH ledger, then the euro cap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from allowance.domain.amount import amount_cents

INTEGRATIONSLOTSE_DEFAULT_CENTS = 13_000
INTEGRATIONSLOTSE_MAX_CENTS = 20_000
FAMILIENPATE_MAX_MINUTES = 30 * 60
FAMILIENPATE_MAX_CENTS = 15_000
FAMILIENPATE_RATE_CENTS = 500  # assumption: 150 EUR / 30 h


def euros(cents: int) -> str:
    """German money text: 15000 → "150,00 EUR"."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole:,}".replace(",", ".") + f",{part:02d} EUR"


def hours_text(minutes: int) -> str:
    """German hours text: 2070 → "34:30 Std."."""
    return f"{minutes // 60}:{minutes % 60:02d} Std."


@dataclass(frozen=True)
class VolunteerMonth:
    """What a volunteer gets for one month."""

    amount_cents: int
    worked_minutes: int
    paid_minutes: int
    caps_applied: tuple[str, ...] = ()
    """"hours" and/or "amount" (the flat scheme: "amount")."""
    explanation: str = ""
    """German, for the statement; empty when no cap applied."""


@dataclass(frozen=True)
class FlatMonthly:
    """Integrationslotse: the same amount for every month of activity, capped."""

    amount_cents: int = INTEGRATIONSLOTSE_DEFAULT_CENTS
    max_cents: int = INTEGRATIONSLOTSE_MAX_CENTS

    def __post_init__(self) -> None:
        if self.amount_cents < 0 or self.max_cents < 0:
            raise ValueError("amounts must not be negative")

    def month(self, active: bool = True) -> VolunteerMonth:
        """The month's allowance (nothing in a month without activity)."""
        if not active:
            return VolunteerMonth(0, 0, 0)
        if self.amount_cents <= self.max_cents:
            return VolunteerMonth(self.amount_cents, 0, 0)
        return VolunteerMonth(
            self.max_cents,
            0,
            0,
            ("amount",),
            f"Monatlicher Höchstbetrag von {euros(self.max_cents)} angewandt "
            f"(vorgesehen: {euros(self.amount_cents)}).",
        )


@dataclass(frozen=True)
class HourlyCapped:
    """Familienpate: per hour, at most `max_minutes` and `max_cents` a month."""

    rate_cents_per_hour: int = FAMILIENPATE_RATE_CENTS
    max_minutes: int = FAMILIENPATE_MAX_MINUTES
    max_cents: int = FAMILIENPATE_MAX_CENTS

    def __post_init__(self) -> None:
        if min(self.rate_cents_per_hour, self.max_minutes, self.max_cents) < 0:
            raise ValueError("rate and caps must not be negative")

    def month(self, entries: Sequence[int]) -> VolunteerMonth:
        """The month's allowance for entries of worked minutes, in booking order."""
        if any(minutes < 0 for minutes in entries):
            raise ValueError("minutes must not be negative")
        worked = sum(entries)
        left, paid, amount = self.max_minutes, 0, 0
        for minutes in entries:
            counted = min(minutes, left)
            left -= counted
            paid += counted
            amount += amount_cents(counted, self.rate_cents_per_hour)
        caps: list[str] = []
        texts: list[str] = []
        if paid < worked:
            caps.append("hours")
            texts.append(
                f"Monatliche Höchstgrenze von {hours_text(self.max_minutes)} angewandt: "
                f"{hours_text(worked)} geleistet, {hours_text(paid)} vergütet."
            )
        if amount > self.max_cents:
            caps.append("amount")
            texts.append(
                f"Monatlicher Höchstbetrag von {euros(self.max_cents)} angewandt "
                f"(berechnet: {euros(amount)})."
            )
            amount = self.max_cents
        return VolunteerMonth(amount, worked, paid, tuple(caps), " ".join(texts))
