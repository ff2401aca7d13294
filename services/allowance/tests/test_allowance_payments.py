"""Payment runs (variant a: the district pays): bank details, SEPA pain.001 validated
against the XSD sepaxml ships, the cash/Bezahlkarte list, idempotency, reconciliation."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
import sepaxml
import xmlschema
from allowance.domain.payments import InvalidBankDetails, Method, validated
from allowance.store.tables import payment_table
from chassis.store.tables import outbox_table
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).parent))
from helpers import auth, hours, started
from test_allowance_ledger import apply, get, ids, service

__all__ = ["service"]

IBAN_A = "DE89370400440532013000"
IBAN_B = "DE02120300000000202051"
XSD = Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.03.xsd"


def test_iban_validation() -> None:
    ok = validated("r", Method.SEPA, "de89 3704 0044 0532 0130 00", " Anna Müller ")
    assert (ok.iban, ok.bic, ok.account_holder) == (IBAN_A, "COBADEFFXXX", "Anna Müller")
    for bad in ("DE89370400440532013001", "DE8937040044053201300", "XX00", ""):
        with pytest.raises(InvalidBankDetails) as caught:
            validated("r", Method.SEPA, bad, "Anna")
        assert caught.value.field == "iban"
    with pytest.raises(InvalidBankDetails) as caught:
        validated("r", Method.SEPA, IBAN_A, " ")
    assert caught.value.field == "account_holder"
    assert validated("r", Method.CASH, "anything", "x").iban is None


async def put_method(client, ref, **body) -> None:
    response = await client.put(f"/participants/{ref}/payment-method", json=body)
    assert response.status_code == 200, response.text


async def test_payment_run_pays_each_statement_once(service) -> None:
    runtime, client = service
    secret = runtime.settings.auth_dev_secret.get_secret_value()
    people = [started(*ids(), start=date(2026, 9, 1)) for _ in range(5)]
    minutes = [60, 45, 15, 30, 1]  # 80, 60, 20, 40, 1 cents at 80 ct/h
    await apply(runtime, *people)
    await apply(
        runtime, *(hours(p, date(2026, 9, 7), m) for p, m in zip(people, minutes, strict=True))
    )
    a, b, c, d, e = (str(p.participant_ref) for p in people)

    assert (await client.post("/months/2026-09/payment-runs")).status_code == 409  # open
    assert (await client.post("/months/2026-09/close")).status_code == 200

    bad = await client.put(
        f"/participants/{a}/payment-method",
        json={"method": "sepa", "iban": "DE89370400440532013001", "account_holder": "A"},
    )
    assert bad.status_code == 422
    detail = bad.json()["detail"][0]
    assert detail["loc"][-1] == "iban" and "Ungültige IBAN" in detail["msg"]
    worker = auth(secret, role="case_worker")
    forbidden = await client.put(
        f"/participants/{a}/payment-method", json={"method": "cash"}, headers=worker
    )
    assert forbidden.status_code == 403
    await put_method(client, a, method="sepa", iban=IBAN_A, account_holder="Anna Müller")
    await put_method(client, b, method="sepa", iban=IBAN_B, account_holder="Bülent Yıldız")
    await put_method(client, c, method="cash")
    await put_method(client, d, method="bezahlkarte")
    # e has no payment method yet: carried over.

    first = await client.post("/months/2026-09/payment-runs")
    assert first.status_code == 201, first.text
    run = first.json()
    assert (run["payments"], run["paid_cents"], run["sepa_transfers"]) == (4, 200, 2)
    assert (run["cash_or_card"], run["without_method"]) == (2, 1)
    assert (run["payer"], run["carried_over_cents"], run["settlements"]) == ("district", 1, [])
    fetched = await get(client, f"/payment-runs/{run['payment_run_id']}")
    assert {**fetched, "created_at": None} == {**run, "created_at": None}  # SQLite drops tz

    xml = (await client.get(f"/payment-runs/{run['payment_run_id']}/sepa.xml")).content
    xmlschema.XMLSchema(str(XSD)).validate(xml.decode())  # raises when invalid
    assert IBAN_A.encode() in xml and b"<CtrlSum>1.40</CtrlSum>" in xml
    csv = (await client.get(f"/payment-runs/{run['payment_run_id']}/cash.csv")).content
    assert csv.startswith(b"\xef\xbb\xbf")
    text = csv.decode("utf-8-sig").splitlines()
    assert text[0] == "Monat;Teilnehmer-Referenz;Bescheid;Zahlungsart;Betrag (EUR)"
    assert sorted(line.split(";")[3:] for line in text[1:]) == [
        ["Bar", "0,20"],
        ["Bezahlkarte", "0,40"],
    ]

    reconciliation = await get(client, "/months/2026-09/reconciliation")
    assert (reconciliation["statement_total_cents"], reconciliation["paid_cents"]) == (201, 200)
    assert (reconciliation["carried_over_cents"], reconciliation["balanced"]) == (1, True)

    again = await client.post("/months/2026-09/payment-runs")
    assert again.status_code == 200 and again.json()["payments"] == 0
    second = again.json()["payment_run_id"]
    assert (await client.get(f"/payment-runs/{second}/sepa.xml")).status_code == 204

    await put_method(client, e, method="cash")
    last = await client.post("/months/2026-09/payment-runs")
    assert (last.json()["payments"], last.json()["paid_cents"]) == (1, 1)
    assert last.json()["carried_over_cents"] == 0
    reconciliation = await get(client, "/months/2026-09/reconciliation")
    assert (reconciliation["paid_cents"], reconciliation["carried_over_cents"]) == (201, 0)

    async with runtime.uow() as uow:
        paid = (await uow.session.execute(select(payment_table.c.statement_id))).scalars().all()
        outbox = (await uow.session.execute(select(outbox_table))).all()
    assert len(paid) == len(set(paid)) == 5
    # Bank details never leave the service: no IBAN and no holder in any event/outbox row.
    assert outbox
    dumped = " ".join(repr(tuple(row)) for row in outbox)
    for secret_value in (IBAN_A, IBAN_B, "Anna", "Bülent", "COBADEFFXXX"):
        assert secret_value not in dumped
    assert (await client.get("/payment-runs/unknown")).status_code == 404
    assert (await client.post("/months/2026-09/payment-runs", headers=worker)).status_code == 403
