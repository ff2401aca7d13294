"""Effective-dated hour limits: day, ISO week (Mon–Sun), calendar month (pure rules)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from placement.domain.hours import HoursRow, PlacementPeriod, check_batch, check_entry
from placement.domain.hours_limits import Tally, month_of, span, week_of
from placement.domain.policy import HoursPolicy, Schedule

DEFAULT = HoursPolicy(date.min, 480, 1800, 6000)
STANDARD = Schedule(DEFAULT)
START = date(2026, 1, 1)
TODAY = date(2026, 12, 31)
OPEN = PlacementPeriod(START, None)


def test_the_version_in_force_on_the_work_date_applies() -> None:
    strict = HoursPolicy(date(2026, 3, 1), 240, 900, 3000)
    looser = HoursPolicy(date(2026, 6, 1), 360, 1200, 4000)
    schedule = Schedule(DEFAULT, [looser, strict])
    assert schedule.on(date(2026, 2, 28)) == DEFAULT
    assert schedule.on(date(2026, 3, 1)) == strict
    assert schedule.on(date(2026, 5, 31)) == strict
    assert schedule.on(date(2026, 6, 1)) == looser
    assert schedule.all() == [DEFAULT, strict, looser]
    row = HoursRow("p", date(2026, 3, 2), 300)
    assert check_entry(row, OPEN, Tally(), schedule, TODAY).code == "daily_limit_exceeded"  # type: ignore[union-attr]
    assert (
        check_entry(HoursRow("p", date(2026, 2, 27), 300), OPEN, Tally(), schedule, TODAY) is None
    )


def test_weekly_limit_counts_monday_to_sunday() -> None:
    monday = date(2026, 3, 2)
    logged = {monday + timedelta(days=i): 360 for i in range(5)}  # 30 h Mon–Fri
    tally = Tally(logged)
    saturday = HoursRow("p", monday + timedelta(days=5), 60)
    violation = check_entry(saturday, OPEN, tally, STANDARD, TODAY)
    assert violation is not None and violation.code == "weekly_limit_exceeded"
    assert violation.field == "worked_minutes"
    assert "Wochengrenze von 30 Stunden" in violation.message
    assert "31 Stunden in der Kalenderwoche 10/2026" in violation.message
    next_monday = HoursRow("p", monday + timedelta(days=7), 60)
    assert check_entry(next_monday, OPEN, tally, STANDARD, TODAY) is None


def test_monthly_limit_counts_the_calendar_month() -> None:
    logged = {date(2026, 3, d): 300 for d in (2, 3, 4, 9, 10, 11, 16, 17, 18, 23, 24, 25, 26, 27)}
    logged.update({date(2026, 3, d): 300 for d in (30, 31)})  # 16 × 5 h = 80 h
    tally = Tally(logged)
    assert tally.months[(2026, 3)] == 4800
    ok = HoursRow("p", date(2026, 3, 19), 480)
    assert check_entry(ok, OPEN, tally, STANDARD, TODAY) is None
    tally.add(ok.work_date, ok.worked_minutes)
    tally.add(date(2026, 3, 12), 480)  # 96 h in March
    exactly = HoursRow("p", date(2026, 3, 6), 240)
    assert check_entry(exactly, OPEN, tally, STANDARD, TODAY) is None  # 100 h
    over = check_entry(HoursRow("p", date(2026, 3, 6), 241), OPEN, tally, STANDARD, TODAY)
    assert over is not None and over.code == "monthly_limit_exceeded"
    assert "Monatsgrenze von 100 Stunden" in over.message and "im März 2026" in over.message
    april = HoursRow("p", date(2026, 4, 1), 60)
    assert check_entry(april, OPEN, tally, STANDARD, TODAY) is None


def test_span_covers_the_weeks_and_months_of_the_work_dates() -> None:
    # Wed 2026-04-01 lies in the ISO week starting Mon 2026-03-30.
    assert span(date(2026, 4, 1), date(2026, 4, 1)) == (date(2026, 3, 30), date(2026, 4, 30))
    # Thu 2026-12-31: its week runs to Sun 2027-01-03.
    assert span(date(2026, 12, 31), date(2026, 12, 31)) == (date(2026, 12, 1), date(2027, 1, 3))
    assert span(date.max, date.max) == (date(9999, 12, 1), date.max)
    assert span(date.min, date.min)[0] == date.min


def test_batch_rows_count_towards_the_limits_of_later_rows() -> None:
    monday = date(2026, 3, 2)
    rows = [HoursRow("p", monday + timedelta(days=i), 420) for i in range(5)]  # 7 h × 5 = 35 h
    found = [
        (v.index, v.violation.code) for v in check_batch(rows, {"p": OPEN}, {}, STANDARD, TODAY)
    ]
    assert found == [(4, "weekly_limit_exceeded")]


def _policy_strategy() -> st.SearchStrategy[HoursPolicy]:
    return st.builds(
        HoursPolicy,
        valid_from=st.dates(date(2026, 1, 1), date(2026, 4, 30)),
        daily_limit_minutes=st.integers(60, 600),
        weekly_limit_minutes=st.integers(300, 2400),
        monthly_limit_minutes=st.integers(600, 8000),
    )


ENTRIES = st.lists(st.tuples(st.integers(0, 119), st.integers(1, 720)), min_size=1, max_size=120)


@settings(max_examples=150, deadline=None)
@given(entries=ENTRIES, versions=st.lists(_policy_strategy(), max_size=3))
def test_entries_accepted_one_by_one_never_exceed_the_limits_in_force(
    entries: list[tuple[int, int]], versions: list[HoursPolicy]
) -> None:
    """For any entries offered one at a time, every day, ISO week and month stays within the
    limit in force on the work date of the last entry accepted into it (and so within the
    limit for every entry accepted into it)."""
    schedule = Schedule(DEFAULT, versions)
    tally = Tally()
    accepted: list[HoursRow] = []
    for offset, minutes in entries:
        row = HoursRow("p", START + timedelta(days=offset), minutes)
        if check_entry(row, OPEN, tally, schedule, TODAY) is None:
            tally.add(row.work_date, row.worked_minutes)
            accepted.append(row)
    _assert_within(accepted, schedule)


@settings(max_examples=100, deadline=None)
@given(entries=ENTRIES, versions=st.lists(_policy_strategy(), max_size=3))
def test_an_accepted_batch_never_exceeds_the_limits_in_force(
    entries: list[tuple[int, int]], versions: list[HoursPolicy]
) -> None:
    """A batch accepted as a whole respects the same limits; the rejected rows' indexes exist."""
    schedule = Schedule(DEFAULT, versions)
    rows = [HoursRow("p", START + timedelta(days=o), m) for o, m in entries]
    violations = check_batch(rows, {"p": OPEN}, {}, schedule, TODAY)
    bad = {v.index for v in violations}
    assert bad <= set(range(len(rows)))
    _assert_within([r for i, r in enumerate(rows) if i not in bad], schedule)


def _assert_within(accepted: list[HoursRow], schedule: Schedule[HoursPolicy]) -> None:
    days: dict[date, int] = defaultdict(int)
    weeks: dict[tuple[int, int], int] = defaultdict(int)
    months: dict[tuple[int, int], int] = defaultdict(int)
    for row in accepted:  # in acceptance order: each total is checked as it grows
        days[row.work_date] += row.worked_minutes
        weeks[week_of(row.work_date)] += row.worked_minutes
        months[month_of(row.work_date)] += row.worked_minutes
        policy = schedule.on(row.work_date)
        assert days[row.work_date] <= policy.daily_limit_minutes
        assert weeks[week_of(row.work_date)] <= policy.weekly_limit_minutes
        assert months[month_of(row.work_date)] <= policy.monthly_limit_minutes
    assert len({r.work_date for r in accepted}) == len(accepted)  # one entry per day
