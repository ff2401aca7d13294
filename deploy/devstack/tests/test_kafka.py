"""LocalKafka: produce/consume round trip, restart and kill keep the data."""

from __future__ import annotations

import uuid

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from devstack.kafka import LocalKafka, ensure_kafka_libs

pytestmark = pytest.mark.integration


async def _produce(servers: str, topic: str, values: list[bytes]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=servers, acks="all")
    await producer.start()
    try:
        for value in values:
            await producer.send_and_wait(topic, value, key=b"k")
    finally:
        await producer.stop()


async def _consume(servers: str, topic: str, count: int) -> list[bytes]:
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=servers,
        group_id=f"devstack-test-{uuid.uuid4().hex}",
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        received: list[bytes] = []
        while len(received) < count:
            batches = await consumer.getmany(timeout_ms=10_000)
            if not batches:
                break
            received += [r.value for records in batches.values() for r in records if r.value]
        return received
    finally:
        await consumer.stop()


def test_libs_are_cached() -> None:
    libs = ensure_kafka_libs()
    assert (libs.parent / ".complete").exists()
    assert any(libs.glob("kafka_2.13-3.9.*.jar"))
    assert any(libs.glob("slf4j-reload4j-*.jar"))


async def test_round_trip_on_shared_broker(kafka_bootstrap_servers: str) -> None:
    topic = f"devstack-{uuid.uuid4().hex[:8]}"
    await _produce(kafka_bootstrap_servers, topic, [b"hallo", b"welt"])
    assert await _consume(kafka_bootstrap_servers, topic, 2) == [b"hallo", b"welt"]


async def test_restart_keeps_topic_data(local_kafka: LocalKafka) -> None:
    topic = f"devstack-restart-{uuid.uuid4().hex[:8]}"
    servers = local_kafka.bootstrap_servers
    await _produce(servers, topic, [b"vorher"])
    await local_kafka.arestart()
    assert local_kafka.bootstrap_servers == servers
    await _produce(servers, topic, [b"nachher"])
    assert await _consume(servers, topic, 2) == [b"vorher", b"nachher"]


async def test_kill_and_start_keeps_topic_data(local_kafka: LocalKafka) -> None:
    topic = f"devstack-kill-{uuid.uuid4().hex[:8]}"
    await _produce(local_kafka.bootstrap_servers, topic, [b"eins"])
    local_kafka.kill()
    assert not local_kafka.is_running
    await local_kafka.astart()
    assert await _consume(local_kafka.bootstrap_servers, topic, 1) == [b"eins"]
    assert "Kafka Server started" in local_kafka.log_path.read_text()


def test_left_down_broker_is_revived(local_kafka: LocalKafka) -> None:
    local_kafka.stop()  # the plugin restarts it after this test


def test_broker_is_back_after_previous_test(local_kafka: LocalKafka) -> None:
    assert local_kafka.is_running


def test_startup_failure_shows_log_tail(tmp_path) -> None:  # type: ignore[no-untyped-def]
    broker = LocalKafka(data_dir=tmp_path, extra_config={"num.partitions": "not-a-number"})
    with pytest.raises(RuntimeError, match=r"not-a-number|Invalid value"):
        broker.start()
    assert not broker.is_running
