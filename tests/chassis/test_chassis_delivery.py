"""The chassis on real Kafka: outbox to topic, batch consumption, inbox dedup, dead letters."""

from __future__ import annotations

import asyncio
import sys
import uuid
from datetime import date
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from gemeinwerk_contracts import HoursLogged, encode, envelope_for
from gemeinwerk_contracts.topics import PLACEMENT_PUBLIC, dead_letter_topic
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).parent))
import toy_service

pytestmark = pytest.mark.integration


def hours(ref: uuid.UUID, minutes: int) -> HoursLogged:
    return HoursLogged(
        participant_ref=ref,
        entry_id=uuid.uuid4(),
        placement_id=uuid.uuid4(),
        provider_id=uuid.uuid4(),
        work_date=date(2026, 11, 2),
        worked_minutes=minutes,
    )


async def minutes_of(runtime, ref: uuid.UUID) -> int | None:
    async with runtime.uow() as uow:
        return (
            await uow.session.execute(
                select(toy_service.minutes_table.c.minutes).where(
                    toy_service.minutes_table.c.participant_ref == str(ref)
                )
            )
        ).scalar_one_or_none()


async def wait_for(predicate, timeout: float = 60.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.2)


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path}/toy.db"
    postgres = request.getfixturevalue("postgres")
    return postgres.create_database(f"toy_{uuid.uuid4().hex[:8]}")


async def test_outbox_inbox_and_dead_letters(database_url, kafka_bootstrap_servers):
    name = f"toy{uuid.uuid4().hex[:6]}"
    runtime = toy_service.build(database_url, kafka_bootstrap_servers, name)
    await runtime.start()
    try:
        ref = uuid.uuid4()
        # Through the outbox: 200 events in 4 transactions.
        for _ in range(4):
            async with runtime.uow() as uow:
                for _ in range(50):
                    uow.publish(hours(ref, 30))
                await uow.commit()

        async def all_applied() -> bool:
            return await minutes_of(runtime, ref) == 200 * 30

        await wait_for(all_applied)

        # A duplicate (same ce_id), garbage, and an event the handler rejects.
        producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap_servers)
        await producer.start()
        try:
            event = hours(ref, 45)
            headers = envelope_for(event).to_headers()
            key = event.partition_key().encode()
            await producer.send_and_wait(PLACEMENT_PUBLIC, encode(event), key=key, headers=headers)
            await producer.send_and_wait(PLACEMENT_PUBLIC, encode(event), key=key, headers=headers)
            await producer.send_and_wait(PLACEMENT_PUBLIC, b"\x00not json", key=key)
            rejected = hours(ref, toy_service.REJECTED_MINUTES)
            await producer.send_and_wait(
                PLACEMENT_PUBLIC,
                encode(rejected),
                key=key,
                headers=envelope_for(rejected).to_headers(),
            )
            after = hours(ref, 15)
            await producer.send_and_wait(
                PLACEMENT_PUBLIC, encode(after), key=key, headers=envelope_for(after).to_headers()
            )
        finally:
            await producer.stop()

        async def stream_went_on() -> bool:
            return await minutes_of(runtime, ref) == 200 * 30 + 45 + 15

        await wait_for(stream_went_on)
        assert runtime.metrics.duplicates_skipped._value.get() >= 1

        consumer = AIOKafkaConsumer(
            dead_letter_topic(name),
            bootstrap_servers=kafka_bootstrap_servers,
            auto_offset_reset="earliest",
            group_id=None,
        )
        await consumer.start()
        try:
            letters = []
            deadline = asyncio.get_running_loop().time() + 30
            while len(letters) < 2 and asyncio.get_running_loop().time() < deadline:
                batch = await consumer.getmany(timeout_ms=1000)
                letters += [r for records in batch.values() for r in records if r.key == key]
        finally:
            await consumer.stop()
        causes = sorted(dict(r.headers)["dlq_cause"].decode() for r in letters)
        assert causes == ["contract", "handler"]
        garbage = next(r for r in letters if dict(r.headers)["dlq_cause"] == b"contract")
        assert garbage.value == b"\x00not json"
        assert b"ce_id" in dict(garbage.headers)["dlq_reason"]
    finally:
        await runtime.stop()
