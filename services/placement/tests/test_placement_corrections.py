"""Unit tests of corrections (no I/O): current minutes, and the limits counting current
minutes in single entries, batches and corrections."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st
from placement.domain.corrections import (
    Correction,
    EntryHistory,
    check_correction,
    current_minutes,
)
from placement.domain.hours import (
    HoursRow,
    PlacementPeriod,
    check_batch,
    check_duplicate_day,
    check_entry,
)
from placement.domain.hours_limits import Tally
from placement.domain.policy import HoursPolicy, Schedule

MONDAY = date(2026, 3, 9)  # ISO week 11/2026
TODAY = date(2026, 3, 31)
OPEN = PlacementPeriod(date(2026, 3, 2), None)
POLICY = HoursPolicy(date.min, 480, 1800, 6000)
LIMITS = Schedule(POLICY)
AT = datetime(2026, 3, 20, 9, tzinfo=UTC)


def _correction(revision: int, minutes: int, previous: int = 480) -> Correction:
    return Correction(f"c{revision}", "e", "p", MONDAY, revision, minutes, previous, None, AT)


def _full_week() -> dict[date, int]:
    """Mon–Thu 480 minutes, Fri withdrawn (0): 1920 > 1800 only without the withdrawal."""
    days = {MONDAY + timedelta(days=d): 480 for d in range(3)}
    return {**days, MONDAY + timedelta(days=3): 360, MONDAY + timedelta(days=4): 0}


# --- current minutes ---------------------------------------------------------------------


def test_current_minutes_are_the_logged_ones_without_corrections() -> None:
    assert current_minutes(480, []) == 480
    entry = EntryHistory("e", "p", MONDAY, 480, AT)
    assert (entry.worked_minutes, entry.withdrawn) == (480, False)


def test_the_newest_revision_wins_whatever_the_order() -> None:
    corrections = [_correction(2, 0, 240), _correction(3, 300, 0), _correction(1, 240)]
    assert current_minutes(480, corrections) == 300
    assert current_minutes(480, corrections[:1] + corrections[2:]) == 0
    withdrawn = EntryHistory("e", "p", MONDAY, 480, AT, (_correction(1, 0),))
    assert (withdrawn.worked_minutes, withdrawn.withdrawn) == (0, True)


@given(st.lists(st.integers(0, 1440), max_size=8), st.integers(1, 1440))
def test_current_minutes_follow_the_last_correction(minutes: list[int], logged: int) -> None:
    corrections = [_correction(i + 1, m) for i, m in enumerate(minutes)]
    expected = minutes[-1] if minutes else logged
    assert current_minutes(logged, list(reversed(corrections))) == expected


# --- corrections and the limits ----------------------------------------------------------


def test_the_same_minutes_are_no_change() -> None:
    violation = check_correction(MONDAY, 480, 480, Tally({MONDAY: 480}), POLICY)
    assert violation is not None and violation.conflict and violation.code == "no_change"
    assert violation.message.startswith("Keine Änderung")


def test_a_reduction_or_withdrawal_is_always_allowed() -> None:
    strict = HoursPolicy(date.min, 60, 60, 60)  # stricter than when the hours were logged
    tally = Tally(_full_week())
    assert check_correction(MONDAY, 480, 240, tally, strict) is None
    assert check_correction(MONDAY, 480, 0, tally, strict) is None


def test_an_increase_counts_the_current_minutes_of_the_other_entries() -> None:
    thursday = MONDAY + timedelta(days=3)
    tally = Tally(_full_week())  # 1800 minutes: the week is full
    over = check_correction(thursday, 360, 420, tally, POLICY)
    assert over is not None and over.code == "weekly_limit_exceeded"
    assert "31 Stunden in der Kalenderwoche 11/2026" in over.message
    daily = check_correction(thursday, 360, 481, Tally({thursday: 360}), POLICY)
    assert daily is not None and daily.code == "daily_limit_exceeded"
    # without Monday's minutes (withdrawn) the week has room again
    freed = Tally({**_full_week(), MONDAY: 0})
    assert check_correction(thursday, 360, 420, freed, POLICY) is None
    # a withdrawn entry corrected back counts like a new entry
    friday = MONDAY + timedelta(days=4)
    back = check_correction(friday, 0, 60, tally, POLICY)
    assert back is not None and back.code == "weekly_limit_exceeded"
    assert check_correction(friday, 0, 60, freed, POLICY) is None


# --- single entries and batches count current minutes ------------------------------------


def test_a_withdrawn_day_keeps_its_entry_but_frees_its_minutes() -> None:
    friday = MONDAY + timedelta(days=4)
    withdrawn = check_duplicate_day(friday, {friday: 0})
    assert withdrawn is not None and withdrawn.conflict and withdrawn.code == "withdrawn_day"
    assert "Korrektur" in withdrawn.message
    saturday = HoursRow("p", MONDAY + timedelta(days=5), 60)
    over = check_entry(saturday, OPEN, Tally(_full_week()), LIMITS, TODAY)
    assert over is not None and over.code == "weekly_limit_exceeded"
    freed = {**_full_week(), MONDAY: 0}
    assert check_entry(saturday, OPEN, Tally(freed), LIMITS, TODAY) is None


def test_a_batch_counts_current_minutes() -> None:
    rows = [HoursRow("p", MONDAY + timedelta(days=5), 120), HoursRow("p", MONDAY, 60)]
    full = check_batch(rows, {"p": OPEN}, {"p": _full_week()}, LIMITS, TODAY)
    assert [(v.index, v.violation.code) for v in full] == [
        (0, "weekly_limit_exceeded"),
        (1, "duplicate_day"),
    ]
    freed = {"p": {**_full_week(), MONDAY: 0}}
    after = check_batch(rows, {"p": OPEN}, freed, LIMITS, TODAY)
    assert [(v.index, v.violation.code) for v in after] == [(1, "withdrawn_day")]


@given(
    st.lists(st.tuples(st.integers(0, 6), st.integers(0, 600)), min_size=1, max_size=30),
)
def test_accepted_corrections_never_break_a_limit(steps: list[tuple[int, int]]) -> None:
    """Whatever corrections are tried one by one, the accepted ones keep every day and the
    week within the limits (starting from a state within them)."""
    current = {MONDAY + timedelta(days=d): 240 for d in range(7)}  # 1680 ≤ 1800
    for offset, minutes in steps:
        day = MONDAY + timedelta(days=offset)
        if check_correction(day, current[day], minutes, Tally(current), POLICY) is None:
            current[day] = minutes
        assert all(m <= POLICY.daily_limit_minutes for m in current.values())
        assert sum(current.values()) <= POLICY.weekly_limit_minutes
