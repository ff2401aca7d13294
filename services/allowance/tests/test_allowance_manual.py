"""Manual lines: entered by one person, approved by another, only approved ones count."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from gemeinwerk_contracts.vocabulary import LegalBasis

sys.path.insert(0, str(Path(__file__).parent))
from helpers import MUNICIPALITY, auth, hours, started
from test_allowance_ledger import apply, get, ids, service

__all__ = ["service"]


async def test_four_eyes_and_only_approved_lines_count(service) -> None:
    runtime, client = service
    secret = runtime.settings.auth_dev_secret.get_secret_value()
    anna = auth(secret, subject="anna", role="case_worker", scope=MUNICIPALITY)
    ben = auth(secret, subject="ben", role="coordinator")
    carl = auth(secret, subject="carl", role="coordinator")
    start = started(*ids())
    await apply(runtime, start, hours(start, date(2026, 11, 2), 60))
    body = {
        "placement_id": str(start.placement_id),
        "expense_date": "2026-11-03",
        "amount_cents": 2_350,
        "receipt_reference": "Beleg 2026-117 (Arbeitsschuhe)",
        "description": "Sicherheitsschuhe",
    }
    response = await client.post("/manual-lines", json=body, headers=anna)
    assert response.status_code == 201, response.text
    request_id = response.json()["request_id"]
    assert response.json()["status"] == "requested"
    url = f"/participants/{start.participant_ref}/allowance"
    assert (await get(client, url, month="2026-11"))["total_cents"] == 80  # not yet
    # Ben enters one himself and may not approve it.
    own = (await client.post("/manual-lines", json=body, headers=ben)).json()["request_id"]
    refused = await client.post(f"/manual-lines/{own}/approve", headers=ben)
    assert refused.status_code == 403
    assert "Vier-Augen-Prinzip" in refused.json()["detail"][0]["msg"]
    # A case worker may not approve at all; Ben approves Anna's line.
    assert (
        await client.post(f"/manual-lines/{request_id}/approve", headers=anna)
    ).status_code == 403
    approved = await client.post(f"/manual-lines/{request_id}/approve", headers=ben)
    assert approved.status_code == 200, approved.text
    assert (approved.json()["status"], approved.json()["approved_by"]) == ("approved", "ben")
    again = await client.post(f"/manual-lines/{request_id}/approve", headers=carl)
    assert again.status_code == 409
    totals = await get(client, url, month="2026-11")
    assert (totals["total_cents"], totals["worked_minutes"], totals["lines"]) == (2_430, 60, 2)
    lines = (await get(client, url + "/lines", month="2026-11"))["lines"]
    assert [(ln["kind"], ln["amount_cents"]) for ln in lines] == [("hours", 80), ("manual", 2350)]
    read = await client.get(f"/manual-lines/{own}", headers=carl)
    assert read.json()["status"] == "requested"


async def test_manual_line_rules(service) -> None:
    runtime, client = service
    secret = runtime.settings.auth_dev_secret.get_secret_value()
    sgb2 = started(*ids(), legal_basis=LegalBasis.SGB2_16D)
    asyl = started(*ids())
    await apply(runtime, sgb2, asyl)
    body = {
        "placement_id": str(sgb2.placement_id),
        "expense_date": "2026-11-03",
        "amount_cents": 100,
        "receipt_reference": "B-1",
    }
    response = await client.post("/manual-lines", json=body)
    assert response.status_code == 422 and "§ 5 Abs. 2 AsylbLG" in response.text
    blank = {**body, "placement_id": str(asyl.placement_id), "receipt_reference": "  "}
    response = await client.post("/manual-lines", json=blank)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "receipt_reference"
    other_town = auth(secret, subject="x", role="case_worker", scope="03459001")
    ok = {**blank, "receipt_reference": "B-2"}
    assert (await client.post("/manual-lines", json=ok, headers=other_town)).status_code == 422
    provider = auth(secret, subject="p", role="provider_staff", scope="*")
    assert (await client.post("/manual-lines", json=ok, headers=provider)).status_code == 403
    assert (await client.post("/manual-lines/nope/approve")).status_code == 404
