"""Month close, frozen statements, late lines as corrections, reconciliation."""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from allowance.domain.statements import CloseRefused, OpenLine, check_close, issue
from allowance.outgoing import statement_issued_payload
from allowance.store.adjustments import correct_entry
from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
from helpers import auth, hours, started
from test_allowance_ledger import apply, get, ids, service

__all__ = ["service"]


async def close(client, month: str) -> dict:
    response = await client.post(f"/months/{month}/close")
    assert response.status_code == 200, response.text
    return response.json()


async def test_close_issue_and_carry_late_lines(service) -> None:
    runtime, client = service
    a, b = started(*ids(), start=date(2026, 9, 1)), started(*ids(), start=date(2026, 10, 1))
    september = hours(a, date(2026, 9, 7), 60)
    await apply(runtime, a, b, september, hours(a, date(2026, 10, 5), 30))
    await apply(runtime, hours(b, date(2026, 10, 6), 120))
    refused = await client.post("/months/2026-10/close")
    assert refused.status_code == 409 and "2026-09" in refused.json()["detail"][0]["msg"]

    first = await close(client, "2026-09")
    assert (first["closed_now"], first["statements"], first["total_cents"]) == (True, 1, 80)
    again = await close(client, "2026-09")
    assert (again["closed_now"], again["statements"], again["total_cents"]) == (False, 1, 80)

    # After the close: a late September entry and a correction of the September entry.
    await apply(runtime, hours(a, date(2026, 9, 8), 15))
    async with runtime.uow() as uow:
        await correct_entry(uow.session, "fix-1", str(september.entry_id), 45)
        await uow.commit()
    assert (await close(client, "2026-09"))["closed_now"] is False

    october = await close(client, "2026-10")
    assert (october["statements"], october["total_cents"]) == (2, 40 + 20 - 80 + 60 + 160)
    body = await get(client, "/months/2026-10/statements")
    by_ref = {s["participant_ref"]: s for s in body["statements"]}
    sa = by_ref[str(a.participant_ref)]
    assert sa["corrected_months"] == ["2026-09"] and sa["total_cents"] == 40
    assert [
        (ln["kind"], ln["original_month"], ln["correction"], ln["amount_cents"])
        for ln in sa["lines"]
    ] == [
        ("reversal", "2026-09", True, -80),  # of the entry of 7 September
        ("correction", "2026-09", True, 60),
        ("hours", "2026-09", True, 20),  # late entry of 8 September
        ("hours", "2026-10", False, 40),
    ]
    assert by_ref[str(b.participant_ref)]["total_cents"] == 160
    assert body["next_after"] is None
    page = await get(client, "/months/2026-10/statements", limit=1)
    assert len(page["statements"]) == 1 and page["next_after"] == min(by_ref)
    rest = await get(client, "/months/2026-10/statements", limit=1, after=page["next_after"])
    assert [s["participant_ref"] for s in rest["statements"]] == [max(by_ref)]
    # September's statement is frozen.
    sept = (await get(client, "/months/2026-09/statements"))["statements"]
    assert [(s["total_cents"], len(s["lines"])) for s in sept] == [(80, 1)]
    mine = await get(client, f"/participants/{a.participant_ref}/statements")
    assert [(s["month"], s["total_cents"]) for s in mine["statements"]] == [
        ("2026-09", 80),
        ("2026-10", 40),
    ]
    reconciliation = await get(client, "/months/2026-10/reconciliation")
    assert reconciliation == {
        "month": "2026-10",
        "closed": True,
        "statements": 2,
        "statement_total_cents": 200,
        "paid_cents": 0,
        "carried_over_cents": 200,
        "balanced": True,
    }
    # The ledger of each month still shows everything by work month.
    sept_ledger = await get(client, f"/participants/{a.participant_ref}/allowance", month="2026-09")
    assert sept_ledger["total_cents"] == 80 + 20 - 80 + 60


async def test_close_rules_and_access(service) -> None:
    runtime, client = service
    secret = runtime.settings.auth_dev_secret.get_secret_value()
    now = datetime.now(UTC)
    current = f"{now.year:04d}-{now.month:02d}"
    assert (await client.post(f"/months/{current}/close")).status_code == 409
    assert (await client.post("/months/2026-13/close")).status_code == 422
    worker = auth(secret, role="case_worker")
    assert (await client.post("/months/2020-01/close", headers=worker)).status_code == 403
    assert (await client.get("/months/2020-01/statements", headers=worker)).status_code == 403
    controller = auth(secret, role="controller")
    assert (await client.get("/months/2020-01/reconciliation", headers=controller)).json()[
        "balanced"
    ]
    empty = await close(client, "2020-01")
    assert (empty["statements"], empty["total_cents"]) == (0, 0)


def test_check_close() -> None:
    now = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)  # already December in Berlin
    check_close("2026-11", now, [])
    with pytest.raises(CloseRefused, match="noch nicht abgelaufen"):
        check_close("2026-12", now, [])
    with pytest.raises(CloseRefused, match="2026-09"):
        check_close("2026-11", now, ["2026-10", "2026-09"])


open_lines = st.lists(
    st.builds(
        OpenLine,
        source=st.sampled_from(["line", "adjustment"]),
        line_no=st.integers(1, 10**6),
        kind=st.just("hours"),
        participant_ref=st.sampled_from(["p1", "p2", "p3"]),
        entry_id=st.none(),
        work_date=st.just(date(2026, 1, 1)),
        original_month=st.sampled_from(["2026-01", "2026-02", "2026-03"]),
        worked_minutes=st.integers(-600, 600),
        rate_cents_per_hour=st.just(80),
        amount_cents=st.integers(-800, 800),
    ),
    max_size=30,
)


@given(open_lines)
def test_statements_hold_each_due_line_once(lines: list[OpenLine]) -> None:
    counter = iter(range(10**6))
    statements = issue("2026-02", lines, lambda: str(next(counter)))
    due = [ln for ln in lines if ln.original_month <= "2026-02"]
    assert sorted(ln.line_no for s in statements for ln in s.lines) == sorted(
        ln.line_no for ln in due
    )
    assert sum(s.total_cents for s in statements) == sum(ln.amount_cents for ln in due)
    assert len({s.participant_ref for s in statements}) == len(statements)
    for s in statements:
        payload = statement_issued_payload(s)
        assert payload["total_cents"] == s.total_cents
        assert payload["lines"] == len(s.lines)
        assert payload["corrections_cents"] == sum(
            ln.amount_cents for ln in s.lines if ln.original_month == "2026-01"
        )


async def test_concurrent_closes_issue_once(service, request) -> None:
    if "sqlite" in request.node.name:
        pytest.skip("SQLite serialises writers by locking the file; PostgreSQL is the case")
    runtime, client = service
    start = started(*ids(), start=date(2026, 8, 1))
    await apply(runtime, start, hours(start, date(2026, 8, 3), 60))
    results = await asyncio.gather(*(client.post("/months/2026-08/close") for _ in range(4)))
    bodies = [r.json() for r in results]
    assert all(r.status_code == 200 for r in results), bodies
    assert sorted(b["closed_now"] for b in bodies) == [False, False, False, True]
    assert {(b["statements"], b["total_cents"]) for b in bodies} == {(1, 80)}
