"""§ 16d Abs. 6 SGB II: 24 months within 5 years from the first entry. The month count
(pure, with hypothesis properties) and the API (re-check, months view, effective-dated
policy)."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from placement.domain.sgb2_months import (
    DAYS_PER_MONTH,
    Sgb2MonthsPolicy,
    Span,
    add_years,
    check_months,
    days_in_window,
    limit_days,
    usage,
    window_start,
)

sys.path.insert(0, str(Path(__file__).parent))
from placement_testkit import TODAY, App, as_role, field_of, opportunity, participant, provider

POLICY = Sgb2MonthsPolicy(date.min, 24, 5)
D0 = date(2020, 1, 1)


def span(first: int, length: int) -> Span:
    return Span(D0 + timedelta(days=first), D0 + timedelta(days=first + length - 1))


def test_limit_is_730_days_for_24_months() -> None:
    assert limit_days(24) == 730 and limit_days(1) == 30 and limit_days(12) == 365
    assert Decimal("365.25") == DAYS_PER_MONTH * 12


def test_window_starts_at_first_entry_and_renews_after_five_years() -> None:
    first = span(0, 100)
    assert window_start([first], D0 + timedelta(days=50), 5) == D0
    late = Span(date(2025, 3, 1), date(2025, 6, 30))  # after 01.01.2025: a new window
    assert window_start([first, late], date(2025, 4, 1), 5) == date(2025, 3, 1)
    assert window_start([first, late], date(2024, 12, 31), 5) == D0
    assert window_start([], D0, 5) == D0
    assert add_years(date(2024, 2, 29), 5) == date(2029, 2, 28)


def test_overlapping_spans_count_each_day_once_and_are_clipped() -> None:
    assert days_in_window([span(0, 10), span(5, 10)], D0, D0 + timedelta(days=100)) == 15
    assert days_in_window([span(0, 10), span(10, 1)], D0, D0 + timedelta(days=100)) == 11
    assert days_in_window([span(-5, 10)], D0, D0 + timedelta(days=3)) == 3


def test_usage_months_rounded() -> None:
    used = usage([span(0, 31)], D0 + timedelta(days=40), POLICY)
    assert used.used_days == 31 and used.used_months == Decimal("1.1")
    assert used.remaining_days == 699 and used.remaining_months == Decimal("22.9")
    assert used.window_end == date(2025, 1, 1)


def test_check_months_at_the_boundary_and_with_recheck() -> None:
    existing = [span(0, 700)]
    assert check_months(existing, span(800, 30), POLICY, rechecked=False) is None  # 730
    over = check_months(existing, span(800, 31), POLICY, rechecked=False)
    assert over is not None and over.field == "end_date" and over.code == "sgb2_months_exceeded"
    assert "verbleibend 0,9 Monate" in over.message and "24 Monate" in over.message
    assert check_months(existing, span(800, 31), POLICY, rechecked=True) is None
    renewed = Span(date(2025, 1, 1), date(2026, 12, 31))  # a new window: 730 days
    assert check_months(existing, renewed, POLICY, rechecked=False) is None


SPANS = st.lists(
    st.tuples(st.integers(0, 3000), st.integers(1, 400)).map(lambda t: span(*t)), max_size=8
)


@given(SPANS, st.integers(0, 3500))
def test_used_days_within_limits_of_window_and_union(spans: list[Span], on: int) -> None:
    """Used days never exceed the window length nor the sum of the spans; remaining + used
    is the limit while under it; months are consistent with days."""
    day = D0 + timedelta(days=on)
    found = usage(spans, day, POLICY)
    assert 0 <= found.used_days <= (found.window_end - found.window_start).days
    assert found.used_days <= sum(s.days for s in spans)
    assert found.window_start <= day < found.window_end
    if found.used_days <= 730:
        assert found.used_days + found.remaining_days == 730
    else:
        assert found.remaining_days == 0
    assert found.used_months * DAYS_PER_MONTH >= found.used_days
    assert found.remaining_months * DAYS_PER_MONTH <= found.remaining_days


@given(SPANS, st.randoms())
def test_order_of_spans_does_not_matter(spans: list[Span], rnd: object) -> None:
    shuffled = list(spans)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    on = D0 + timedelta(days=1000)
    assert usage(spans, on, POLICY) == usage(shuffled, on, POLICY)


@given(SPANS, st.tuples(st.integers(0, 3000), st.integers(1, 400)))
def test_more_spans_never_use_fewer_days(spans: list[Span], extra: tuple[int, int]) -> None:
    added = span(*extra)
    start = window_start([*spans, added], added.first, 5)
    end = add_years(start, 5)
    assert days_in_window([*spans, added], start, end) >= days_in_window(spans, start, end)


@given(SPANS, st.tuples(st.integers(0, 3000), st.integers(1, 800)))
def test_accepted_proposals_keep_the_window_within_the_limit(
    spans: list[Span], proposed: tuple[int, int]
) -> None:
    """Whatever was there before: a proposal accepted without a re-check adds days only as
    long as its window stays within 730 days; a refused one would go beyond them."""
    new = span(*proposed)
    start = window_start([*spans, new], new.first, 5)
    end = add_years(start, 5)
    total = days_in_window([*spans, new], start, end)
    violation = check_months(spans, new, POLICY, rechecked=False)
    assert (violation is None) == (total <= 730)


async def _sgb2_setup(client: object) -> tuple[dict[str, str], dict[str, str]]:
    prov = await provider(client)  # type: ignore[arg-type]
    opp = await opportunity(client, prov["id"], places=5, legal_bases=["sgb2_16d"])  # type: ignore[arg-type]
    person = await participant(client, legal_basis="sgb2_16d")  # type: ignore[arg-type]
    return opp, person


async def test_months_api_refuses_beyond_limit_until_recheck(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    opp, person = await _sgb2_setup(client)
    start = TODAY - timedelta(days=600)
    first = await client.post(
        "/placements",
        json={
            "participant_id": person["id"],
            "opportunity_id": opp["id"],
            "start_date": str(start),
            "end_date": str(start + timedelta(days=599)),
        },
    )
    assert first.status_code == 201, first.text
    assert (await client.post(f"/placements/{first.json()['id']}/start")).status_code == 200
    months = await client.get(f"/participants/{person['id']}/sgb2-months")
    assert months.status_code == 200, months.text
    body = months.json()
    assert body["used_days"] == 601 and body["window_start"] == str(start)
    assert body["remaining_days"] == 129 and body["remaining_months"] == "4.2"
    assert body["used_months"] == "19.8" and body["rechecks"] == []

    second = {
        "participant_id": person["id"],
        "opportunity_id": opp["id"],
        "start_date": str(TODAY + timedelta(days=1)),
        "end_date": str(TODAY + timedelta(days=200)),
    }
    await client.post(
        f"/placements/{first.json()['id']}/end",
        json={"end_date": str(TODAY), "reason": "completed"},
    )
    refused = await client.post("/placements", json=second)
    assert refused.status_code == 422 and field_of(refused) == ["body", "end_date"]
    message = refused.json()["detail"][0]["msg"]
    assert "§ 16d Abs. 6 SGB II" in message and "verbleibend 4,2 Monate" in message
    fits = {**second, "end_date": str(TODAY + timedelta(days=129))}
    ok = await client.post("/placements", json=fits)
    assert ok.status_code == 201, ok.text
    end = {"end_date": str(TODAY), "reason": "cancelled"}
    assert (await client.post(f"/placements/{ok.json()['id']}/end", json=end)).status_code == 200

    future = await client.post(
        f"/participants/{person['id']}/sgb2-recheck",
        json={"decided_on": str(TODAY + timedelta(days=1))},
    )
    assert future.status_code == 422 and field_of(future) == ["body", "decided_on"]
    recheck = await client.post(
        f"/participants/{person['id']}/sgb2-recheck",
        json={"decided_on": str(TODAY), "note": "Eingliederung weiter nicht absehbar"},
    )
    assert recheck.status_code == 201, recheck.text
    assert (await client.post("/placements", json=second)).status_code == 201
    after = (await client.get(f"/participants/{person['id']}/sgb2-months")).json()
    assert after["rechecks"] == [str(TODAY)]

    asyl = await participant(client)
    not_sgb2 = await client.post(
        f"/participants/{asyl['id']}/sgb2-recheck", json={"decided_on": str(TODAY)}
    )
    assert not_sgb2.status_code == 422 and field_of(not_sgb2) == ["body", "participant_id"]
    staff = as_role(ctx, "provider_staff", "*")
    assert (
        await client.get(f"/participants/{person['id']}/sgb2-months", headers=staff)
    ).status_code == 403


async def test_months_policy_is_effective_dated(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    listed = (await client.get("/policies/sgb2-months")).json()
    assert listed == [{"valid_from": "0001-01-01", "months_limit": 24, "window_years": 5}]
    version = {"valid_from": str(TODAY - timedelta(days=1)), "months_limit": 6, "window_years": 5}
    assert (await client.post("/policies/sgb2-months", json=version)).status_code == 201
    assert (await client.post("/policies/sgb2-months", json=version)).status_code == 409
    worker = as_role(ctx, "case_worker", "*")
    assert (
        await client.post("/policies/sgb2-months", json=version, headers=worker)
    ).status_code == 403
    opp, person = await _sgb2_setup(client)
    long = await client.post(
        "/placements",
        json={
            "participant_id": person["id"],
            "opportunity_id": opp["id"],
            "start_date": str(TODAY),
            "end_date": str(TODAY + timedelta(days=200)),
        },
    )
    assert long.status_code == 422 and "6 Monate" in long.json()["detail"][0]["msg"]
    months = (await client.get(f"/participants/{person['id']}/sgb2-months")).json()
    assert months["months_limit"] == 6 and months["remaining_days"] == 182
