"""Outbox relay: publishes committed outbox rows to Kafka, in commit order, then deletes them.

Only the holder of the relay lease publishes, so several instances of a service never
publish the same rows side by side. A send that fails is retried; rows already sent are
sent again then, which consumers' inboxes absorb (at-least-once, never lost).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from datetime import UTC, datetime, timedelta

from aiokafka import AIOKafkaProducer
from sqlalchemy import delete, func, insert, select, update

from chassis.metrics import ChassisMetrics
from chassis.store.database import Database
from chassis.store.tables import outbox_lease_table, outbox_table

log = logging.getLogger(__name__)
LEASE_NAME = "relay"


class OutboxRelay:
    """Background task of every producing service."""

    def __init__(
        self,
        database: Database,
        producer: AIOKafkaProducer,
        metrics: ChassisMetrics,
        *,
        batch_size: int = 1000,
        poll_seconds: float = 0.5,
        lease_seconds: float = 15.0,
    ) -> None:
        self._database = database
        self._producer = producer
        self._metrics = metrics
        self._batch_size = batch_size
        self._poll_seconds = poll_seconds
        self._lease_seconds = lease_seconds
        self._holder = f"{uuid.uuid4()}"
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def notify(self) -> None:
        """Called after a commit that wrote events: publish now instead of at the next poll."""
        self._wake.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="outbox-relay")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        await self._release_lease()

    async def _run(self) -> None:
        backoff = 0.5
        while True:
            try:
                published = await self.publish_pending() if await self._hold_lease() else 0
                backoff = 0.5
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("outbox relay failed; retrying in %.1f s", backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 30.0)
                continue
            if published < self._batch_size:
                await self._idle()

    async def _idle(self) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=self._poll_seconds)
        self._wake.clear()

    async def publish_pending(self) -> int:
        """Publish one batch of outbox rows; returns how many were published."""
        async with self._database.session() as session:
            rows = (
                await session.execute(
                    select(outbox_table).order_by(outbox_table.c.seq).limit(self._batch_size)
                )
            ).all()
            await session.commit()
        if not rows:
            self._metrics.outbox_backlog.set(0)
            self._metrics.outbox_oldest_age.set(0)
            return 0
        futures = []
        for row in rows:
            headers = [(name, value.encode()) for name, value in json.loads(row.headers)]
            futures.append(
                await self._producer.send(
                    row.topic, value=row.payload, key=row.partition_key.encode(), headers=headers
                )
            )
        await asyncio.gather(*futures)
        async with self._database.session() as session:
            await session.execute(
                delete(outbox_table).where(outbox_table.c.seq.in_([r.seq for r in rows]))
            )
            backlog, oldest = (
                await session.execute(select(func.count(), func.min(outbox_table.c.created_at)))
            ).one()
            await session.commit()
        self._metrics.outbox_published.inc(len(rows))
        self._metrics.outbox_backlog.set(backlog)
        self._metrics.outbox_oldest_age.set(_age_seconds(oldest))
        return len(rows)

    async def _hold_lease(self) -> bool:
        now = datetime.now(UTC)
        expires = now + timedelta(seconds=self._lease_seconds)
        table = outbox_lease_table
        async with self._database.session() as session:
            result = await session.execute(
                update(table)
                .where(table.c.name == LEASE_NAME)
                .where(
                    (table.c.holder == self._holder)
                    | (table.c.holder.is_(None))
                    | (table.c.expires_at < now)
                )
                .values(holder=self._holder, expires_at=expires)
            )
            if result.rowcount == 0:  # type: ignore[attr-defined]
                exists = (
                    await session.execute(select(table.c.name).where(table.c.name == LEASE_NAME))
                ).first()
                if exists is not None:
                    await session.commit()
                    return False
                await session.execute(
                    insert(table).values(name=LEASE_NAME, holder=self._holder, expires_at=expires)
                )
            await session.commit()
        return True

    async def _release_lease(self) -> None:
        try:
            async with self._database.session() as session:
                await session.execute(
                    update(outbox_lease_table)
                    .where(outbox_lease_table.c.holder == self._holder)
                    .values(holder=None, expires_at=None)
                )
                await session.commit()
        except Exception:
            log.warning("could not release the relay lease; it expires by itself")


def _age_seconds(created_at: datetime | None) -> float:
    if created_at is None:
        return 0.0
    if created_at.tzinfo is None:  # SQLite returns naive datetimes
        created_at = created_at.replace(tzinfo=UTC)
    return max(0.0, (datetime.now(UTC) - created_at).total_seconds())
