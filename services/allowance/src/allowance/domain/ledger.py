"""Booking an hours entry: the placement it belongs to, the rate of its day, its amount.

One hours entry becomes exactly one ledger line; lines are never changed afterwards
(later corrections and statements append and reference, they do not rewrite).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from allowance.domain.amount import amount_cents
from allowance.domain.months import month_of
from allowance.domain.rates import NoRate, RateTable


@dataclass(frozen=True)
class Placement:
    """What the ledger keeps of a started placement (all ids as strings)."""

    placement_id: str
    participant_ref: str
    legal_basis: str
    provider_id: str
    municipality_key: str
    start_date: date


@dataclass(frozen=True)
class HoursEntry:
    """One logged day of work, as the placement service reported it."""

    entry_id: str
    placement_id: str
    participant_ref: str
    provider_id: str
    work_date: date
    worked_minutes: int


@dataclass(frozen=True)
class LedgerLine:
    """The allowance of one hours entry."""

    entry_id: str
    placement_id: str
    participant_ref: str
    provider_id: str
    municipality_key: str
    legal_basis: str
    work_date: date
    month: str
    worked_minutes: int
    rate_cents_per_hour: int
    amount_cents: int

    def same_booking(self, other: LedgerLine) -> bool:
        """Whether two lines book the same thing (a redelivered entry, not a conflict)."""
        return self == other


class BookingRefused(ValueError):
    """An hours entry that can never be booked as it is (goes to the dead-letter topic)."""


def book(entry: HoursEntry, placement: Placement, rates: RateTable) -> LedgerLine:
    """The ledger line of `entry`; raises BookingRefused when it contradicts its placement."""
    if entry.placement_id != placement.placement_id:
        raise BookingRefused("entry and placement differ")
    if entry.participant_ref != placement.participant_ref:
        raise BookingRefused(
            f"entry {entry.entry_id}: participant differs from placement {placement.placement_id}"
        )
    if entry.provider_id != placement.provider_id:
        raise BookingRefused(
            f"entry {entry.entry_id}: provider differs from placement {placement.placement_id}"
        )
    try:
        rate = rates.rate_for(placement.legal_basis, entry.work_date)
    except NoRate as exc:
        raise BookingRefused(f"entry {entry.entry_id}: {exc}") from exc
    return LedgerLine(
        entry_id=entry.entry_id,
        placement_id=placement.placement_id,
        participant_ref=placement.participant_ref,
        provider_id=placement.provider_id,
        municipality_key=placement.municipality_key,
        legal_basis=placement.legal_basis,
        work_date=entry.work_date,
        month=month_of(entry.work_date),
        worked_minutes=entry.worked_minutes,
        rate_cents_per_hour=rate,
        amount_cents=amount_cents(entry.worked_minutes, rate),
    )
