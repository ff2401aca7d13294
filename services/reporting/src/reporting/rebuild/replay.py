"""Replay the subscription's topics into a store through the live subscription's code.

The records go through the chassis `BatchProcessor` with the very subscription the service
runs (`read_model_subscription()`, same name, so the same inbox rows): decoding, the
tolerant reader, inbox dedup and the (batch) handlers are the live code path. Only dead
letters differ: the running service has sent them already, so the replay counts them instead.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from aiokafka import AIOKafkaProducer, TopicPartition
from chassis.consumer import BatchProcessor
from chassis.metrics import ChassisMetrics
from chassis.store import Database
from chassis.store.migrations import upgrade
from chassis.store.tables import inbox_table
from sqlalchemy import delete, func, select

from chassis import UnitOfWork
from reporting.app import MIGRATIONS
from reporting.consumers.read_model import SUBSCRIPTION_NAME, read_model_subscription
from reporting.rebuild.log_reader import LogReader
from reporting.store.tables import (
    BUSINESS_TABLES,
    allowance_statement_table,
    hours_entry_table,
    placement_table,
    refusal_table,
)

FACT_TABLES = (
    placement_table,
    hours_entry_table,
    refusal_table,
    allowance_statement_table,
    *BUSINESS_TABLES,
)


class StoreNotEmpty(Exception):
    """The target store already holds facts or inbox rows of the read model."""


@dataclass(frozen=True)
class Progress:
    """Where a replay stands."""

    records: int
    total: int
    seconds: float

    @property
    def rate(self) -> float:
        """Records per second so far."""
        return self.records / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True)
class ReplayStats:
    """What a replay did."""

    records: int
    applied: int
    duplicates_skipped: int
    dead_letters: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.records / self.seconds if self.seconds > 0 else 0.0


class _DeadLetterCounter:
    """Stands in for the producer: the live service has dead-lettered these records already."""

    def __init__(self) -> None:
        self.count = 0

    async def send(self, *_args: Any, **_kwargs: Any) -> asyncio.Future[None]:
        self.count += 1
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        future.set_result(None)
        return future


async def prepare_store(database: Database, *, reset: bool = False) -> None:
    """Create or migrate the store; it must hold no read model state unless `reset`."""
    await upgrade(database, MIGRATIONS)
    inbox = inbox_table.c.subscription == SUBSCRIPTION_NAME
    async with UnitOfWork(database) as uow:
        if reset:
            for table in FACT_TABLES:
                await uow.session.execute(delete(table))
            await uow.session.execute(delete(inbox_table).where(inbox))
            await uow.commit()
            return
        count = select(func.count())
        counts = [await uow.session.scalar(count.select_from(t)) for t in FACT_TABLES]
        counts.append(await uow.session.scalar(count.select_from(inbox_table).where(inbox)))
    if any(counts):
        raise StoreNotEmpty(
            "the store already holds read model rows; rebuild into an empty database "
            "(or pass --reset to delete the facts and the read_model inbox first)"
        )


async def replay(
    database: Database,
    bootstrap_servers: str,
    *,
    topics: str | Sequence[str] | None = None,
    until: Mapping[TopicPartition, int] | None = None,
    max_records: int = 1000,
    on_progress: Callable[[Progress], None] | None = None,
    progress_seconds: float = 2.0,
) -> ReplayStats:
    """Apply `topics` (default: every topic the live subscription reads) from their beginning
    up to the end offsets at start (or `until`)."""
    subscription = read_model_subscription()
    metrics = ChassisMetrics("reporting-rebuild")
    dead = _DeadLetterCounter()
    processor = BatchProcessor(
        subscription,
        lambda: UnitOfWork(database),
        cast(AIOKafkaProducer, dead),
        "replay-dead-letters-not-sent",
        metrics,
    )
    reader = LogReader(
        bootstrap_servers,
        subscription.topics if topics is None else topics,
        until=until,
        max_records=max_records,
    )
    records = 0
    started = time.perf_counter()
    last_report = started
    await reader.start()
    try:
        async for batch in reader.batches():
            await processor.process(batch)
            records += len(batch)
            now = time.perf_counter()
            if on_progress is not None and now - last_report >= progress_seconds:
                on_progress(Progress(records, reader.total, now - started))
                last_report = now
    finally:
        await reader.stop()
    seconds = time.perf_counter() - started
    if on_progress is not None:
        on_progress(Progress(records, reader.total, seconds))
    return ReplayStats(
        records=records,
        applied=int(_sample(metrics, "gemeinwerk_events_applied_total")),
        duplicates_skipped=int(_sample(metrics, "gemeinwerk_inbox_duplicates_skipped_total")),
        dead_letters=dead.count,
        seconds=seconds,
    )


def _sample(metrics: ChassisMetrics, name: str) -> float:
    """Sum of a counter over all its label sets."""
    return sum(
        sample.value
        for family in metrics.registry.collect()
        for sample in family.samples
        if sample.name == name
    )
