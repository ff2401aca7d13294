"""Sanction rules as pure functions: the proposal of the policy in force, the ladder and
its cap, the look-back window, and what a person may decide (unit + hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from gemeinwerk_contracts.vocabulary import LegalBasis, SanctionRule
from hypothesis import given
from hypothesis import strategies as st
from placement.domain.policy import Schedule
from placement.domain.sanctions import (
    DEFAULT_POLICIES,
    SanctionPolicy,
    SanctionStatus,
    SanctionStep,
    add_months,
    breaches_in_window,
    check_decision,
    check_hearing,
    check_overall_cap,
    check_policy,
    check_waiver,
    overlaps,
    period_until,
    propose,
    running_or_pending,
)

SGB2 = Schedule(DEFAULT_POLICIES[LegalBasis.SGB2_16D])
ASYL = Schedule(DEFAULT_POLICIES[LegalBasis.ASYLBLG_5])
REFORM = SanctionPolicy(LegalBasis.SGB2_16D, date(2026, 7, 1), (SanctionStep(30, 3),), 30, 12)


def test_first_second_third_breach_of_the_default_ladder() -> None:
    day = date(2026, 5, 20)
    first = propose(SGB2, day, [])
    assert (first.rule, first.breach_number, first.reduction_percent, first.duration_months) == (
        SanctionRule.SGB2_31A,
        1,
        10,
        1,
    )
    second = propose(SGB2, day, [date(2026, 1, 1)])
    assert (second.breach_number, second.reduction_percent, second.duration_months) == (2, 20, 2)
    third = propose(SGB2, day, [date(2026, 1, 1), date(2026, 3, 1)])
    assert (third.breach_number, third.reduction_percent, third.duration_months) == (3, 30, 3)
    fourth = propose(SGB2, day, [date(2026, 1, 1), date(2026, 3, 1), date(2026, 4, 1)])
    assert (fourth.breach_number, fourth.reduction_percent) == (4, 30)
    assert first.rule_valid_from == date.min


def test_lookback_counts_from_the_start_of_the_earlier_period() -> None:
    day = date(2026, 5, 20)
    assert breaches_in_window(day, 12, [date(2025, 5, 20)]) == 1  # exactly one year: counts
    assert breaches_in_window(day, 12, [date(2025, 5, 19)]) == 0  # more than a year: not
    assert propose(SGB2, day, [date(2025, 5, 19)]).reduction_percent == 10


def test_asylblg_rule_has_no_percentage_and_lasts_six_months() -> None:
    proposal = propose(ASYL, date(2026, 5, 20), [date(2026, 2, 1)])
    assert proposal.rule is SanctionRule.ASYLBLG_1A
    assert proposal.reduction_percent is None
    assert proposal.duration_months == 6
    assert proposal.breach_number == 2


def test_the_version_in_force_on_the_refusal_day_applies() -> None:
    schedule = Schedule(DEFAULT_POLICIES[LegalBasis.SGB2_16D], [REFORM])
    before = propose(schedule, date(2026, 6, 30), [])
    after = propose(schedule, date(2026, 7, 1), [])
    assert (before.reduction_percent, before.rule_valid_from) == (10, date.min)
    assert (after.reduction_percent, after.duration_months) == (30, 3)
    assert after.rule_valid_from == date(2026, 7, 1)


def test_policy_shapes() -> None:
    assert check_policy(DEFAULT_POLICIES[LegalBasis.SGB2_16D]) is None
    assert check_policy(DEFAULT_POLICIES[LegalBasis.ASYLBLG_5]) is None
    assert check_policy(REFORM) is None
    asyl = SanctionPolicy(
        LegalBasis.ASYLBLG_5, date(2027, 1, 1), (SanctionStep(None, 7),), None, 12
    )
    v = check_policy(asyl)
    assert v is not None and v.field == "steps" and "6 Monate" in v.message
    with_percent = SanctionPolicy(
        LegalBasis.ASYLBLG_5, date(2027, 1, 1), (SanctionStep(10, 3),), None, 12
    )
    assert check_policy(with_percent) is not None
    capped = SanctionPolicy(
        LegalBasis.ASYLBLG_5, date(2027, 1, 1), (SanctionStep(None, 3),), 30, 12
    )
    v = check_policy(capped)
    assert v is not None and v.field == "cap_percent"
    falling = SanctionPolicy(
        LegalBasis.SGB2_16D, date(2027, 1, 1), (SanctionStep(20, 1), SanctionStep(10, 2)), 30, 12
    )
    v = check_policy(falling)
    assert v is not None and v.code == "steps_not_monotone"
    no_cap = SanctionPolicy(LegalBasis.SGB2_16D, date(2027, 1, 1), (SanctionStep(10, 1),), None, 12)
    v = check_policy(no_cap)
    assert v is not None and v.field == "cap_percent"
    no_percent = SanctionPolicy(
        LegalBasis.SGB2_16D, date(2027, 1, 1), (SanctionStep(None, 1),), 30, 12
    )
    assert check_policy(no_percent) is not None


def test_periods_by_calendar_months() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 3, 15), -12) == date(2025, 3, 15)
    assert period_until(date(2026, 6, 1), 1) == date(2026, 6, 30)
    assert period_until(date(2026, 6, 1), 3) == date(2026, 8, 31)
    assert period_until(date(2026, 1, 15), 6) == date(2026, 7, 14)
    assert add_months(date(1, 3, 1), -12) == date.min  # clamped, never an error
    assert period_until(date(9999, 12, 1), 1) == date.max
    assert propose(SGB2, date(1, 1, 5), []).breach_number == 1


def test_hearing_rules() -> None:
    today = date(2026, 6, 10)
    assert check_hearing(SanctionStatus.PROPOSED, today, date(2026, 6, 1), today) is None
    future = check_hearing(SanctionStatus.PROPOSED, date(2026, 6, 11), date(2026, 6, 1), today)
    assert future is not None and future.field == "held_on"
    early = check_hearing(SanctionStatus.PROPOSED, date(2026, 5, 31), date(2026, 6, 1), today)
    assert early is not None and early.code == "before_refusal"
    decided = check_hearing(SanctionStatus.DECIDED, today, date(2026, 6, 1), today)
    assert decided is not None and decided.conflict


def _decision(**overrides: object) -> object:
    arguments: dict[str, object] = {
        "status": SanctionStatus.PROPOSED,
        "hearing_date": date(2026, 6, 5),
        "rule": SanctionRule.SGB2_31A,
        "proposed_percent": 20,
        "proposed_months": 2,
        "reduction_percent": None,
        "months": None,
        "effective_from": date(2026, 7, 1),
        **overrides,
    }
    return check_decision(**arguments)  # type: ignore[arg-type]


def test_decision_rules() -> None:
    assert _decision() is None
    assert _decision(reduction_percent=10, months=1) is None
    missing = _decision(hearing_date=None)
    assert missing is not None and missing.conflict and "Anhörung" in missing.message  # type: ignore[attr-defined]
    above = _decision(reduction_percent=30)
    assert above is not None and above.field == "reduction_percent"  # type: ignore[attr-defined]
    longer = _decision(months=3)
    assert longer is not None and longer.field == "months"  # type: ignore[attr-defined]
    asyl = _decision(rule=SanctionRule.ASYLBLG_1A, proposed_percent=None, reduction_percent=10)
    assert asyl is not None and asyl.code == "percent_not_applicable"  # type: ignore[attr-defined]
    early = _decision(effective_from=date(2026, 6, 4))
    assert early is not None and early.field == "effective_from"  # type: ignore[attr-defined]
    waived = _decision(status=SanctionStatus.WAIVED)
    assert waived is not None and waived.conflict  # type: ignore[attr-defined]


def test_waiver_and_running() -> None:
    assert check_waiver(SanctionStatus.PROPOSED) is None
    for status in (SanctionStatus.DECIDED, SanctionStatus.WAIVED, SanctionStatus.ENDED):
        v = check_waiver(status)
        assert v is not None and v.conflict
    on = date(2026, 7, 15)
    assert running_or_pending(SanctionStatus.DECIDED, date(2026, 7, 15), on)
    assert running_or_pending(SanctionStatus.DECIDED, date(2026, 9, 30), on)
    assert not running_or_pending(SanctionStatus.DECIDED, date(2026, 7, 14), on)
    assert not running_or_pending(SanctionStatus.WAIVED, date(2026, 9, 30), on)


# -- properties ---------------------------------------------------------------------------

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
steps = st.lists(
    st.builds(
        SanctionStep, percent=st.integers(min_value=1, max_value=100), months=st.integers(1, 6)
    ),
    min_size=1,
    max_size=5,
).map(lambda xs: tuple(sorted(xs, key=lambda s: s.percent or 0)))
sgb2_policies = st.builds(
    SanctionPolicy,
    legal_basis=st.just(LegalBasis.SGB2_16D),
    valid_from=days,
    steps=steps,
    cap_percent=st.integers(min_value=1, max_value=100),
    lookback_months=st.integers(min_value=1, max_value=24),
)


@given(
    versions=st.lists(sgb2_policies, max_size=4, unique_by=lambda p: p.valid_from),
    refusal_date=days,
    earlier=st.lists(days, max_size=8),
)
def test_proposal_never_exceeds_the_cap_and_follows_the_version_in_force(
    versions: list[SanctionPolicy], refusal_date: date, earlier: list[date]
) -> None:
    schedule = Schedule(DEFAULT_POLICIES[LegalBasis.SGB2_16D], versions)
    proposal = propose(schedule, refusal_date, earlier)
    policy = schedule.on(refusal_date)
    assert check_policy(policy) is None
    assert proposal.rule_valid_from == policy.valid_from <= refusal_date
    assert proposal.reduction_percent is not None
    assert 1 <= proposal.reduction_percent <= (policy.cap_percent or 0)
    assert 1 <= proposal.duration_months <= 6
    assert 1 <= proposal.breach_number <= len(earlier) + 1


@given(policy=sgb2_policies, refusal_date=days, earlier=st.lists(days, max_size=8), extra=days)
def test_one_more_earlier_breach_never_lowers_the_step(
    policy: SanctionPolicy, refusal_date: date, earlier: list[date], extra: date
) -> None:
    schedule = Schedule(policy)
    fewer = propose(schedule, refusal_date, earlier)
    more = propose(schedule, refusal_date, [*earlier, extra])
    assert more.breach_number >= fewer.breach_number
    assert (more.reduction_percent or 0) >= (fewer.reduction_percent or 0)


@given(refusal_date=days, earlier=st.lists(days, max_size=8), months=st.integers(1, 6))
def test_asylblg_proposals_stay_within_six_months(
    refusal_date: date, earlier: list[date], months: int
) -> None:
    policy = SanctionPolicy(
        LegalBasis.ASYLBLG_5, date(2020, 1, 1), (SanctionStep(None, months),), None, 12
    )
    schedule = Schedule(DEFAULT_POLICIES[LegalBasis.ASYLBLG_5], [policy])
    proposal = propose(schedule, refusal_date, earlier)
    assert proposal.reduction_percent is None
    assert proposal.duration_months == months <= 6


@given(start=days, months=st.integers(1, 6))
def test_period_covers_whole_months(start: date, months: int) -> None:
    until = period_until(start, months)
    assert until >= start
    assert until + timedelta(days=1) == add_months(start, months)


@pytest.mark.parametrize("months", [None, 1, 2])
def test_decision_may_never_raise_the_proposal(months: int | None) -> None:
    for proposed in range(1, 31):
        for chosen in range(1, 101):
            v = _decision(proposed_percent=proposed, reduction_percent=chosen, months=months)
            assert (v is None) == (chosen <= proposed)


def test_overall_cap_message() -> None:
    assert check_overall_cap(10, 30, [20]) is None
    partly = check_overall_cap(20, 30, [20])
    assert partly is not None and "höchstens 10 % sind noch möglich" in partly.message
    full = check_overall_cap(10, 30, [10, 20])
    assert full is not None and "keine weitere Minderung" in full.message
    assert overlaps((date(2026, 1, 1), date(2026, 1, 31)), (date(2026, 1, 31), date(2026, 2, 5)))
    assert not overlaps(
        (date(2026, 1, 1), date(2026, 1, 30)), (date(2026, 1, 31), date(2026, 2, 5))
    )


decisions = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=100),
        st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)),
        st.integers(min_value=1, max_value=6),
    ),
    max_size=12,
)


@given(cap=st.integers(min_value=1, max_value=100), wanted=decisions)
def test_accepted_decisions_never_exceed_the_cap_on_any_day(
    cap: int, wanted: list[tuple[int, date, int]]
) -> None:
    accepted: list[tuple[int, date, date]] = []
    for percent, start, months in wanted:
        period = (start, period_until(start, months))
        running = [p for p, a, b in accepted if overlaps((a, b), period)]
        if check_overall_cap(percent, cap, running) is None:
            accepted.append((percent, *period))
    for _, day, _ in accepted:
        assert sum(p for p, a, b in accepted if a <= day <= b) <= cap
