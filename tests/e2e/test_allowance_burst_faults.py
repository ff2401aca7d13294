"""Exactly-once under failure: a month-end burst on real Kafka and PostgreSQL.

The events are produced straight to the placement topic (CloudEvents headers, key =
participant_ref), the way the placement relay sends them, so this test does not depend on
the placement API. Mixed into the stream: corrections (HoursCorrected, some withdrawals) and
~5 % duplicates (the same message with the same ce_id sent again later).

1. 20,000 HoursLogged: allowance (a real process) is SIGKILLed twice while it books.
2. 5,000 HoursLogged: the Kafka broker is restarted (same port, same data) while allowance
   books.

Afterwards every participant's monthly total (read through the allowance API) must equal the
figure computed here from the events: nothing lost, nothing counted twice. "Mid-stream" is
proved by counting booked lines in allowance's database at each fault (0 < booked < all).
"""

from __future__ import annotations

import asyncio
import random
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from chassis.kafka import ensure_topics
from devstack.kafka import LocalKafka
from devstack.pgserver import PostgresServer
from devstack.ports import free_port
from devstack.processes import ServiceGroup, ServiceProcess
from gemeinwerk_contracts import (
    Event,
    HoursCorrected,
    HoursLogged,
    PlacementStarted,
    encode,
    envelope_for,
)
from gemeinwerk_contracts.topics import PLACEMENT_PUBLIC, dead_letter_topic
from gemeinwerk_contracts.vocabulary import LegalBasis, OpportunityCategory, ProviderKind
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from .flows import eventually

pytestmark = [pytest.mark.integration, pytest.mark.e2e]

GROUP = "gemeinwerk.allowance.ledger"
START = date(2025, 1, 1)
RATE = 80  # asylblg_5 since 2016-08-06 (seeded by allowance's migration 0002)
Message = tuple[bytes, bytes, list[tuple[str, bytes]]]  # key, value, headers


def cents(minutes: int) -> int:
    """The allowance rule, restated independently: half up per entry, integers only."""
    return (minutes * RATE * 2 + 60) // 120


@dataclass
class Burst:
    """The messages to send, in order, and what allowance must end up with."""

    messages: list[Message]
    entries: int
    expected: dict[tuple[str, str], int] = field(default_factory=dict)
    duplicates: int = 0
    corrections: int = 0

    @property
    def months(self) -> list[str]:
        return sorted({month for _, month in self.expected})


def message(event: Event) -> Message:
    envelope = envelope_for(event)
    return str(event.participant_ref).encode(), encode(event), envelope.to_headers()  # type: ignore[attr-defined]


def burst(participants: int, days: int, seed: int) -> Burst:
    """Per participant: a start, one entry per day, ~2 % corrections (a fifth of them
    withdrawals) after their entry, ~5 % duplicates after their original; the participants'
    streams interleaved at random (each one's own order kept, as on its partition)."""
    rng = random.Random(seed)
    provider_id = uuid.uuid4()
    streams: list[list[Message]] = []
    expected: dict[tuple[str, str], int] = defaultdict(int)
    duplicates = corrections = 0
    for _ in range(participants):
        start = PlacementStarted(
            participant_ref=uuid.uuid4(),
            placement_id=uuid.uuid4(),
            opportunity_id=uuid.uuid4(),
            provider_id=provider_id,
            provider_kind=ProviderKind.NON_PROFIT,
            municipality_key="03459004",
            legal_basis=LegalBasis.ASYLBLG_5,
            start_date=START,
            hours_per_week=Decimal("20"),
            category=OpportunityCategory.FOOD_BANK,
        )
        ref = str(start.participant_ref)
        stream: list[Message] = [message(start)]
        for day in range(days):
            work_date = START + timedelta(days=day)
            minutes = rng.randint(1, 480)
            entry = HoursLogged(
                participant_ref=start.participant_ref,
                entry_id=uuid.uuid4(),
                placement_id=start.placement_id,
                provider_id=provider_id,
                work_date=work_date,
                worked_minutes=minutes,
            )
            stream.append(message(entry))
            final = minutes
            if rng.random() < 0.02:
                final = 0 if rng.random() < 0.2 else rng.randint(1, 480)
                correction = HoursCorrected(
                    participant_ref=start.participant_ref,
                    correction_id=uuid.uuid4(),
                    entry_id=entry.entry_id,
                    placement_id=start.placement_id,
                    provider_id=provider_id,
                    work_date=work_date,
                    worked_minutes=final,
                )
                stream.append(message(correction))
                corrections += 1
            expected[(ref, work_date.strftime("%Y-%m"))] += cents(final)
        # Duplicates: an earlier message (entry or correction) sent again, same ce_id.
        for _ in range(round(days * 0.05)):
            position = rng.randint(2, len(stream))
            stream.insert(position, stream[rng.randint(1, position - 1)])
            duplicates += 1
        streams.append(stream)
    # Interleave the streams at random, keeping each participant's order.
    messages: list[Message] = []
    cursors = [0] * participants
    live = list(range(participants))
    while live:
        i = rng.randrange(len(live))
        who = live[i]
        messages.append(streams[who][cursors[who]])
        cursors[who] += 1
        if cursors[who] == len(streams[who]):
            live[i] = live[-1]
            live.pop()
    return Burst(messages, participants * days, dict(expected), duplicates, corrections)


async def skip_old_events(bootstrap: str) -> None:
    """Move allowance's ledger group to the end of the placement topic, so that events other
    tests left on this broker (placements the fresh database never saw) are not replayed."""
    await ensure_topics(bootstrap, [PLACEMENT_PUBLIC, dead_letter_topic("allowance")], 3)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        numbers = await producer.partitions_for(PLACEMENT_PUBLIC)
    finally:
        await producer.stop()
    partitions = [TopicPartition(PLACEMENT_PUBLIC, p) for p in sorted(numbers)]
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=GROUP, enable_auto_commit=False
    )
    await consumer.start()
    try:
        consumer.assign(partitions)
        await consumer.commit(await consumer.end_offsets(partitions))
    finally:
        await consumer.stop()


async def produce(bootstrap: str, messages: list[Message]) -> None:
    """Send in order (one partition per key keeps each participant's order), acks=all."""
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, acks="all", linger_ms=5, request_timeout_ms=60_000
    )
    await producer.start()
    try:
        pending: list[asyncio.Future[object]] = []
        for key, value, headers in messages:
            pending.append(await producer.send(PLACEMENT_PUBLIC, value, key=key, headers=headers))
            if len(pending) >= 2000:
                await asyncio.gather(*pending)
                pending = []
        await asyncio.gather(*pending)
    finally:
        await producer.stop()


class Ledger:
    """Direct reads of allowance's database: only to see how far it got at a fault."""

    def __init__(self, url: str) -> None:
        self.engine = create_async_engine(url, pool_size=1)

    async def booked(self) -> int:
        try:
            async with self.engine.connect() as conn:
                return int(await conn.scalar(text("SELECT count(*) FROM allowance_line")) or 0)
        except Exception:  # the table appears only once allowance has migrated
            return 0

    async def wait_until(self, holds: Callable[[int], bool], timeout: float = 120) -> int:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not holds(count := await self.booked()):
            if loop.time() > deadline:
                raise AssertionError(f"booking did not progress (at {count} lines)")
            await asyncio.sleep(0.02)
        return count


def start_allowance(
    group: ServiceGroup, kafka: str, postgres: PostgresServer, max_records: int
) -> tuple[ServiceProcess, str]:
    database_url = postgres.create_database(f"e2e_burst_{uuid.uuid4().hex[:8]}")
    env = {
        "DATABASE_URL": database_url,
        "KAFKA_BOOTSTRAP_SERVERS": kafka,
        "LOG_LEVEL": "WARNING",
        "CONSUMER_MAX_RECORDS": str(max_records),
    }
    return group.start("allowance", free_port(), env, timeout=90), database_url


async def month_totals(client: httpx.AsyncClient, url: str, month: str) -> dict[str, int]:
    """Every participant's total of `month` from the reconciliation read (keyset-paged)."""
    totals: dict[str, int] = {}
    after: str | None = None
    while True:
        params: dict[str, str | int] = {"limit": 10000}
        if after:
            params["after"] = after
        response = await client.get(f"{url}/allowance/months/{month}", params=params)
        assert response.status_code == 200, response.text
        body = response.json()
        totals |= {p["participant_ref"]: p["total_cents"] for p in body["participants"]}
        after = body["next_after"]
        if not after:
            return totals


async def assert_exact(client: httpx.AsyncClient, url: str, data: Burst) -> None:
    """Wait until the month reads match, then check every participant's monthly total on the
    participant endpoint too: exactly the expected figure, no more and no less."""
    wanted: dict[str, dict[str, int]] = defaultdict(dict)
    for (ref, month), total in data.expected.items():
        wanted[month][ref] = total

    async def months_match() -> bool:
        for month in data.months:
            if await month_totals(client, url, month) != wanted[month]:
                return False
        return True

    await eventually(months_match, timeout=150, what="every participant's months exact")
    semaphore = asyncio.Semaphore(16)

    async def one(ref: str, month: str) -> tuple[tuple[str, str], int]:
        async with semaphore:
            response = await client.get(
                f"{url}/participants/{ref}/allowance", params={"month": month}
            )
        assert response.status_code == 200, response.text
        return (ref, month), response.json()["total_cents"]

    found = dict(await asyncio.gather(*(one(ref, month) for ref, month in data.expected)))
    assert found == data.expected


async def test_burst_of_20000_with_two_sigkills(
    local_kafka: LocalKafka, postgres: PostgresServer, service_processes: ServiceGroup
) -> None:
    data = burst(participants=200, days=100, seed=20261121)  # 20,000 HoursLogged
    assert data.entries == 20_000 and data.duplicates == 1_000 and data.corrections > 0
    kafka = local_kafka.bootstrap_servers
    await skip_old_events(kafka)
    allowance, database_url = start_allowance(service_processes, kafka, postgres, 100)
    ledger = Ledger(database_url)
    try:
        sender = asyncio.create_task(produce(kafka, data.messages))
        first = await ledger.wait_until(lambda n: n >= 1000)
        allowance.kill()
        at_first_kill = await ledger.booked()
        assert 0 < at_first_kill < data.entries, "the first kill must land mid-stream"
        allowance.start()
        await allowance.await_ready(90)
        at_second = await ledger.wait_until(lambda n: n >= at_first_kill + 3000)
        allowance.kill()
        at_second_kill = await ledger.booked()
        assert at_first_kill < at_second_kill < data.entries, "the second kill: mid-stream"
        await sender
        print(
            f"burst: {len(data.messages)} messages ({data.duplicates} duplicates, "
            f"{data.corrections} corrections); killed at {at_first_kill} (seen {first}) "
            f"and {at_second_kill} (seen {at_second}) booked lines"
        )
        allowance.start()
        await allowance.await_ready(90)
        async with httpx.AsyncClient(timeout=60) as client:
            await assert_exact(client, allowance.url, data)
        assert await ledger.booked() == data.entries  # one line per entry, never two
    finally:
        await ledger.engine.dispose()


async def test_burst_with_broker_restart(
    local_kafka: LocalKafka, postgres: PostgresServer, service_processes: ServiceGroup
) -> None:
    data = burst(participants=50, days=100, seed=4711)  # 5,000 HoursLogged
    kafka = local_kafka.bootstrap_servers
    await skip_old_events(kafka)
    allowance, database_url = start_allowance(service_processes, kafka, postgres, 50)
    ledger = Ledger(database_url)
    half = len(data.messages) // 2
    try:
        await produce(kafka, data.messages[:half])
        await ledger.wait_until(lambda n: n > 0)
        before = await ledger.booked()
        await local_kafka.arestart()  # graceful stop, start on the same port and data
        after = await ledger.booked()
        # The second half is sent to the restarted broker by a new producer.
        await produce(kafka, data.messages[half:])
        print(f"broker restarted between {before} and {after} of {data.entries} booked lines")
        assert 0 < before <= after < data.entries, "the restart must land mid-stream"
        async with httpx.AsyncClient(timeout=60) as client:
            await assert_exact(client, allowance.url, data)
        assert await ledger.booked() == data.entries
        assert allowance.is_running
    finally:
        await ledger.engine.dispose()
