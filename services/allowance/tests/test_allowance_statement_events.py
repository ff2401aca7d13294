"""AllowanceStatementIssued: one outbox row per statement in the closing transaction, none on
a second close; a HoursCorrected of a closed month reaches the next statement."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from allowance.store.tables import adjustment_table
from chassis.store.tables import outbox_table
from gemeinwerk_contracts import AllowanceStatementIssued, decode
from gemeinwerk_contracts.topics import ALLOWANCE_PUBLIC
from sqlalchemy import select

from chassis import ServiceRuntime

sys.path.insert(0, str(Path(__file__).parent))
from helpers import corrected, hours, started
from test_allowance_ledger import apply, get, ids, service
from test_allowance_statements import close

__all__ = ["service"]


async def issued(runtime: ServiceRuntime) -> list[tuple[str, AllowanceStatementIssued]]:
    """(ce_type, event) of every outbox row, in publication order."""
    async with runtime.uow() as uow:
        rows = (await uow.session.execute(select(outbox_table).order_by(outbox_table.c.seq))).all()
    found = []
    for row in rows:
        headers = [(name, value.encode()) for name, value in json.loads(row.headers)]
        envelope, event = decode(headers, row.payload)
        assert row.event_type == envelope.type and row.topic == ALLOWANCE_PUBLIC
        assert isinstance(event, AllowanceStatementIssued)
        assert row.partition_key == str(event.participant_ref)
        found.append((dict(headers)["ce_type"].decode(), event))
    return found


async def test_one_outbox_row_per_statement_and_none_on_a_second_close(service) -> None:
    runtime, client = service
    a, b = started(*ids(), start=date(2026, 9, 1)), started(*ids(), start=date(2026, 9, 1))
    await apply(runtime, a, b, hours(a, date(2026, 9, 7), 60), hours(b, date(2026, 9, 8), 30))
    await apply(runtime, hours(b, date(2026, 9, 9), 15))
    assert (await close(client, "2026-09"))["statements"] == 2
    rows = await issued(runtime)
    assert [ce_type for ce_type, _ in rows] == ["de.gemeinwerk.allowance.statement-issued.v1"] * 2
    statements = (await get(client, "/months/2026-09/statements"))["statements"]
    assert {(str(e.statement_id), str(e.participant_ref)) for _, e in rows} == {
        (s["statement_id"], s["participant_ref"]) for s in statements
    }
    by_ref = {str(e.participant_ref): e for _, e in rows}
    assert (by_ref[str(a.participant_ref)].total_cents, by_ref[str(b.participant_ref)].lines) == (
        80,
        2,
    )
    assert all(e.month == "2026-09" and e.corrections_cents == 0 for _, e in rows)

    assert (await close(client, "2026-09"))["closed_now"] is False
    assert len(await issued(runtime)) == 2  # closing again writes none
    assert (await close(client, "2026-10"))["statements"] == 0
    assert len(await issued(runtime)) == 2  # no statements, no events


async def test_correction_of_a_closed_month_goes_to_the_next_statement(service) -> None:
    runtime, client = service
    start = started(*ids(), start=date(2026, 9, 1))
    entry = hours(start, date(2026, 9, 7), 240)
    await apply(runtime, start, entry)
    await close(client, "2026-09")
    await apply(runtime, corrected(entry, 120))  # September is closed: nothing changes there
    sept = (await get(client, "/months/2026-09/statements"))["statements"]
    assert [s["total_cents"] for s in sept] == [320]
    async with runtime.uow() as uow:
        months = (await uow.session.execute(select(adjustment_table.c.month))).scalars().all()
    assert months == ["2026-09", "2026-09"]  # the ledger stays by work month

    october = await close(client, "2026-10")
    assert (october["statements"], october["total_cents"]) == (1, -160)
    (statement,) = (await get(client, "/months/2026-10/statements"))["statements"]
    assert statement["corrected_months"] == ["2026-09"]
    assert [
        (ln["kind"], ln["original_month"], ln["correction"], ln["amount_cents"])
        for ln in statement["lines"]
    ] == [
        ("reversal", "2026-09", True, -320),
        ("correction", "2026-09", True, 160),
    ]
    last = (await issued(runtime))[-1][1]
    assert (last.month, last.total_cents, last.corrections_cents, last.worked_minutes) == (
        "2026-10",
        -160,
        -160,
        -120,
    )
    assert last.corrected_months == ["2026-09"]
