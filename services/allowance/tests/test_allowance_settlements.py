"""Who pays (payer steps) and variant (b): provider settlements with CSV and PDF, the
PaymentRunCompleted event, idempotency and reconciliation."""

from __future__ import annotations

import asyncio
import io
import json
import sys
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from allowance.domain.settlements import (
    Part,
    PayerNotAllowed,
    PayerStep,
    Settlement,
    check_new_step,
    effective_payer,
    euro,
    hours,
    month_name,
    settle,
    settlement_csv,
    settlement_html,
)
from chassis.store.tables import outbox_table
from gemeinwerk_contracts.vocabulary import PaymentPayer
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).parent))
from helpers import auth, corrected, started
from helpers import hours as hours_event
from test_allowance_ledger import apply, get, ids, service

__all__ = ["service"]

DISTRICT, PROVIDER = PaymentPayer.DISTRICT, PaymentPayer.PROVIDER
COMPLETED = "de.gemeinwerk.allowance.payment-run-completed.v1"


# --- pure rules -------------------------------------------------------------------------


def test_german_amounts_and_hours() -> None:
    assert [euro(c) for c in (0, 5, 80, 123456, -5, -123456)] == [
        "0,00",
        "0,05",
        "0,80",
        "1.234,56",
        "-0,05",
        "-1.234,56",
    ]
    assert euro(123456789, thousands=False) == "1234567,89"
    assert [hours(m) for m in (0, 1, 59, 60, 450, -90)] == [
        "0:00",
        "0:01",
        "0:59",
        "1:00",
        "7:30",
        "-1:30",
    ]
    assert month_name("2026-11") == "November 2026" and month_name("2026-03") == "März 2026"


def test_effective_payer() -> None:
    steps = [PayerStep("2026-03", PROVIDER), PayerStep("2026-07", DISTRICT)]
    assert effective_payer("2026-02", steps, DISTRICT) is DISTRICT  # before any step: default
    assert effective_payer("2026-02", steps, PROVIDER) is PROVIDER
    assert effective_payer("2026-03", steps, DISTRICT) is PROVIDER
    assert effective_payer("2026-06", steps, DISTRICT) is PROVIDER
    assert effective_payer("2026-07", steps, PROVIDER) is DISTRICT
    # A month already paid stays paid the way it was, whatever the steps say later.
    assert effective_payer("2026-07", steps, DISTRICT, paid_by=PROVIDER) is PROVIDER
    check_new_step("2026-05", None)
    check_new_step("2026-05", "2026-04")
    for bad in ("2026-04", "2026-01"):
        with pytest.raises(PayerNotAllowed, match="2026-04"):
            check_new_step(bad, "2026-04")


def counter() -> object:
    numbers = iter(range(1, 1000))
    return lambda: f"s{next(numbers)}"


def test_settle_groups_by_provider_and_offsets_negative_parts() -> None:
    parts = [
        Part("st1", "ref-a", "prov-1", 60, 80),
        Part("st2", "ref-b", "prov-1", -15, -20),  # a correction: offset against prov-1
        Part("st1", "ref-a", "prov-2", 30, 40),
        Part("st3", "ref-c", "prov-3", -60, -80),  # prov-3 nets negative: carried over
        Part("st4", "ref-d", "prov-4", 0, 0),  # nets zero: nothing to settle
    ]
    settled, left = settle("2026-09", parts, counter())  # type: ignore[arg-type]
    assert [(s.provider_id, s.total_cents, s.worked_minutes, s.participants) for s in settled] == [
        ("prov-1", 60, 45, 2),
        ("prov-2", 40, 30, 1),
    ]
    assert [s.settlement_id for s in settled] == ["s1", "s2"]
    assert sorted(p.provider_id for p in left) == ["prov-3", "prov-4"]


part_strategy = st.builds(
    Part,
    statement_id=st.sampled_from([f"st{i}" for i in range(6)]),
    participant_ref=st.sampled_from(["a", "b", "c"]),
    provider_id=st.sampled_from(["p1", "p2", "p3"]),
    worked_minutes=st.integers(-600, 600),
    amount_cents=st.integers(-1000, 1000),
)


@given(st.lists(part_strategy, max_size=30))
def test_settle_neither_loses_nor_doubles_a_cent(parts: list[Part]) -> None:
    # Parts are unique per (statement, provider), as in the store.
    unique = list({(p.statement_id, p.provider_id): p for p in parts}.values())
    settled, left = settle("2026-09", unique, counter())  # type: ignore[arg-type]
    assert sum(s.total_cents for s in settled) + sum(p.amount_cents for p in left) == sum(
        p.amount_cents for p in unique
    )
    placed = [p for s in settled for p in s.parts] + left
    assert sorted(placed, key=repr) == sorted(unique, key=repr)  # each part exactly once
    assert all(s.total_cents > 0 for s in settled)
    assert len({s.provider_id for s in settled}) == len(settled)  # one per provider
    for provider in {p.provider_id for p in left}:
        assert sum(p.amount_cents for p in left if p.provider_id == provider) <= 0


def test_settlement_csv_is_excel_friendly() -> None:
    s = Settlement(
        "sid",
        "2026-09",
        "prov-1",
        (Part("st1", "ref-a", "prov-1", 450, 123456), Part("st2", "ref-b", "prov-1", -15, -20)),
    )
    text = settlement_csv(s)
    assert text.startswith("\ufeff")
    assert text[1:].split("\r\n") == [
        "Monat;Träger;Teilnehmer-Referenz;Bescheid;Minuten;Stunden (Std:Min);Betrag (EUR)",
        "2026-09;prov-1;ref-a;st1;450;7:30;1234,56",
        "2026-09;prov-1;ref-b;st2;-15;-0:15;-0,20",
        "2026-09;prov-1;Summe;;435;7:15;1234,36",
        "",
    ]
    html = settlement_html(s, "Landkreis <Test>", datetime(2026, 10, 31, 23, 30, tzinfo=UTC))
    assert "Landkreis &lt;Test&gt;" in html and "01.11.2026" in html  # Europe/Berlin date
    assert "1.234,36 €" in html and "September 2026" in html


# --- through the API (SQLite and PostgreSQL) ---------------------------------------------


async def run(client, month: str, path: str = "payment-runs", status: int = 201) -> dict:
    response = await client.post(f"/months/{month}/{path}")
    assert response.status_code == status, response.text
    return response.json()


async def completed_events(runtime) -> list[dict]:
    """Payloads of the PaymentRunCompleted rows in the outbox."""
    async with runtime.uow() as uow:
        rows = await uow.session.execute(
            select(outbox_table.c.payload, outbox_table.c.partition_key)
            .where(outbox_table.c.event_type == COMPLETED)
            .order_by(outbox_table.c.seq)
        )
        found = []
        for payload, key in rows:
            event = json.loads(payload)
            assert key == event["month"]
            found.append(event)
    return found


async def test_provider_settlements(service) -> None:
    runtime, client = service
    secret = runtime.settings.auth_dev_secret.get_secret_value()
    prov_a, prov_b = uuid.uuid4(), uuid.uuid4()
    ref1, ref2, ref3 = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    sept = date(2026, 9, 1)
    p1a = started(ref1, uuid.uuid4(), prov_a, start=sept)
    p1b = started(ref1, uuid.uuid4(), prov_b, start=sept)  # ref1 works at both providers
    p2a = started(ref2, uuid.uuid4(), prov_a, start=sept)
    p3b = started(ref3, uuid.uuid4(), prov_b, start=sept)
    e1a = hours_event(p1a, date(2026, 9, 7), 60)  # 80 ct
    e1b = hours_event(p1b, date(2026, 9, 8), 30)  # 40 ct
    e2a = hours_event(p2a, date(2026, 9, 9), 45)  # 60 ct
    e3b = hours_event(p3b, date(2026, 9, 10), 15)  # 20 ct
    await apply(runtime, p1a, p1b, p2a, p3b)
    await apply(runtime, e1a, e1b, e2a, e3b)

    # Who pays: a step from September on; the default (district) before it.
    step = await client.post("/payer-steps", json={"valid_from": "2026-09", "payer": "provider"})
    assert step.status_code == 201, step.text
    same = await client.post("/payer-steps", json={"valid_from": "2026-09", "payer": "provider"})
    assert same.status_code == 200
    other = await client.post("/payer-steps", json={"valid_from": "2026-09", "payer": "district"})
    assert other.status_code == 409
    bad = await client.post("/payer-steps", json={"valid_from": "2026-13", "payer": "provider"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "valid_from"
    worker = auth(secret, role="case_worker")
    denied = await client.post(
        "/payer-steps", json={"valid_from": "2027-01", "payer": "provider"}, headers=worker
    )
    assert denied.status_code == 403
    payer = await get(client, "/payer", month="2026-09")
    assert (payer["payer"], payer["default"], len(payer["steps"])) == ("provider", "district", 1)
    assert (await get(client, "/payer", month="2026-08"))["payer"] == "district"

    await run(client, "2026-09", "settlements", status=409)  # month still open
    assert (await client.post("/months/2026-09/close")).status_code == 200
    first = await run(client, "2026-09")
    assert (first["payer"], first["payments"], first["paid_cents"]) == ("provider", 2, 200)
    assert (first["carried_over_cents"], first["sepa_transfers"], first["cash_or_card"]) == (
        0,
        0,
        0,
    )
    by_provider = {s["provider_id"]: s for s in first["settlements"]}
    assert {k: (v["total_cents"], v["participants"]) for k, v in by_provider.items()} == {
        str(prov_a): (140, 2),
        str(prov_b): (60, 2),
    }
    again = await run(client, "2026-09", "settlements", status=200)
    assert (again["payments"], again["paid_cents"], again["settlements"]) == (0, 0, [])
    fetched = await get(client, f"/payment-runs/{first['payment_run_id']}")
    assert len(fetched["settlements"]) == 2 and fetched["payer"] == "provider"

    listed = await get(client, "/months/2026-09/settlements")
    assert sorted(s["total_cents"] for s in listed["settlements"]) == [60, 140]
    a_id = by_provider[str(prov_a)]["settlement_id"]
    detail = await get(client, f"/settlements/{a_id}")
    assert sorted((p["participant_ref"], p["amount_cents"]) for p in detail["parts"]) == sorted(
        [(str(ref1), 80), (str(ref2), 60)]
    )
    csv = await client.get(f"/settlements/{a_id}/settlement.csv")
    assert csv.status_code == 200 and csv.content.startswith(b"\xef\xbb\xbf")
    rows = csv.content.decode("utf-8-sig").splitlines()
    assert rows[0].split(";")[0:3] == ["Monat", "Träger", "Teilnehmer-Referenz"]
    assert rows[-1] == f"2026-09;{prov_a};Summe;;105;1:45;1,40"
    pdf = await client.get(f"/settlements/{a_id}/settlement.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(pdf.content)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "September 2026" in text and "1,40 €" in text and str(ref2) in text

    # Provider staff see their own provider's settlement only; case workers none.
    staff_a = auth(secret, role="provider_staff", scope=str(prov_a))
    own = await client.get("/months/2026-09/settlements", headers=staff_a)
    assert [s["provider_id"] for s in own.json()["settlements"]] == [str(prov_a)]
    b_id = by_provider[str(prov_b)]["settlement_id"]
    assert (await client.get(f"/settlements/{b_id}", headers=staff_a)).status_code == 404
    assert (await client.get(f"/settlements/{a_id}/settlement.csv", headers=staff_a)).is_success
    assert (await client.get(f"/settlements/{a_id}", headers=worker)).status_code == 403
    assert (await client.get("/settlements/unknown")).status_code == 404

    # A month once paid is paid one way: no payer step on or before it any more.
    late = await client.post("/payer-steps", json={"valid_from": "2026-09", "payer": "district"})
    assert late.status_code == 409  # the same month has a step already
    earlier = await client.post("/payer-steps", json={"valid_from": "2026-08", "payer": "district"})
    assert earlier.status_code == 422 and "2026-09" in earlier.json()["detail"][0]["msg"]

    # October: ref3's September entry at provider B is withdrawn (a correction on October's
    # statement, -20 ct); B has nothing else, so B nets negative and is carried over.
    await apply(runtime, corrected(e3b, 0), hours_event(p1a, date(2026, 10, 5), 60))
    assert (await client.post("/months/2026-10/close")).status_code == 200
    october = await run(client, "2026-10")
    assert (october["payments"], october["paid_cents"], october["carried_over_cents"]) == (
        1,
        80,
        -20,
    )
    assert october["settlements"][0]["provider_id"] == str(prov_a)
    reconciliation = await get(client, "/months/2026-10/reconciliation")
    assert (reconciliation["statement_total_cents"], reconciliation["paid_cents"]) == (60, 80)
    assert (reconciliation["carried_over_cents"], reconciliation["balanced"]) == (-20, True)
    september = await get(client, "/months/2026-09/reconciliation")
    assert (september["paid_cents"], september["carried_over_cents"]) == (200, 0)

    # One PaymentRunCompleted per run, its figures those of the reconciliation.
    events = await completed_events(runtime)
    assert sorted(
        (e["month"], e["payer"], e["payments"], e["paid_cents"], e["carried_over_cents"])
        for e in events
    ) == [
        ("2026-09", "provider", 0, 0, 0),
        ("2026-09", "provider", 2, 200, 0),
        ("2026-10", "provider", 1, 80, -20),
    ]


async def test_payer_decides_the_run(service) -> None:
    runtime, client = service
    person = started(*ids(), start=date(2026, 9, 1))
    await apply(runtime, person, hours_event(person, date(2026, 9, 7), 60))
    assert (await client.post("/months/2026-09/close")).status_code == 200
    mismatch = await client.post("/months/2026-09/settlements")  # district pays (default)
    assert mismatch.status_code == 409
    assert mismatch.json()["detail"][0]["type"] == "payer_mismatch"
    ref = str(person.participant_ref)
    await client.put(f"/participants/{ref}/payment-method", json={"method": "cash"})
    direct = await run(client, "2026-09")
    assert (direct["payer"], direct["payments"], direct["carried_over_cents"]) == (
        "district",
        1,
        0,
    )
    # Entering "provider from September" afterwards is refused: September was paid directly.
    late = await client.post("/payer-steps", json={"valid_from": "2026-09", "payer": "provider"})
    assert late.status_code == 422
    events = await completed_events(runtime)
    assert [(e["payer"], e["paid_cents"]) for e in events] == [("district", 80)]


@pytest.mark.parametrize("payer", ["district", "provider"])
async def test_concurrent_runs_pay_once_and_agree_with_reconciliation(
    service, request, payer: str
) -> None:
    if "sqlite" in request.node.name:
        pytest.skip("SQLite serialises writers by locking the file; PostgreSQL is the case")
    runtime, client = service
    people = [started(*ids(), start=date(2026, 9, 1)) for _ in range(3)]
    await apply(runtime, *people)
    await apply(runtime, *(hours_event(p, date(2026, 9, 7), 60) for p in people))
    step = await client.post("/payer-steps", json={"valid_from": "2026-09", "payer": payer})
    assert step.status_code == 201
    for p in people:
        await client.put(
            f"/participants/{p.participant_ref}/payment-method", json={"method": "cash"}
        )
    assert (await client.post("/months/2026-09/close")).status_code == 200
    results = await asyncio.gather(*(client.post("/months/2026-09/payment-runs") for _ in range(4)))
    bodies = [r.json() for r in results]
    assert sorted(r.status_code for r in results) == [200, 200, 200, 201], bodies
    assert sum(b["paid_cents"] for b in bodies) == 240
    # Runs of one month take turns: each one's carried-over figure is the reconciliation's.
    assert {b["carried_over_cents"] for b in bodies} == {0}
    reconciliation = await get(client, "/months/2026-09/reconciliation")
    assert (reconciliation["paid_cents"], reconciliation["carried_over_cents"]) == (240, 0)
    events = await completed_events(runtime)
    assert sorted(e["paid_cents"] for e in events) == [0, 0, 0, 240]
