"""Which minutes an hours entry holds once its logged and corrected versions are known.

An entry is first logged (HoursLogged) and may later be corrected or withdrawn
(HoursCorrected, 0 minutes: withdrawn). Every version carries the entry's placement, work
date and minutes, so whichever arrives first creates the fact and the newest version (by
event time, ce_time) decides the minutes, whatever order the versions are read in. On equal
event times the version read later wins (as for two HoursLogged of one entry).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from reporting.domain.facts import HoursFact


@dataclass(frozen=True)
class HoursVersion:
    """One event about an hours entry: logged or corrected minutes at an event time."""

    entry_id: str
    placement_id: str
    work_date: date
    minutes: int
    event_at: datetime
    correction: bool = False


def current_hours(versions: Iterable[HoursVersion]) -> list[HoursFact]:
    """The hours facts the versions leave (in the order read), one per entry id."""
    newest: dict[str, HoursVersion] = {}
    for version in versions:
        held = newest.get(version.entry_id)
        if held is None or held.event_at <= version.event_at:
            newest[version.entry_id] = version
    return [
        HoursFact(v.entry_id, v.placement_id, v.work_date, v.minutes)
        for v in sorted(newest.values(), key=lambda v: v.entry_id)
    ]
