"""Unit tests of the pure placement rules (no I/O)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from placement.domain.access import Action, is_allowed
from placement.domain.capacity import check_free_place, free_places, occupies_place
from placement.domain.hours import (
    HoursRow,
    PlacementPeriod,
    check_batch,
    check_daily_limit,
    check_duplicate_day,
    check_entry,
)
from placement.domain.hours_limits import Tally
from placement.domain.period import check_end, check_start_in_opportunity, check_work_date
from placement.domain.placement import check_hours_per_week, check_legal_basis
from placement.domain.policy import HoursPolicy, Schedule
from placement.domain.refusal import check_refusal, check_refusal_target, concerns_placement
from placement.domain.registration import check_birth_date, check_opportunity_period

START = date(2026, 3, 2)
TODAY = date(2026, 3, 20)
LIMIT = 480
ROOMY = Schedule(HoursPolicy(date.min, LIMIT, 10_000, 40_000))  # only the daily limit binds


# --- free places -------------------------------------------------------------------------


def test_free_places_counts_down_and_never_below_zero() -> None:
    assert free_places(3, 0) == 3
    assert free_places(3, 2) == 1
    assert free_places(3, 3) == 0
    assert free_places(3, 5) == 0


def test_last_place_can_be_taken_but_not_one_more() -> None:
    assert check_free_place(places=2, occupied=1) is None
    full = check_free_place(places=2, occupied=2)
    assert full is not None and full.conflict and full.field == "opportunity_id"
    assert "keinen freien Platz" in full.message


def test_a_placement_holds_its_place_until_its_end_date_has_passed() -> None:
    assert occupies_place(None, TODAY)
    assert occupies_place(TODAY, TODAY)
    assert occupies_place(TODAY + timedelta(days=5), TODAY)
    assert not occupies_place(TODAY - timedelta(days=1), TODAY)


# --- active period -----------------------------------------------------------------------


def test_work_date_inside_the_active_period_is_fine() -> None:
    assert check_work_date(START, START, None, TODAY) is None
    assert check_work_date(TODAY, START, None, TODAY) is None
    assert check_work_date(TODAY, START, TODAY, TODAY) is None


def test_work_date_before_start_after_end_or_in_future_is_rejected() -> None:
    before = check_work_date(START - timedelta(days=1), START, None, TODAY)
    after = check_work_date(START + timedelta(days=4), START, START + timedelta(days=3), TODAY)
    future = check_work_date(TODAY + timedelta(days=1), START, None, TODAY)
    assert before is not None and before.code == "before_start" and before.field == "work_date"
    assert "02.03.2026" in before.message
    assert after is not None and after.code == "after_end"
    assert future is not None and future.code == "in_future" and not future.conflict


def test_placement_start_within_the_opportunity_period() -> None:
    assert check_start_in_opportunity(START, None, None) is None
    assert check_start_in_opportunity(START, START, START) is None
    early = check_start_in_opportunity(START, START + timedelta(days=1), None)
    late = check_start_in_opportunity(START, None, START - timedelta(days=1))
    assert early is not None and early.field == "start_date"
    assert late is not None and late.code == "after_opportunity_end"


# --- end validation ----------------------------------------------------------------------


def test_end_on_or_after_start_is_fine() -> None:
    assert check_end(START, START, already_ended=False, last_work_date=None) is None
    assert check_end(START, TODAY, already_ended=False, last_work_date=TODAY) is None


def test_end_before_start_is_422_and_second_end_is_409() -> None:
    early = check_end(START, START - timedelta(days=1), already_ended=False, last_work_date=None)
    again = check_end(START, TODAY, already_ended=True, last_work_date=None)
    assert early is not None and not early.conflict and early.field == "end_date"
    assert again is not None and again.conflict


def test_end_before_a_day_with_logged_hours_is_rejected() -> None:
    violation = check_end(START, START + timedelta(days=2), False, START + timedelta(days=3))
    assert violation is not None and violation.code == "end_before_logged_hours"


# --- daily limit and duplicate day -------------------------------------------------------


def test_daily_limit_boundaries() -> None:
    assert check_daily_limit(0, 480, LIMIT) is None
    assert check_daily_limit(240, 240, LIMIT) is None
    over = check_daily_limit(0, 481, LIMIT)
    assert over is not None and over.field == "worked_minutes" and not over.conflict
    assert "8 Stunden" in over.message and "8,02" in over.message


@given(
    already=st.integers(min_value=0, max_value=1440),
    minutes=st.integers(min_value=1, max_value=1440),
    limit=st.integers(min_value=1, max_value=1440),
)
def test_daily_limit_property(already: int, minutes: int, limit: int) -> None:
    """Accepted exactly when the day's total stays within the limit."""
    violation = check_daily_limit(already, minutes, limit)
    assert (violation is None) == (already + minutes <= limit)
    if violation is not None:
        assert violation.field == "worked_minutes"


@given(
    logged=st.lists(st.integers(min_value=1, max_value=720), min_size=0, max_size=6),
    minutes=st.integers(min_value=1, max_value=1440),
)
def test_accepted_entries_never_push_a_day_over_the_limit(logged: list[int], minutes: int) -> None:
    """Whatever sequence of entries is offered, the accepted total never exceeds the limit."""
    total = 0
    for offered in [*logged, minutes]:
        if check_daily_limit(total, offered, LIMIT) is None:
            total += offered
        assert total <= LIMIT


def test_one_entry_per_placement_and_day() -> None:
    assert check_duplicate_day(START, {}) is None
    duplicate = check_duplicate_day(START, {START: 60})
    assert duplicate is not None and duplicate.conflict and duplicate.field == "work_date"


def test_check_entry_orders_period_duplicate_limit() -> None:
    period = PlacementPeriod(START, None)
    row = HoursRow("p", START, 600)
    assert check_entry(row, period, Tally(), ROOMY, TODAY).code == "daily_limit_exceeded"  # type: ignore[union-attr]
    assert check_entry(row, period, Tally({START: 60}), ROOMY, TODAY).code == "duplicate_day"  # type: ignore[union-attr]
    early = HoursRow("p", START - timedelta(days=1), 600)
    assert check_entry(early, period, Tally(), ROOMY, TODAY).code == "before_start"  # type: ignore[union-attr]


# --- batch -------------------------------------------------------------------------------


def test_batch_lists_every_bad_row_with_its_index() -> None:
    periods = {"a": PlacementPeriod(START, None), "b": PlacementPeriod(START, START)}
    rows = [
        HoursRow("a", START, 240),  # fine
        HoursRow("x", START, 240),  # unknown placement
        HoursRow("a", START, 240),  # duplicate inside the batch
        HoursRow("b", START + timedelta(days=1), 60),  # after end
        HoursRow("a", START + timedelta(days=1), 481),  # over the limit
        HoursRow("a", START + timedelta(days=2), 60),  # already logged
        HoursRow("a", START + timedelta(days=3), 60),  # fine
    ]
    logged = {"a": {START + timedelta(days=2): 60}}
    found = {
        (v.index, v.violation.field, v.violation.code)
        for v in check_batch(rows, periods, logged, ROOMY, TODAY)
    }
    assert found == {
        (1, "placement_id", "unknown"),
        (2, "work_date", "duplicate_in_batch"),
        (3, "work_date", "after_end"),
        (4, "worked_minutes", "daily_limit_exceeded"),
        (5, "work_date", "duplicate_day"),
    }


def test_valid_batch_has_no_violations() -> None:
    periods = {"a": PlacementPeriod(START, None)}
    rows = [HoursRow("a", START + timedelta(days=i), 480) for i in range(10)]
    assert check_batch(rows, periods, {}, ROOMY, TODAY) == []


@given(st.lists(st.tuples(st.integers(0, 18), st.integers(1, 600)), min_size=1, max_size=40))
def test_batch_property_accepted_batches_respect_all_rules(days: list[tuple[int, int]]) -> None:
    """A batch without violations has one entry per day, each within the limit and period."""
    periods = {"a": PlacementPeriod(START, None)}
    rows = [HoursRow("a", START + timedelta(days=d), m) for d, m in days]
    violations = check_batch(rows, periods, {}, ROOMY, TODAY)
    unique_days = len({d for d, _ in days}) == len(days)
    within = all(m <= LIMIT for _, m in days)
    assert (violations == []) == (unique_days and within)
    assert all(0 <= v.index < len(rows) for v in violations)


# --- placements, registration, refusals, access ------------------------------------------


def test_legal_basis_and_weekly_hours() -> None:
    assert check_legal_basis("asylblg_5", ["asylblg_5", "sgb2_16d"]) is None
    wrong = check_legal_basis("sgb2_16d", ["asylblg_5"])
    assert wrong is not None and wrong.field == "opportunity_id"
    assert check_hours_per_week(Decimal("10.5"), Decimal("20")) is None
    assert check_hours_per_week(Decimal("20.25"), Decimal("20")) is not None


def test_registration_dates() -> None:
    assert check_birth_date(None, TODAY) is None
    assert check_birth_date(date(1990, 1, 1), TODAY) is None
    assert check_birth_date(TODAY, TODAY) is not None
    assert check_opportunity_period(START, START) is None
    bad = check_opportunity_period(START, START - timedelta(days=1))
    assert bad is not None and bad.field == "end_date"


def test_refusal_rules() -> None:
    ok = {"has_placement": True, "has_opportunity": False, "refusal_date": TODAY, "today": TODAY}
    assert check_refusal(justified=False, justification_category=None, **ok) is None  # type: ignore[arg-type]
    assert check_refusal(justified=True, justification_category="illness", **ok) is None  # type: ignore[arg-type]
    missing = check_refusal(justified=True, justification_category=None, **ok)  # type: ignore[arg-type]
    assert missing is not None and missing.field == "justification_category"
    no_target = check_refusal(
        justified=False,
        justification_category=None,
        has_placement=False,
        has_opportunity=False,
        refusal_date=TODAY,
        today=TODAY,
    )
    assert no_target is not None and no_target.field == "placement_id"
    other = check_refusal_target("p1", "p2", "o1", None)
    assert other is not None and other.field == "placement_id"
    mismatch = check_refusal_target("p1", "p1", "o1", "o2")
    assert mismatch is not None and mismatch.field == "opportunity_id"
    assert concerns_placement("no_show") and concerns_placement("broke_off")
    assert not concerns_placement("refused")


def test_access_by_role_and_scope() -> None:
    assert is_allowed("coordinator", "*", Action.REGISTER_PROVIDER, ["03459004"])
    assert not is_allowed("case_worker", "*", Action.REGISTER_PROVIDER, ["03459004"])
    assert is_allowed("case_worker", "03459004", Action.START_PLACEMENT, ["03459004"])
    assert not is_allowed("case_worker", "03459008", Action.START_PLACEMENT, ["03459004"])
    assert is_allowed("provider_staff", "prov-1", Action.LOG_HOURS, ["03459004", "prov-1"])
    assert not is_allowed("provider_staff", "prov-1", Action.VIEW_PARTICIPANT, ["03459004"])
    assert not is_allowed("agency", "*", Action.VIEW_PLACEMENT, None)
    assert is_allowed("controller", "03459004", Action.VIEW_OPPORTUNITY, None)


def test_access_to_policies_approval_exemptions_and_matching() -> None:
    assert is_allowed("coordinator", "*", Action.MANAGE_POLICY, None)
    assert not is_allowed("case_worker", "*", Action.MANAGE_POLICY, None)
    assert is_allowed("controller", "*", Action.VIEW_POLICY, None)
    assert not is_allowed("agency", "*", Action.VIEW_POLICY, None)
    assert is_allowed("coordinator", "*", Action.APPROVE_PROVIDER, None)
    assert not is_allowed("provider_staff", "*", Action.APPROVE_PROVIDER, None)
    assert is_allowed("case_worker", "03459004", Action.RECORD_EXEMPTION, ["03459004"])
    assert not is_allowed("provider_staff", "*", Action.RECORD_EXEMPTION, ["03459004"])
    assert is_allowed("case_worker", "03459004", Action.MATCH, ["03459004"])
    assert not is_allowed("controller", "*", Action.MATCH, ["03459004"])
