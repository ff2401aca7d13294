"""Refusals → sanctions on real PostgreSQL and Kafka: a NoticeDelivered published on the
notification topic is consumed by the running placement service; an unjustified refusal of
that placement then puts SanctionProposed on the public placement topic, while a refusal
without a delivered legal notice does not."""

from __future__ import annotations

import asyncio
import sys
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from asgi_lifespan import LifespanManager
from chassis.store import outbox_table
from devstack.pgserver import PostgresServer
from gemeinwerk_contracts import (
    NoticeDelivered,
    RefusalRecorded,
    SanctionProposed,
    decode,
    encode,
    envelope_for,
)
from gemeinwerk_contracts.events.notification import NoticeChannel
from gemeinwerk_contracts.topics import NOTIFICATION_PUBLIC, PLACEMENT_PUBLIC
from gemeinwerk_contracts.vocabulary import SanctionRule
from placement import clock
from placement.app import build
from placement.consumers.notices import on_notice_delivered
from placement.context import PlacementContext
from placement.settings import Settings
from placement.store.sanction_tables import legal_notice_delivery_table, sanction_table
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).parent))
from placement_testkit import opportunity, participant, placement, provider

pytestmark = pytest.mark.integration

App = tuple[PlacementContext, httpx.AsyncClient]
TODAY = clock.today()
START = TODAY - timedelta(days=10)


@pytest.fixture(scope="module")
async def pg_app(postgres: PostgresServer, kafka_bootstrap_servers: str) -> AsyncIterator[App]:
    """The app with its lifespan (migrations, topics, relay, consumers) on a fresh database."""
    url = await postgres.acreate_database(f"placement_sanctions_{uuid.uuid4().hex[:8]}")
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


async def wait_for(ctx: PlacementContext, query: Any, expected: int, what: str) -> None:
    deadline = time.monotonic() + 60
    while await scalar(ctx, query) < expected:
        assert time.monotonic() < deadline, what
        await asyncio.sleep(0.2)


async def publish(bootstrap: str, *events: NoticeDelivered) -> None:
    """Publish as the notification service does: key, JSON value, CloudEvents headers."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for event in events:
            await producer.send_and_wait(
                NOTIFICATION_PUBLIC,
                key=event.partition_key().encode(),
                value=encode(event),
                headers=envelope_for(event).to_headers(),
            )
    finally:
        await producer.stop()


def delivered(placement_id: str, participant_ref: str, notice_type: str) -> NoticeDelivered:
    return NoticeDelivered(
        notice_id=uuid.uuid4(),
        notice_type=notice_type,
        participant_ref=uuid.UUID(participant_ref),
        placement_id=uuid.UUID(placement_id),
        channel=NoticeChannel.EMAIL,
        delivery_sequence=0,
        delivered_at=datetime.now(UTC) - timedelta(days=2),
    )


async def placement_topic(bootstrap: str, refs: set[str], until: dict[str, int]) -> list[Any]:
    """Decoded (envelope, event) pairs of these participants on the public placement topic,
    read until `until` (event type → count) has been seen."""
    keys = {ref.encode() for ref in refs}
    consumer = AIOKafkaConsumer(
        PLACEMENT_PUBLIC,
        bootstrap_servers=bootstrap,
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    found: list[Any] = []
    try:
        deadline = time.monotonic() + 30

        def done() -> bool:
            types = [e.type for e, _ in found]
            return all(types.count(t) >= n for t, n in until.items())

        while time.monotonic() < deadline and not done():
            batch = await consumer.getmany(timeout_ms=500)
            found += [
                decode(r.headers, r.value) for rs in batch.values() for r in rs if r.key in keys
            ]
    finally:
        await consumer.stop()
    return found


async def test_delivered_notice_then_refusal_publishes_sanction_proposed(
    pg_app: App, kafka_bootstrap_servers: str
) -> None:
    ctx, client = pg_app
    prov = await provider(client)
    opp = await opportunity(client, prov["id"], places=2, legal_bases=["sgb2_16d"])
    noticed = await participant(client, legal_basis="sgb2_16d")
    unnoticed = await participant(client, legal_basis="sgb2_16d", given_name="Jonas")
    with_notice = await placement(client, noticed["id"], opp["id"], START)
    without_notice = await placement(client, unnoticed["id"], opp["id"], START)

    await publish(
        kafka_bootstrap_servers,
        delivered(with_notice["id"], noticed["participant_ref"], "assignment"),
        # only the short start information reached the other person: no legal notice
        delivered(without_notice["id"], unnoticed["participant_ref"], "placement_started"),
    )
    notices = select(func.count()).select_from(legal_notice_delivery_table)
    await wait_for(ctx, notices, 1, "the placement consumer did not record the legal notice")

    def refusal(person: dict[str, Any], plc: dict[str, Any]) -> dict[str, Any]:
        return {
            "participant_id": person["id"],
            "placement_id": plc["id"],
            "kind": "no_show",
            "refusal_date": TODAY.isoformat(),
            "justified": False,
            "legal_notice_given": True,
        }

    first = await client.post("/refusals", json=refusal(unnoticed, without_notice))
    assert first.status_code == 201, first.text
    assert first.json()["sanction"]["code"] == "no_legal_notice"
    assert first.json()["legal_notice_given"] is False
    second = await client.post("/refusals", json=refusal(noticed, with_notice))
    assert second.status_code == 201, second.text
    proposal = second.json()["sanction"]
    assert (proposal["status"], proposal["rule"], proposal["reduction_percent"]) == (
        "proposed",
        "sgb2_31a",
        10,
    )
    assert await scalar(ctx, select(func.count()).select_from(legal_notice_delivery_table)) == 1
    assert await scalar(ctx, select(func.count()).select_from(sanction_table)) == 1

    deadline = time.monotonic() + 30
    while await scalar(ctx, select(func.count()).select_from(outbox_table)) > 0:
        assert time.monotonic() < deadline, "the relay did not publish the outbox"
        await asyncio.sleep(0.1)

    records = await placement_topic(
        kafka_bootstrap_servers,
        {noticed["participant_ref"], unnoticed["participant_ref"]},
        {SanctionProposed.TYPE: 1, RefusalRecorded.TYPE: 2},
    )
    proposed = [(env, ev) for env, ev in records if isinstance(ev, SanctionProposed)]
    assert len(proposed) == 1
    envelope, event = proposed[0]
    assert envelope.source == "/placement"
    assert str(event.participant_ref) == noticed["participant_ref"]
    assert event.rule is SanctionRule.SGB2_31A
    assert event.breach_number == 1 and event.reduction_percent == 10
    assert event.duration_months == 1
    assert str(event.placement_id) == with_notice["id"]
    assert str(event.sanction_id) == proposal["sanction_id"]
    refusals = {
        str(ev.participant_ref): ev.legal_notice_given
        for _, ev in records
        if isinstance(ev, RefusalRecorded)
    }
    assert refusals == {noticed["participant_ref"]: True, unnoticed["participant_ref"]: False}


async def test_parallel_decisions_keep_the_overall_cap(pg_app: App) -> None:
    """Six decisions of 20 % beside a running 10 %: each fits the cap of 30 % alone, but only
    one may be taken; the others are refused (decisions of a person are serialised)."""
    ctx, client = pg_app
    prov = await provider(client)
    opp = await opportunity(client, prov["id"], places=1, legal_bases=["sgb2_16d"])
    person = await participant(client, legal_basis="sgb2_16d")
    plc = await placement(client, person["id"], opp["id"], START)
    notice = delivered(plc["id"], person["participant_ref"], "assignment")
    async with ctx.uow() as uow:  # the consumer's path is covered above
        await on_notice_delivered(uow, envelope_for(notice), notice)
        await uow.commit()

    async def proposal() -> dict[str, Any]:
        body = {
            "participant_id": person["id"],
            "placement_id": plc["id"],
            "kind": "broke_off",
            "refusal_date": TODAY.isoformat(),
            "justified": False,
            "legal_notice_given": False,
        }
        response = await client.post("/refusals", json=body)
        assert response.status_code == 201, response.text
        sanction: dict[str, Any] = response.json()["sanction"]
        assert sanction["status"] == "proposed"
        url = f"/sanctions/{sanction['sanction_id']}"
        heard = await client.post(f"{url}/hearing", json={"held_on": TODAY.isoformat()})
        assert heard.status_code == 200, heard.text
        return sanction

    decision = {"effective_from": (TODAY + timedelta(days=1)).isoformat()}
    first = await proposal()
    assert first["reduction_percent"] == 10
    answer = await client.post(f"/sanctions/{first['sanction_id']}/decide", json=decision)
    assert answer.status_code == 200, answer.text
    later = [await proposal() for _ in range(6)]
    assert {s["reduction_percent"] for s in later} == {20}

    answers = await asyncio.gather(
        *(client.post(f"/sanctions/{s['sanction_id']}/decide", json=decision) for s in later)
    )
    assert sorted(a.status_code for a in answers) == [200] + [422] * 5
    refused = next(a for a in answers if a.status_code == 422)
    assert "Obergrenze von 30 %" in refused.json()["detail"][0]["msg"]
