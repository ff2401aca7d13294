"""Kafka clients the chassis owns directly: the idempotent producer and topic set-up."""

from __future__ import annotations

import logging

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

log = logging.getLogger(__name__)


def create_producer(bootstrap_servers: str, client_id: str) -> AIOKafkaProducer:
    """Idempotent producer with acks=all: a retried send never duplicates or reorders."""
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap_servers,
        client_id=client_id,
        acks="all",
        enable_idempotence=True,
        linger_ms=5,
        max_batch_size=256 * 1024,
        compression_type=None,
    )


async def ensure_topics(bootstrap_servers: str, topics: list[str], partitions: int) -> None:
    """Create the topics a service needs; existing topics are left as they are."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [t for t in dict.fromkeys(topics) if t not in existing]
        if not missing:
            return
        new = [NewTopic(name=t, num_partitions=partitions, replication_factor=1) for t in missing]
        response = await admin.create_topics(new)
        # aiokafka reports per-topic failures in the response instead of raising them.
        failed = [
            f"{topic}: {message or code}"
            for topic, code, *rest in response.topic_errors
            for message in [rest[0] if rest else None]
            if code not in (0, TopicAlreadyExistsError.errno)
        ]
        if failed:
            raise RuntimeError("could not create topics: " + "; ".join(failed))
        log.info("created topics %s", ", ".join(missing))
    finally:
        await admin.close()
