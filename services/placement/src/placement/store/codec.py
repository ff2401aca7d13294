"""Conversions between stored column values and domain values."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

_CENT = Decimal("0.01")


def to_centi(hours: Decimal) -> int:
    """Hours with at most two decimal places as integer hundredths (7.5 → 750)."""
    return int((hours * 100).to_integral_exact())


def from_centi(centi: int) -> Decimal:
    """Integer hundredths of an hour back to hours with two decimal places (750 → 7.50)."""
    return (Decimal(centi) / 100).quantize(_CENT)


def aware(moment: datetime) -> datetime:
    """A stored timestamp as an aware UTC datetime (SQLite returns naive ones)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
