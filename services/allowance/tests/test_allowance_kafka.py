"""The allowance service in-process on real PostgreSQL and Kafka.

Events go to the placement topic the way the placement service's relay sends them
(CloudEvents binary headers, key = participant_ref); the test reads the results through
the HTTP API, the /metrics endpoint and the dead-letter topic.
"""

from __future__ import annotations

import asyncio
import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from allowance.app import build
from allowance.settings import Settings
from asgi_lifespan import LifespanManager
from chassis.kafka import ensure_topics
from gemeinwerk_contracts import Event, encode, envelope_for
from gemeinwerk_contracts.topics import PLACEMENT_PUBLIC
from prometheus_client.parser import text_string_to_metric_families

sys.path.insert(0, str(Path(__file__).parent))
from helpers import hours, started

pytestmark = pytest.mark.integration

DEAD_LETTERS = "gemeinwerk.internal.deadletter.allowance.v1"
GROUP = "gemeinwerk.allowance.ledger"


async def skip_old_events(bootstrap: str) -> None:
    """Move the ledger group to the end of the shared topic so that events other tests left
    there (placements this fresh database never saw) do not have to be worked through."""
    await ensure_topics(bootstrap, [PLACEMENT_PUBLIC, DEAD_LETTERS], 3)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        partitions = [
            TopicPartition(PLACEMENT_PUBLIC, p)
            for p in await producer.partitions_for(PLACEMENT_PUBLIC)
        ]
    finally:
        await producer.stop()
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=GROUP, enable_auto_commit=False
    )
    await consumer.start()
    try:
        consumer.assign(partitions)
        await consumer.commit(await consumer.end_offsets(partitions))
    finally:
        await consumer.stop()


@pytest.fixture
async def client(postgres, kafka_bootstrap_servers) -> AsyncIterator[httpx.AsyncClient]:
    await skip_old_events(kafka_bootstrap_servers)
    settings = Settings(
        database_url=postgres.create_database(f"allowance_{uuid.uuid4().hex[:8]}"),
        kafka_bootstrap_servers=kafka_bootstrap_servers,
    )
    _runtime, app = build(settings)
    async with (
        LifespanManager(app, startup_timeout=120, shutdown_timeout=60),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://allowance"
        ) as http,
    ):
        yield http


async def wait_for(predicate: Callable[[], Awaitable[bool]], timeout: float = 60) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.2)


def metric(text: str, name: str, **labels: str) -> float:
    for family in text_string_to_metric_families(text):
        for found in family.samples:
            if found.name == name and all(found.labels.get(k) == v for k, v in labels.items()):
                return found.value
    return 0.0


async def dead_letters(bootstrap: str, key: bytes, count: int) -> list[Any]:
    consumer = AIOKafkaConsumer(
        DEAD_LETTERS, bootstrap_servers=bootstrap, auto_offset_reset="earliest", group_id=None
    )
    await consumer.start()
    letters: list[Any] = []
    try:
        deadline = asyncio.get_running_loop().time() + 60
        while len(letters) < count and asyncio.get_running_loop().time() < deadline:
            batch = await consumer.getmany(timeout_ms=1000)
            letters += [r for records in batch.values() for r in records if r.key == key]
    finally:
        await consumer.stop()
    return letters


async def test_ledger_end_to_end(client: httpx.AsyncClient, kafka_bootstrap_servers) -> None:
    start = started(uuid.uuid4(), uuid.uuid4(), uuid.uuid4())
    ref = str(start.participant_ref)
    key = ref.encode()
    days = [(2, 60), (3, 15), (4, 1), (5, 2), (6, 45), (9, 450)]  # 80+20+1+3+60+600 = 764 ct
    entries = [hours(start, date(2026, 11, day), minutes) for day, minutes in days]
    unstarted = started(start.participant_ref, uuid.uuid4(), uuid.uuid4())
    orphan = hours(unstarted, date(2026, 11, 10), 60)  # its placement never started

    def message(event: Event) -> tuple[bytes, list[tuple[str, bytes]]]:
        return encode(event), envelope_for(event).to_headers()

    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap_servers, acks="all")
    await producer.start()
    try:
        sends = [message(start), *(message(e) for e in entries)]
        duplicate = sends[-1]  # the same ce_id a second time: a redelivery
        sends += [duplicate, (b"\x00garbage, no CloudEvents headers", []), message(orphan)]
        for value, headers in sends:
            await producer.send_and_wait(PLACEMENT_PUBLIC, value, key=key, headers=headers)
    finally:
        await producer.stop()

    async def booked() -> bool:
        response = await client.get(f"/participants/{ref}/allowance", params={"month": "2026-11"})
        return response.status_code == 200 and response.json()["lines"] == len(entries)

    await wait_for(booked)
    body = (await client.get(f"/participants/{ref}/allowance", params={"month": "2026-11"})).json()
    assert body == {
        "participant_ref": ref,
        "month": "2026-11",
        "total_cents": 764,
        "worked_minutes": 573,
        "lines": 6,
    }
    lines = (
        await client.get(f"/participants/{ref}/allowance/lines", params={"month": "2026-11"})
    ).json()["lines"]
    assert [line["amount_cents"] for line in lines] == [80, 20, 1, 3, 60, 600]
    month = (await client.get("/allowance/months/2026-11")).json()
    mine = [p for p in month["participants"] if p["participant_ref"] == ref]
    assert mine == [{"participant_ref": ref, "total_cents": 764, "worked_minutes": 573, "lines": 6}]

    letters = await dead_letters(kafka_bootstrap_servers, key, 2)
    by_cause = {dict(r.headers)["dlq_cause"].decode(): r for r in letters}
    assert set(by_cause) == {"contract", "handler"}
    garbage = by_cause["contract"]
    assert garbage.value == b"\x00garbage, no CloudEvents headers"
    assert b"ce_id" in dict(garbage.headers)["dlq_reason"]
    assert b"unknown placement" in dict(by_cause["handler"].headers)["dlq_reason"]

    text = (await client.get("/metrics")).text
    assert metric(text, "gemeinwerk_inbox_duplicates_skipped_total", service="allowance") >= 1
    lines_metric = "gemeinwerk_allowance_ledger_lines_total"
    assert metric(text, lines_metric, service="allowance", legal_basis="asylblg_5") == 6
    cents_metric = "gemeinwerk_allowance_booked_cents_total"
    assert metric(text, cents_metric, service="allowance", legal_basis="asylblg_5") == 764
