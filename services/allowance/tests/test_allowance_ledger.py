"""The ledger consumer and the API on SQLite and PostgreSQL (no Kafka): handlers run as the
chassis runs them, one unit of work per batch; reads go through the HTTP API."""

from __future__ import annotations

import itertools
import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from allowance.app import MIGRATIONS, build, seed_rates
from allowance.settings import Settings
from chassis.auth import Principal, Role, issue_dev_token
from chassis.store.migrations import upgrade
from gemeinwerk_contracts import Event
from gemeinwerk_contracts.vocabulary import LegalBasis

from chassis import RejectEvent, ServiceRuntime

sys.path.insert(0, str(Path(__file__).parent))
from helpers import MUNICIPALITY, envelope, hours, sample, started

LINES = "gemeinwerk_allowance_ledger_lines_total"
CENTS = "gemeinwerk_allowance_booked_cents_total"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.integration)])
async def service(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[tuple[ServiceRuntime, httpx.AsyncClient]]:
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path}/allowance.db"
    else:
        url = request.getfixturevalue("postgres").create_database(f"al_{uuid.uuid4().hex[:8]}")
    settings = Settings(database_url=url, sgb2_16d_rate_cents_per_hour=120)
    runtime, app = build(settings)
    await upgrade(runtime.database, MIGRATIONS)
    await seed_rates(runtime)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://allowance") as client:
        yield runtime, client
    await runtime.database.dispose()


async def apply(runtime: ServiceRuntime, *events: Event) -> None:
    """Apply events in one transaction, as the chassis applies a batch: a run of consecutive
    events of a type with a batch handler goes to it at once, other events one by one."""
    subscription = runtime.subscriptions[0]
    handlers: dict[type, Callable[..., Awaitable[None]]] = subscription.handlers
    async with runtime.uow() as uow:
        for kind, group in itertools.groupby(events, key=type):
            run = [(envelope(event), event) for event in group]
            if kind in subscription.batch_handlers:
                await subscription.batch_handlers[kind](uow, run)
                continue
            for item in run:
                await handlers[kind](uow, *item)
        await uow.commit()


def ids() -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    return uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


async def get(client: httpx.AsyncClient, url: str, **params: Any) -> Any:
    response = await client.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()


async def test_books_lines_and_sums_a_month(service) -> None:
    runtime, client = service
    start = started(*ids())
    ref = str(start.participant_ref)
    november = [(date(2026, 11, d), m) for d, m in ((2, 60), (3, 15), (4, 1), (5, 2), (6, 450))]
    await apply(
        runtime,
        start,
        *(hours(start, day, minutes) for day, minutes in november),
        hours(start, date(2026, 12, 1), 45),
    )
    body = await get(client, f"/participants/{ref}/allowance", month="2026-11")
    assert body == {
        "participant_ref": ref,
        "month": "2026-11",
        "total_cents": 80 + 20 + 1 + 3 + 600,
        "worked_minutes": 528,
        "lines": 5,
    }
    lines = (await get(client, f"/participants/{ref}/allowance/lines", month="2026-11"))["lines"]
    assert [line["amount_cents"] for line in lines] == [80, 20, 1, 3, 600]
    assert {line["rate_cents_per_hour"] for line in lines} == {80}
    december = await get(client, f"/participants/{ref}/allowance", month="2026-12")
    assert (december["total_cents"], december["lines"]) == (60, 1)
    registry = runtime.metrics.registry
    assert sample(registry, LINES, service="allowance", legal_basis="asylblg_5") == 6
    assert sample(registry, CENTS, service="allowance", legal_basis="asylblg_5") == 764


async def test_rates_by_legal_basis_and_date(service) -> None:
    runtime, client = service
    old = started(*ids(), start=date(2016, 8, 1))
    sgb2 = started(*ids(), legal_basis=LegalBasis.SGB2_16D)
    await apply(
        runtime,
        old,
        sgb2,
        hours(old, date(2016, 8, 5), 60),
        hours(old, date(2016, 8, 6), 60),
        hours(sgb2, date(2026, 11, 2), 90),
    )
    lines = (
        await get(client, f"/participants/{old.participant_ref}/allowance/lines", month="2016-08")
    )["lines"]
    assert [(line["rate_cents_per_hour"], line["amount_cents"]) for line in lines] == [
        (105, 105),
        (80, 80),
    ]
    body = await get(client, f"/participants/{sgb2.participant_ref}/allowance", month="2026-11")
    assert body["total_cents"] == 180  # 1.5 h × 120 ct (setting)


async def test_unknown_placement_is_rejected(service) -> None:
    runtime, _ = service
    orphan = hours(started(*ids()), date(2026, 11, 2), 60)
    with pytest.raises(RejectEvent, match="unknown placement"):
        await apply(runtime, orphan)


async def test_same_entry_twice_is_applied_once(service) -> None:
    runtime, client = service
    start = started(*ids())
    entry = hours(start, date(2026, 11, 2), 60)
    await apply(runtime, start, entry)
    # Redelivered with a new event id: in a later batch, and twice inside one batch.
    await apply(runtime, start, entry)
    await apply(runtime, entry, entry)
    body = await get(client, f"/participants/{start.participant_ref}/allowance", month="2026-11")
    assert (body["total_cents"], body["lines"]) == (80, 1)
    assert (
        sample(runtime.metrics.registry, LINES, service="allowance", legal_basis="asylblg_5") == 1
    )


async def test_same_entry_with_other_data_is_rejected(service) -> None:
    runtime, _ = service
    start = started(*ids())
    entry = hours(start, date(2026, 11, 2), 60)
    await apply(runtime, start, entry)
    changed = hours(start, date(2026, 11, 2), 61, entry_id=entry.entry_id)
    with pytest.raises(RejectEvent, match="already booked"):
        await apply(runtime, changed)
    other_start = started(start.participant_ref, start.placement_id, uuid.uuid4())
    with pytest.raises(RejectEvent, match="already started"):
        await apply(runtime, other_start)


async def test_contradicting_participant_is_rejected(service) -> None:
    runtime, _ = service
    start = started(*ids())
    await apply(runtime, start)
    wrong = hours(start, date(2026, 11, 2), 60).model_copy(update={"participant_ref": uuid.uuid4()})
    with pytest.raises(RejectEvent, match="participant differs"):
        await apply(runtime, wrong)


async def test_rolled_back_batch_leaves_no_trace(service) -> None:
    """A batch with a rejected event is rolled back: no lines, no metrics, no cached start."""
    runtime, client = service
    start = started(*ids())
    orphan = hours(started(*ids()), date(2026, 11, 3), 60)
    with pytest.raises(RejectEvent):
        await apply(runtime, start, hours(start, date(2026, 11, 2), 60), orphan)
    registry = runtime.metrics.registry
    assert sample(registry, LINES, service="allowance", legal_basis="asylblg_5") == 0
    # The start was rolled back too, so it must not be served from the cache.
    with pytest.raises(RejectEvent, match="unknown placement"):
        await apply(runtime, hours(start, date(2026, 11, 4), 60))
    # The chassis retries the batch without the rejected event.
    await apply(runtime, start, hours(start, date(2026, 11, 2), 60))
    body = await get(client, f"/participants/{start.participant_ref}/allowance", month="2026-11")
    assert body["total_cents"] == 80
    assert sample(registry, CENTS, service="allowance", legal_basis="asylblg_5") == 80


async def test_month_totals_and_paging(service) -> None:
    runtime, client = service
    starts = [started(*ids()) for _ in range(3)]
    await apply(runtime, *starts)
    await apply(runtime, *(hours(s, date(2026, 11, 2), 60 * (i + 1)) for i, s in enumerate(starts)))
    body = await get(client, "/allowance/months/2026-11")
    assert (body["total_cents"], body["worked_minutes"], body["lines"]) == (480, 360, 3)
    refs = sorted(str(s.participant_ref) for s in starts)
    assert [p["participant_ref"] for p in body["participants"]] == refs
    first = await get(client, "/allowance/months/2026-11", limit=2)
    assert len(first["participants"]) == 2 and first["next_after"] == refs[1]
    rest = await get(client, "/allowance/months/2026-11", limit=2, after=first["next_after"])
    assert [p["participant_ref"] for p in rest["participants"]] == refs[2:]
    assert rest["next_after"] is None


async def test_unknown_participant_gets_zeros(service) -> None:
    _, client = service
    ref = str(uuid.uuid4())
    body = await get(client, f"/participants/{ref}/allowance", month="2026-11")
    assert body == {
        "participant_ref": ref,
        "month": "2026-11",
        "total_cents": 0,
        "worked_minutes": 0,
        "lines": 0,
    }
    assert (await get(client, f"/participants/{ref}/allowance/lines", month="2026-11"))[
        "lines"
    ] == []


@pytest.mark.parametrize(
    "url",
    [
        "/participants/{ref}/allowance?month=2026-13",
        "/participants/{ref}/allowance/lines?month=11-2026",
        "/allowance/months/2026-1",
    ],
)
async def test_malformed_month_is_422_naming_the_field(service, url: str) -> None:
    _, client = service
    response = await client.get(url.format(ref=uuid.uuid4()))
    assert response.status_code == 422
    (detail,) = response.json()["detail"]
    assert detail["loc"][-1] == "month"
    assert "JJJJ-MM" in detail["msg"]


async def test_malformed_participant_ref_is_422(service) -> None:
    _, client = service
    response = await client.get("/participants/not-a-uuid/allowance", params={"month": "2026-11"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "participant_ref"


async def test_scopes(service) -> None:
    runtime, client = service
    start = started(*ids())
    await apply(runtime, start, hours(start, date(2026, 11, 2), 60))
    url = f"/participants/{start.participant_ref}/allowance"
    secret = runtime.settings.auth_dev_secret.get_secret_value()

    async def total_as(role: Role, scope: str) -> httpx.Response:
        token = issue_dev_token(Principal(subject="t", role=role, scope=scope), secret)
        return await client.get(
            url, params={"month": "2026-11"}, headers={"Authorization": f"Bearer {token}"}
        )

    assert (await total_as(Role.PROVIDER_STAFF, str(start.provider_id))).json()["total_cents"] == 80
    assert (await total_as(Role.PROVIDER_STAFF, str(uuid.uuid4()))).json()["total_cents"] == 0
    assert (await total_as(Role.CASE_WORKER, MUNICIPALITY)).json()["total_cents"] == 80
    assert (await total_as(Role.CASE_WORKER, "03459001")).json()["total_cents"] == 0
    assert (await total_as(Role.AGENCY, "*")).status_code == 403


async def test_placement_start_is_idempotent(service) -> None:
    runtime, client = service
    start = started(*ids())
    await apply(runtime, start)
    await apply(runtime, start, hours(start, date(2026, 11, 2), 30))
    body = await get(client, f"/participants/{start.participant_ref}/allowance", month="2026-11")
    assert (body["total_cents"], body["lines"]) == (40, 1)
