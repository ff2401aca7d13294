"""GET /kpis over a SQLite store (no Kafka: the app runs without its lifespan)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from chassis.auth import Principal, Role, issue_dev_token
from chassis.store.migrations import upgrade
from gemeinwerk_contracts import HoursLogged, PlacementStarted
from gemeinwerk_contracts.vocabulary import LegalBasis, OpportunityCategory, ProviderKind
from reporting.app import MIGRATIONS, build
from reporting.domain.months import Month, berlin_today
from reporting.settings import Settings


@pytest.fixture
async def client(tmp_path: Path, apply_events) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'api.db'}")
    runtime, app = build(settings)
    await upgrade(runtime.database, MIGRATIONS)
    ref, pid = uuid.uuid4(), uuid.uuid4()
    start = PlacementStarted(
        participant_ref=ref,
        placement_id=pid,
        opportunity_id=uuid.uuid4(),
        provider_id=uuid.uuid4(),
        provider_kind=ProviderKind.MUNICIPAL,
        municipality_key="03459004",
        legal_basis=LegalBasis.ASYLBLG_5,
        start_date=date(2026, 2, 2),
        hours_per_week=Decimal("15"),
        category=OpportunityCategory.FOOD_BANK,
    )
    hours = HoursLogged(
        participant_ref=ref,
        entry_id=uuid.uuid4(),
        placement_id=pid,
        provider_id=start.provider_id,
        work_date=date(2026, 2, 3),
        worked_minutes=750,
    )
    await apply_events(runtime.database, [start, hours])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://reporting") as http:
        yield http
    await runtime.database.dispose()


async def test_kpis_for_a_range(client: httpx.AsyncClient) -> None:
    response = await client.get("/kpis", params={"from": "2026-01", "to": "2026-03"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["as_of"] == berlin_today().isoformat()
    assert body["active_placements"] == 1
    assert [m["month"] for m in body["months"]] == ["2026-01", "2026-02", "2026-03"]
    feb = body["months"][1]
    assert feb == {
        "month": "2026-02",
        "placements_started": 1,
        "placements_ended": 0,
        "active_at_month_end": 1,
        "hours_worked": "12.50",
        "worked_minutes": 750,
        "refusals": 0,
        "refusals_unjustified": 0,
        "allowance_cents": 0,
    }


async def test_defaults_and_filters(client: httpx.AsyncClient) -> None:
    body = (await client.get("/kpis")).json()
    this_month = Month.of(berlin_today())
    assert [m["month"] for m in body["months"]][-1] == str(this_month)
    assert len(body["months"]) == 12
    other = await client.get(
        "/kpis", params={"from": "2026-02", "to": "2026-02", "legal_basis": "sgb2_16d"}
    )
    assert other.json()["months"][0]["worked_minutes"] == 0
    same = await client.get(
        "/kpis", params={"from": "2026-02", "to": "2026-02", "municipality_key": "03459004"}
    )
    assert same.json()["months"][0]["worked_minutes"] == 750


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2026-05", "to": "2026-04"}, "from"),
        ({"from": "2026-5"}, "from"),
        ({"to": "2026-13"}, "to"),
        ({"from": "1990-01", "to": "2026-01"}, "from"),
    ],
)
async def test_bad_months_are_422_with_field(
    client: httpx.AsyncClient, params: dict[str, str], field: str
) -> None:
    response = await client.get("/kpis", params=params)
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"][-1] == field
    assert detail["msg"]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"legal_basis": "sgb12"}, "legal_basis"), ({"municipality_key": "123"}, "municipality_key")],
)
async def test_bad_filters_are_422(
    client: httpx.AsyncClient, params: dict[str, str], field: str
) -> None:
    response = await client.get("/kpis", params=params)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == field


async def test_scope_of_the_caller(client: httpx.AsyncClient) -> None:
    secret = Settings().auth_dev_secret.get_secret_value()

    def bearer(principal: Principal) -> dict[str, str]:
        return {"Authorization": f"Bearer {issue_dev_token(principal, secret)}"}

    provider = Principal(subject="p", role=Role.PROVIDER_STAFF, scope=str(uuid.uuid4()))
    assert (await client.get("/kpis", headers=bearer(provider))).status_code == 403
    worker = Principal(subject="w", role=Role.CASE_WORKER, scope="03459008")
    params = {"from": "2026-02", "to": "2026-02"}
    own = await client.get("/kpis", params=params, headers=bearer(worker))
    assert own.status_code == 200
    assert own.json()["months"][0]["placements_started"] == 0  # only its own municipality
    other = {**params, "municipality_key": "03459004"}
    assert (await client.get("/kpis", params=other, headers=bearer(worker))).status_code == 403
