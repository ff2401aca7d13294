"""Rate tables in the store: GET/POST /rates and the ledger using the rate of the store."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from gemeinwerk_contracts.vocabulary import LegalBasis

sys.path.insert(0, str(Path(__file__).parent))
from helpers import auth, hours, started
from test_allowance_ledger import apply, get, ids, service

__all__ = ["service"]


async def test_seeded_rates(service) -> None:
    _, client = service
    rates = (await get(client, "/rates"))["rates"]
    assert [(r["scheme"], r["valid_from"], r["cents_per_hour"]) for r in rates] == [
        ("asylblg_5", "0001-01-01", 105),
        ("asylblg_5", "2016-08-06", 80),
        ("sgb2_16d", "0001-01-01", 120),  # from the setting of the fixture
    ]


async def test_new_rate_applies_to_lines_booked_after_it(service) -> None:
    runtime, client = service
    start = started(*ids(), legal_basis=LegalBasis.SGB2_16D)
    await apply(runtime, start, hours(start, date(2026, 11, 2), 60))
    body = {"scheme": "sgb2_16d", "valid_from": "2026-11-03", "cents_per_hour": 200}
    response = await client.post("/rates", json=body)
    assert response.status_code == 201, response.text
    assert (await client.post("/rates", json=body)).status_code == 200  # same again: no-op
    other = {**body, "cents_per_hour": 190}
    assert (await client.post("/rates", json=other)).status_code == 409
    # The consumer (rates cached) sees the new rate in its next transaction.
    await apply(runtime, hours(start, date(2026, 11, 2), 60), hours(start, date(2026, 11, 3), 60))
    lines = (
        await get(client, f"/participants/{start.participant_ref}/allowance/lines", month="2026-11")
    )["lines"]
    assert sorted((ln["work_date"], ln["rate_cents_per_hour"]) for ln in lines) == [
        ("2026-11-02", 120),
        ("2026-11-02", 120),
        ("2026-11-03", 200),
    ]


async def test_rate_before_a_booked_work_date_is_refused(service) -> None:
    runtime, client = service
    start = started(*ids())
    await apply(runtime, start, hours(start, date(2026, 11, 10), 60))
    for day in ("2026-11-10", "2026-01-01"):
        response = await client.post(
            "/rates", json={"scheme": "asylblg_5", "valid_from": day, "cents_per_hour": 100}
        )
        assert response.status_code == 422
        (detail,) = response.json()["detail"]
        assert detail["loc"][-1] == "valid_from" and "10.11.2026" in detail["msg"]
    ok = {"scheme": "asylblg_5", "valid_from": "2026-11-11", "cents_per_hour": 100}
    assert (await client.post("/rates", json=ok)).status_code == 201
    # The booked line keeps its rate.
    lines = (
        await get(client, f"/participants/{start.participant_ref}/allowance/lines", month="2026-11")
    )["lines"]
    assert [ln["rate_cents_per_hour"] for ln in lines] == [80]


async def test_who_may_enter_rates(service) -> None:
    runtime, client = service
    secret = runtime.settings.auth_dev_secret.get_secret_value()
    body = {"scheme": "sgb2_16d", "valid_from": "2030-01-01", "cents_per_hour": 100}
    for role, scope in (("case_worker", "*"), ("coordinator", "03459004"), ("controller", "*")):
        headers = auth(secret, role=role, scope=scope)
        assert (await client.post("/rates", json=body, headers=headers)).status_code == 403
    assert (await client.get("/rates", headers=auth(secret, role="agency"))).status_code == 403
    unknown = {**body, "scheme": "volunteer"}
    response = await client.post("/rates", json=unknown)
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == "scheme"
    negative = {**body, "cents_per_hour": -1}
    assert (await client.post("/rates", json=negative)).status_code == 422
