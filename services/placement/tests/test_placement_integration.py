"""The placement service in-process on real PostgreSQL and Kafka: the walking-skeleton
walk through the API, the events on the topics, and the capacity check under concurrency."""

from __future__ import annotations

import asyncio
import sys
import time
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer
from asgi_lifespan import LifespanManager
from chassis.store import outbox_table
from devstack.pgserver import PostgresServer
from gemeinwerk_contracts import HoursCorrected, decode
from gemeinwerk_contracts.topics import PARTICIPANT_INTERNAL, PLACEMENT_INTERNAL, PLACEMENT_PUBLIC
from placement import clock
from placement.app import build
from placement.context import PlacementContext
from placement.settings import Settings
from placement.store.tables import audit_record_table, hours_entry_table, placement_table
from sqlalchemy import func, select, text

sys.path.insert(0, str(Path(__file__).parent))
from placement_testkit import field_of, opportunity, participant, placement, provider

pytestmark = pytest.mark.integration

App = tuple[PlacementContext, httpx.AsyncClient]
CE_HEADERS = {"ce_id", "ce_type", "ce_source", "ce_specversion", "ce_time", "content-type"}
TODAY = clock.today()
START = TODAY - timedelta(days=40)


@pytest.fixture(scope="module")
async def pg_app(postgres: PostgresServer, kafka_bootstrap_servers: str) -> AsyncIterator[App]:
    """The app with its lifespan (migrations, topics, relay) on a fresh PostgreSQL database."""
    url = await postgres.acreate_database(f"placement_{uuid.uuid4().hex[:8]}")
    settings = Settings(
        database_url=url, kafka_bootstrap_servers=kafka_bootstrap_servers, outbox_poll_seconds=0.1
    )
    _, app = build(settings)
    async with LifespanManager(app, startup_timeout=120, shutdown_timeout=60):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://placement") as client:
            yield app.state.placement, client


async def scalar(ctx: PlacementContext, query: Any) -> int:
    async with ctx.runtime.database.session() as session:
        return int((await session.execute(query)).scalar_one())


async def outbox_drained(ctx: PlacementContext, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    query = select(func.count()).select_from(outbox_table)
    while await scalar(ctx, query) > 0:
        assert time.monotonic() < deadline, "the relay did not publish the outbox"
        await asyncio.sleep(0.1)


async def records_for(bootstrap: str, topic: str, keys: set[bytes], expected: int) -> list[Any]:
    """Records of `topic` whose key is one of `keys`; waits until `expected` are there."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    found: list[Any] = []
    try:
        deadline = time.monotonic() + 30
        while len(found) < expected and time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=500)
            found += [r for rs in batch.values() for r in rs if r.key in keys]
    finally:
        await consumer.stop()
    return found


async def test_walk(pg_app: App, kafka_bootstrap_servers: str) -> None:
    ctx, client = pg_app
    prov = await provider(client)
    opp = await opportunity(client, prov["id"], places=1)
    amina = await participant(client)
    yusuf = await participant(client, given_name="Yusuf", email="yusuf@example.org")

    plc = await placement(client, amina["id"], opp["id"], START)
    second = await client.post(
        "/placements",
        json={"participant_id": yusuf["id"], "opportunity_id": opp["id"], "start_date": str(START)},
    )
    assert second.status_code == 409, second.text
    ghost = await client.post(
        "/placements",
        json={"participant_id": str(uuid.uuid4()), "opportunity_id": opp["id"],
              "start_date": str(START)},
    )  # fmt: skip
    assert ghost.status_code == 422 and field_of(ghost) == ["body", "participant_id"]

    hours_url = f"/placements/{plc['id']}/hours"
    inside = await client.post(hours_url, json={"work_date": str(START), "worked_minutes": 240})
    assert inside.status_code == 201, inside.text
    early = str(START - timedelta(days=1))
    before = await client.post(hours_url, json={"work_date": early, "worked_minutes": 60})
    assert before.status_code == 422 and field_of(before) == ["body", "work_date"]
    day2 = str(START + timedelta(days=1))
    over = await client.post(hours_url, json={"work_date": day2, "worked_minutes": 481})
    assert over.status_code == 422 and field_of(over) == ["body", "worked_minutes"]

    def row(day: int, minutes: int = 180) -> dict[str, Any]:
        work_date = str(START + timedelta(days=day))
        return {"placement_id": plc["id"], "work_date": work_date, "worked_minutes": minutes}

    entries_before = await scalar(ctx, select(func.count()).select_from(hours_entry_table))
    bad = await client.post("/hours/batch", json={"entries": [row(1), row(2, 600), row(3)]})
    assert bad.status_code == 422
    assert [d["loc"] for d in bad.json()["detail"]] == [["body", "entries", 1, "worked_minutes"]]
    assert await scalar(ctx, select(func.count()).select_from(hours_entry_table)) == entries_before
    good = await client.post("/hours/batch", json={"entries": [row(d) for d in range(1, 11)]})
    assert good.status_code == 201 and good.json() == {"accepted": 10}

    end = str(START + timedelta(days=30))
    ended = await client.post(
        f"/placements/{plc['id']}/end", json={"end_date": end, "reason": "completed"}
    )
    assert ended.status_code == 200 and ended.json()["status"] == "ended"
    again = await client.post(
        f"/placements/{plc['id']}/end", json={"end_date": end, "reason": "completed"}
    )
    assert again.status_code == 409

    await outbox_drained(ctx)
    ref = amina["participant_ref"].encode()
    public = await records_for(kafka_bootstrap_servers, PLACEMENT_PUBLIC, {ref}, expected=15)
    types = [dict(r.headers)["ce_type"].decode() for r in public]
    assert types == [  # the key keeps one person's events in order
        "de.gemeinwerk.placement.obligation-changed.v1",
        "de.gemeinwerk.placement.proposed.v1",
        "de.gemeinwerk.placement.started.v1",
        *["de.gemeinwerk.placement.hours-logged.v1"] * 11,
        "de.gemeinwerk.placement.ended.v1",
    ]
    for record in public:
        headers = {name: value.decode() for name, value in record.headers}
        assert set(headers) >= CE_HEADERS
        assert headers["ce_specversion"] == "1.0" and headers["ce_source"] == "/placement"
        assert headers["content-type"] == "application/json"
        assert headers["ce_dataclassification"] == "pseudonymous"
        decode(record.headers, record.value)  # fulfils the contract
        for secret in ("Amina", "Haddad", "amina.haddad", "1994-05-17", "Große Straße"):
            assert secret.encode() not in record.value
            assert all(secret.encode() not in value for _, value in record.headers)
        assert amina["id"].encode() not in record.value

    refs = {amina["participant_ref"].encode(), yusuf["participant_ref"].encode()}
    internal = await records_for(kafka_bootstrap_servers, PARTICIPANT_INTERNAL, refs, expected=2)
    assert len(internal) == 2
    for record in internal:
        envelope, _ = decode(record.headers, record.value)
        assert envelope.type == "de.gemeinwerk.participant.registered.v1"
        assert envelope.dataclassification == "personal"
    assert {decode(r.headers, r.value)[1].given_name for r in internal} == {"Amina", "Yusuf"}  # type: ignore[attr-defined]


async def test_last_place_under_concurrency(pg_app: App) -> None:
    """Parallel requests for the last place: exactly one 201, the others 409."""
    ctx, client = pg_app
    prov = await provider(client)
    for places, contenders in ((2, 2), (1, 2), (3, 6)):
        opp = await opportunity(client, prov["id"], places=places)
        for _ in range(places - 1):
            holder = await participant(client)
            await placement(client, holder["id"], opp["id"], START)
        people = [await participant(client) for _ in range(contenders)]
        responses = await asyncio.gather(
            *(
                client.post(
                    "/placements",
                    json={
                        "participant_id": p["id"],
                        "opportunity_id": opp["id"],
                        "start_date": str(START),
                    },
                )
                for p in people
            )
        )
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [201] + [409] * (contenders - 1), [r.text for r in responses]
        occupied = select(func.count()).select_from(placement_table)
        assert (
            await scalar(ctx, occupied.where(placement_table.c.opportunity_id == opp["id"]))
            == places
        )
        assert (await client.get(f"/opportunities/{opp['id']}")).json()["free_places"] == 0


async def test_same_day_hours_under_concurrency(pg_app: App) -> None:
    _, client = pg_app
    prov = await provider(client)
    opp = await opportunity(client, prov["id"], places=1)
    person = await participant(client)
    plc = await placement(client, person["id"], opp["id"], START)
    body = {"work_date": str(START), "worked_minutes": 120}
    responses = await asyncio.gather(
        *(client.post(f"/placements/{plc['id']}/hours", json=body) for _ in range(4))
    )
    assert sorted(r.status_code for r in responses) == [201, 409, 409, 409]


async def test_batches_of_5000(pg_app: App) -> None:
    """Two full batches (10,000 entries) for 100 placements over 100 days."""
    ctx, client = pg_app
    prov = await provider(client)
    opp = await opportunity(client, prov["id"], places=100)
    first_day = TODAY - timedelta(days=120)
    placements = []
    for _ in range(100):
        person = await participant(client)
        placements.append((await placement(client, person["id"], opp["id"], first_day))["id"])
    rows = [
        {
            "placement_id": pid,
            "work_date": str(first_day + timedelta(days=d)),
            "worked_minutes": 180,
        }
        for d in range(100)
        for pid in placements
    ]
    durations = []
    for chunk in (rows[:5000], rows[5000:]):
        began = time.perf_counter()
        response = await client.post("/hours/batch", json={"entries": chunk}, timeout=120)
        durations.append(time.perf_counter() - began)
        assert response.status_code == 201 and response.json() == {"accepted": 5000}
    print(f"batch of 5000: {', '.join(f'{d:.2f} s' for d in durations)}")
    assert max(durations) < 30
    repeated = await client.post("/hours/batch", json={"entries": rows[:5000]}, timeout=120)
    assert repeated.status_code == 422 and len(repeated.json()["detail"]) == 5000
    await outbox_drained(ctx, timeout=120)


async def test_audit_record_is_append_only_on_postgres(pg_app: App) -> None:
    ctx, client = pg_app
    person = await participant(client)
    await client.get(f"/participants/{person['id']}", headers={"X-Correlation-ID": "pg-audit-1"})
    table = audit_record_table
    async with ctx.runtime.database.session() as session:
        query = select(table).where(table.c.participant_id == person["id"])
        rows = (await session.execute(query.order_by(table.c.occurred_at))).all()
        assert [r.action for r in rows] == ["participant.registered", "participant.viewed"]
        assert rows[1].correlation_id == "pg-audit-1"
        for statement in (
            "UPDATE audit_record SET action = 'x'",
            "DELETE FROM audit_record",
            "TRUNCATE audit_record",
        ):
            with pytest.raises(Exception, match="append-only"):
                await session.execute(text(statement))
            await session.rollback()


async def test_sheet_upload_is_idempotent_on_postgres(pg_app: App) -> None:
    """A Windows-1252 sheet of 1,000 rows sent twice at once, then again: applied exactly once."""
    ctx, client = pg_app
    prov = await provider(client)
    opp = await opportunity(client, prov["id"], places=20)
    first_day = TODAY - timedelta(days=60)
    ids = []
    for _ in range(20):
        person = await participant(client)
        ids.append((await placement(client, person["id"], opp["id"], first_day))["id"])
    lines = ["Zuweisung;Datum;Stunden;Tätigkeit"] + [
        f"{pid};{first_day + timedelta(days=d):%d.%m.%Y};2,5;Grünpflege"
        for d in range(50)
        for pid in ids
    ]
    data = "\r\n".join(lines).encode("cp1252")
    url = f"/providers/{prov['id']}/timesheets"
    query = select(func.count()).select_from(hours_entry_table)
    before = await scalar(ctx, query)

    async def upload() -> dict[str, Any]:
        response = await client.post(url, files={"file": ("m.csv", data)}, timeout=120)
        assert response.status_code == 200, response.text
        report: dict[str, Any] = response.json()
        return report

    reports = await asyncio.gather(upload(), upload())
    assert sorted(r["applied"] for r in reports) == [0, 1000]
    assert sorted(r["already_recorded"] for r in reports) == [0, 1000]
    again = await upload()
    assert (again["applied"], again["already_recorded"], again["rejected"]) == (0, 1000, 0)
    assert await scalar(ctx, query) == before + 1000
    await outbox_drained(ctx, timeout=60)


async def test_corrections_on_postgres_and_kafka(pg_app: App, kafka_bootstrap_servers: str) -> None:
    """Parallel withdrawals of one entry: one applies, the others are "keine Änderung"; the
    HoursCorrected event reaches Kafka keyed by the participant_ref; the table is append-only."""
    ctx, client = pg_app
    prov = await provider(client)
    opp = await opportunity(client, prov["id"], places=1)
    person = await participant(client)
    plc = await placement(client, person["id"], opp["id"], START)
    body = {"work_date": str(START), "worked_minutes": 240}
    entry = (await client.post(f"/placements/{plc['id']}/hours", json=body)).json()
    url = f"/placements/{plc['id']}/hours/{entry['id']}/corrections"
    responses = await asyncio.gather(
        *(client.post(url, json={"worked_minutes": 0, "reason": "Krank"}) for _ in range(4))
    )
    assert sorted(r.status_code for r in responses) == [201, 409, 409, 409]
    logged_again = await client.post(f"/placements/{plc['id']}/hours", json=body)
    assert logged_again.status_code == 409
    back = await client.post(url, json={"worked_minutes": 180})
    assert back.status_code == 201 and back.json()["revision"] == 2
    [item] = (await client.get(f"/placements/{plc['id']}/hours")).json()["items"]
    assert (item["logged_minutes"], item["worked_minutes"]) == (240, 180)

    await outbox_drained(ctx)
    ref = person["participant_ref"].encode()
    public = await records_for(kafka_bootstrap_servers, PLACEMENT_PUBLIC, {ref}, expected=4)
    corrected = [
        r for r in public if dict(r.headers)["ce_type"].decode().endswith("hours-corrected.v1")
    ]
    assert len(corrected) == 2
    minutes = []
    for record in corrected:
        headers = {name: value.decode() for name, value in record.headers}
        assert set(headers) >= CE_HEADERS and headers["ce_dataclassification"] == "pseudonymous"
        _, event = decode(record.headers, record.value)
        assert isinstance(event, HoursCorrected) and str(event.entry_id) == entry["id"]
        assert b"Krank" not in record.value
        minutes.append(event.worked_minutes)
    assert minutes == [0, 180]
    async with ctx.runtime.database.session() as session:
        for statement in (
            "UPDATE hours_correction SET reason = NULL",
            "DELETE FROM hours_correction",
        ):
            with pytest.raises(Exception, match="append-only"):
                await session.execute(text(statement))
            await session.rollback()


async def test_lifecycle_events_on_public_and_internal_topics(
    pg_app: App, kafka_bootstrap_servers: str
) -> None:
    """Publish an opportunity → propose → start → hours → end → close, on PostgreSQL and
    Kafka: the facts on the public topic (no names, e-mails or addresses), the particulars
    on the internal placement topic."""
    ctx, client = pg_app
    contact = {"contact_name": "Frau Meyer", "email": "meyer@tafel.example.org"}
    prov = await provider(client, **contact)
    opp = await opportunity(client, prov["id"], places=2)
    changed = await client.patch(f"/opportunities/{opp['id']}", json={"places": 3})
    assert changed.status_code == 200, changed.text
    amina = await participant(client)
    proposed = await client.post(
        "/placements",
        json={
            "participant_id": amina["id"],
            "opportunity_id": opp["id"],
            "start_date": str(START),
            "end_date": str(TODAY + timedelta(days=60)),
        },
    )
    assert proposed.status_code == 201, proposed.text
    plc = proposed.json()
    assert plc["status"] == "proposed"
    started = await client.post(f"/placements/{plc['id']}/start")
    assert started.status_code == 200 and started.json()["status"] == "started"
    hours = await client.post(
        f"/placements/{plc['id']}/hours", json={"work_date": str(START), "worked_minutes": 180}
    )
    assert hours.status_code == 201, hours.text
    ended = await client.post(
        f"/placements/{plc['id']}/end", json={"end_date": str(TODAY), "reason": "completed"}
    )
    assert ended.status_code == 200
    closed = await client.post(f"/opportunities/{opp['id']}/close")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"

    await outbox_drained(ctx)
    ref, opp_key = amina["participant_ref"].encode(), opp["id"].encode()
    public = await records_for(kafka_bootstrap_servers, PLACEMENT_PUBLIC, {ref, opp_key}, 8)
    by_key: dict[bytes, list[Any]] = {ref: [], opp_key: []}
    for record in public:
        by_key[record.key].append(decode(record.headers, record.value)[1])
    assert [type(e).__name__ for e in by_key[ref]] == [
        "ParticipantObligationChanged",
        "PlacementProposed",
        "PlacementStarted",
        "HoursLogged",
        "PlacementEnded",
    ]
    assert [type(e).__name__ for e in by_key[opp_key]] == [
        "OpportunityPublished",
        "OpportunityChanged",
        "OpportunityClosed",
    ]
    obligation, proposal_event, start_event = by_key[ref][:3]
    assert obligation.obliged is True  # type: ignore[attr-defined]
    assert str(proposal_event.placement_id) == plc["id"]  # type: ignore[attr-defined]
    assert proposal_event.end_date == TODAY + timedelta(days=60)  # type: ignore[attr-defined]
    assert start_event.start_date == START  # type: ignore[attr-defined]
    assert by_key[opp_key][1].places == 3  # type: ignore[attr-defined]
    for record in public:
        assert dict(record.headers)["ce_dataclassification"] == b"pseudonymous"
        for secret in ("Amina", "Haddad", "amina.haddad", "Gografenhof", "Meyer", "Tafel"):
            assert secret.encode() not in record.value

    internal_keys = {ref, prov["id"].encode()}
    internal = await records_for(kafka_bootstrap_servers, PLACEMENT_INTERNAL, internal_keys, 2)
    events = {type(e).__name__: e for e in (decode(r.headers, r.value)[1] for r in internal)}
    assert set(events) == {"ProviderContactRecorded", "AssignmentIssued"}
    issued = events["AssignmentIssued"]
    assert issued.site_address.street == "Am Gografenhof 4"  # type: ignore[attr-defined]
    assert issued.reporting_instructions.startswith("Montag 9 Uhr")  # type: ignore[attr-defined]
    assert issued.provider_name == "Tafel Bad Iburg e. V."  # type: ignore[attr-defined]
    assert str(issued.placement_id) == plc["id"]  # type: ignore[attr-defined]
    contact_event = events["ProviderContactRecorded"]
    assert contact_event.email == "meyer@tafel.example.org"  # type: ignore[attr-defined]
    for record in internal:
        assert dict(record.headers)["ce_dataclassification"] == b"personal"
