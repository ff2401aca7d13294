"""The service's notion of "now" and "today" (Europe/Berlin); tests may monkeypatch these."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")


def now() -> datetime:
    """The current instant, timezone-aware UTC (what timestamps are stored as)."""
    return datetime.now(UTC)


def today() -> date:
    """The current calendar day in Europe/Berlin (what work dates are compared with)."""
    return datetime.now(BERLIN).date()
