"""Reading topics from their beginning up to fixed end offsets, without a consumer group."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

Offsets = dict[TopicPartition, int]
"""Topic partition → offset (the next offset to read, i.e. exclusive end)."""


def _topics(topics: str | Sequence[str]) -> tuple[str, ...]:
    return (topics,) if isinstance(topics, str) else tuple(topics)


async def committed_offsets(
    bootstrap_servers: str, group: str, topics: str | Sequence[str]
) -> Offsets:
    """The offsets a consumer group has committed on `topics` (partitions without: none)."""
    wanted = _topics(topics)
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        offsets = await admin.list_consumer_group_offsets(group)
    finally:
        await admin.close()
    return {
        TopicPartition(tp.topic, tp.partition): meta.offset
        for tp, meta in offsets.items()
        if tp.topic in wanted and meta.offset >= 0
    }


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
    """A consumer without a group: assigns every partition of the topics, seeks to the
    beginning and reads until the end offsets captured at start (or given, per topic
    partition; a partition not given is not read), so the replay has a fixed end."""

    def __init__(
        self,
        bootstrap_servers: str,
        topics: str | Sequence[str],
        *,
        until: Mapping[TopicPartition, int] | None = None,
        max_records: int = 1000,
    ) -> None:
        self.topics = _topics(topics)
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
        """Connect, assign every partition of the topics and fix the end offsets."""
        assigned = [
            TopicPartition(topic, p)
            for topic in self.topics
            for p in await topic_partitions(self._bootstrap_servers, topic)
        ]
        await self._consumer.start()
        if not assigned:
            return
        self._consumer.assign(assigned)
        self.begin = await self._consumer.beginning_offsets(assigned)
        ends = await self._consumer.end_offsets(assigned)
        if self._until is not None:
            ends = {tp: min(ends[tp], self._until.get(tp, 0)) for tp in assigned}
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
