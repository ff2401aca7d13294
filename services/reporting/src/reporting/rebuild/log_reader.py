"""Reading a topic from its beginning up to fixed end offsets, without a consumer group."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

Offsets = dict[int, int]
"""Partition → offset (the next offset to read, i.e. exclusive end)."""


async def committed_offsets(bootstrap_servers: str, group: str, topic: str) -> Offsets:
    """The offsets a consumer group has committed on `topic` (partitions without: none)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        offsets = await admin.list_consumer_group_offsets(group)
    finally:
        await admin.close()
    return {tp.partition: meta.offset for tp, meta in offsets.items() if tp.topic == topic}


async def topic_partitions(bootstrap_servers: str, topic: str) -> list[int]:
    """The partition numbers of `topic` (none if it does not exist; it is not created)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        if topic not in await admin.list_topics():
            return []
        described = await admin.describe_topics([topic])
    finally:
        await admin.close()
    return sorted(p["partition"] for t in described if t["topic"] == topic for p in t["partitions"])


class LogReader:
    """A consumer without a group: assigns every partition, seeks to the beginning and reads
    until the end offsets captured at start (or given), so the replay has a fixed end."""

    def __init__(
        self,
        bootstrap_servers: str,
        topic: str,
        *,
        until: Mapping[int, int] | None = None,
        max_records: int = 1000,
    ) -> None:
        self.topic = topic
        self._bootstrap_servers = bootstrap_servers
        self._until = dict(until) if until is not None else None
        self._max_records = max_records
        self._consumer = AIOKafkaConsumer(
            bootstrap_servers=bootstrap_servers,
            group_id=None,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            client_id="reporting-rebuild",
            max_partition_fetch_bytes=4 * 1024 * 1024,
        )
        self.begin: dict[TopicPartition, int] = {}
        self.end: dict[TopicPartition, int] = {}

    @property
    def total(self) -> int:
        """Records between the beginning and the end offsets (before compaction/retention)."""
        return sum(max(0, self.end[tp] - self.begin[tp]) for tp in self.end)

    async def start(self) -> None:
        """Connect, assign every partition of the topic and fix the end offsets."""
        partitions = await topic_partitions(self._bootstrap_servers, self.topic)
        await self._consumer.start()
        assigned = [TopicPartition(self.topic, p) for p in partitions]
        if not assigned:
            return
        self._consumer.assign(assigned)
        self.begin = await self._consumer.beginning_offsets(assigned)
        ends = await self._consumer.end_offsets(assigned)
        if self._until is not None:
            ends = {tp: min(ends[tp], self._until.get(tp.partition, 0)) for tp in assigned}
        self.end = ends
        await self._consumer.seek_to_beginning(*assigned)

    async def stop(self) -> None:
        await self._consumer.stop()

    async def batches(self) -> AsyncIterator[list[ConsumerRecord[Any, Any]]]:
        """Batches of up to `max_records` records, each partition in order, until every
        partition reached its end offset. A fetch often returns only a few records, so
        fetches are gathered until the batch is full (fewer, larger transactions)."""
        remaining = {tp for tp, end in self.end.items() if end > self.begin[tp]}
        batch: list[ConsumerRecord[Any, Any]] = []
        while remaining:
            fetched = await self._consumer.getmany(
                *remaining, timeout_ms=500, max_records=self._max_records - len(batch)
            )
            for tp, records in fetched.items():
                end = self.end[tp]
                batch += [record for record in records if record.offset < end]
            for tp in list(remaining):
                if await self._consumer.position(tp) >= self.end[tp]:
                    remaining.discard(tp)
                    self._consumer.pause(tp)
            if batch and (len(batch) >= self._max_records or not remaining):
                yield batch
                batch = []
        if batch:
            yield batch
