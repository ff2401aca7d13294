"""Reversals and corrections: pure rule (hypothesis) and the store function on SQLite."""

from __future__ import annotations

import sys
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from allowance.domain.amount import amount_cents
from allowance.domain.corrections import correct, reverse
from allowance.domain.ledger import LedgerLine
from allowance.domain.rates import RateTable
from allowance.store.adjustments import UnknownEntry, correct_entry
from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
from helpers import hours, started
from test_allowance_ledger import apply, get, ids, service

__all__ = ["service"]


def line(entry: int, minutes: int, rate: int) -> LedgerLine:
    day = date(2026, 11, 1) + timedelta(days=entry % 28)
    return LedgerLine(
        entry_id=f"e{entry}",
        placement_id="pl",
        participant_ref="ref",
        provider_id="prov",
        municipality_key="03459004",
        legal_basis="asylblg_5",
        work_date=day,
        month="2026-11",
        worked_minutes=minutes,
        rate_cents_per_hour=rate,
        amount_cents=amount_cents(minutes, rate),
    )


entries = st.lists(
    st.tuples(st.integers(1, 720), st.sampled_from([80, 105, 150, 200])), min_size=1, max_size=20
)
corrections = st.lists(st.tuples(st.integers(0, 100), st.integers(0, 720)), max_size=40)


@given(entries, corrections)
def test_ledger_total_equals_total_of_final_minutes(
    entries: list[tuple[int, int]], corrections: list[tuple[int, int]]
) -> None:
    ledger: list[LedgerLine] = []
    originals = [line(i, minutes, rate) for i, (minutes, rate) in enumerate(entries)]
    ledger.extend(originals)
    in_force: list[LedgerLine | None] = list(originals)
    final = [minutes for minutes, _ in entries]
    for index, minutes in corrections:
        i = index % len(entries)
        before = list(ledger)
        appended = correct(originals[i], in_force[i], minutes).lines()
        ledger.extend(appended)
        assert ledger[: len(before)] == before  # append-only: nothing edited
        if appended:
            in_force[i] = appended[-1] if appended[-1].worked_minutes > 0 else None
        final[i] = minutes
    expected = sum(amount_cents(m, rate) for m, (_, rate) in zip(final, entries, strict=True))
    assert sum(ln.amount_cents for ln in ledger) == expected
    assert sum(ln.worked_minutes for ln in ledger) == sum(final)
    assert all((ln.amount_cents < 0) <= (ln.worked_minutes < 0) for ln in ledger)


def test_correction_shapes() -> None:
    first = line(1, 60, 80)
    fix = correct(first, first, 45)
    assert fix.reversal == reverse(first) and fix.reversal.amount_cents == -80
    assert fix.new_line is not None and fix.new_line.amount_cents == 60
    withdrawal = correct(first, fix.new_line, 0)
    assert withdrawal.new_line is None and withdrawal.reversal is not None
    assert withdrawal.reversal.amount_cents == -60
    restored = correct(first, None, 30)
    assert restored.reversal is None and restored.new_line is not None
    assert correct(first, first, 60).lines() == []
    assert correct(first, None, 0).lines() == []
    with pytest.raises(ValueError):
        correct(first, first, -1)


@given(
    st.lists(
        st.tuples(st.dates(), st.integers(0, 1000)),
        min_size=1,
        max_size=8,
        unique_by=lambda s: s[0],
    ),
    st.dates(),
)
def test_rate_of_the_work_date(steps: list[tuple[date, int]], day: date) -> None:
    table = RateTable({"x": tuple(sorted(steps))})
    in_force = [cents for valid_from, cents in sorted(steps) if valid_from <= day]
    if in_force:
        assert table.rate_for("x", day) == in_force[-1]
    else:
        with pytest.raises(LookupError):
            table.rate_for("x", day)


async def test_store_corrections_reverse_and_rebook(service) -> None:
    runtime, client = service
    start = started(*ids())
    entry = hours(start, date(2026, 11, 2), 60)
    await apply(runtime, start, entry)
    entry_id = str(entry.entry_id)
    steps = [("c1", 45), ("c1", 45), ("c2", 0), ("c3", 30), ("c2", 0), ("c4", 30)]
    async with runtime.uow() as uow:
        results = [await correct_entry(uow.session, c, entry_id, m) for c, m in steps]
        with pytest.raises(UnknownEntry):
            await correct_entry(uow.session, "c9", str(uuid.uuid4()), 10)
        await uow.commit()
    # c1 again and c2 again are no-ops (None); c4 (same minutes as in force) appends nothing
    assert [r is None for r in results] == [False, True, False, False, True, False]
    assert results[-1] is not None and results[-1].lines() == []
    url = f"/participants/{start.participant_ref}/allowance"
    body = await get(client, url, month="2026-11")
    assert (body["total_cents"], body["worked_minutes"]) == (40, 30)
    lines = (await get(client, url + "/lines", month="2026-11"))["lines"]
    assert [(ln["kind"], ln["amount_cents"]) for ln in lines] == [
        ("hours", 80),
        ("reversal", -80),
        ("correction", 60),
        ("reversal", -60),
        ("correction", 40),
    ]
