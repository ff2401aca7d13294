"""Batch consumption with exactly-once effects.

For each batch of Kafka records: decode (undecodable → dead-letter topic), skip events the
inbox already has, apply the rest through the service's handlers and record their ids in
the inbox — all in one transaction. Only after the commit are dead letters sent and the
offsets committed (FastStream acks after the handler returns). Any other error rolls the
batch back and FastStream seeks to its first record, so it is delivered again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaProducer, ConsumerRecord
from gemeinwerk_contracts import ContractError, Envelope, EnvelopeError, Event, decode_data

from chassis.inbox import already_applied, record_applied
from chassis.logs import correlation_id_var, event_id_var
from chassis.metrics import ChassisMetrics
from chassis.uow import UnitOfWork

log = logging.getLogger(__name__)

Handler = Callable[[UnitOfWork, Envelope, Any], Awaitable[None]]
BatchHandler = Callable[[UnitOfWork, Sequence[tuple[Envelope, Any]]], Awaitable[None]]


class RejectEvent(Exception):
    """Raised by a handler for a well-formed event it can never apply; it is dead-lettered.

    A batch handler names the rejected event by `event_id` (its envelope id).
    """

    def __init__(self, reason: str, event_id: str | None = None) -> None:
        super().__init__(reason)
        self.event_id = event_id


@dataclass
class Subscription:
    """What one consumer group of a service listens to and how it applies each type."""

    name: str
    topics: tuple[str, ...]
    handlers: dict[type[Event], Handler] = field(default_factory=dict)
    """Called once per new event."""
    batch_handlers: dict[type[Event], BatchHandler] = field(default_factory=dict)
    """Called once per run of consecutive new events of one type, for bulk reads and writes;
    runs keep the order of the partition, so a start is still applied before its hours."""
    description: str = ""
    after_commit: Callable[[], Awaitable[None]] | None = None
    handled_types: dict[str, type[Event]] = field(init=False)

    def __post_init__(self) -> None:
        self.handled_types = {cls.TYPE: cls for cls in (*self.handlers, *self.batch_handlers)}


@dataclass
class DeadLetter:
    record: ConsumerRecord[Any, Any]
    cause: str
    reason: str


@dataclass
class _Decoded:
    record: ConsumerRecord[Any, Any]
    envelope: Envelope
    event: Event


class BatchProcessor:
    """Applies one batch of records for one subscription."""

    def __init__(
        self,
        subscription: Subscription,
        new_uow: Callable[[], UnitOfWork],
        producer: AIOKafkaProducer,
        dead_letter_topic: str,
        metrics: ChassisMetrics,
    ) -> None:
        self.subscription = subscription
        self._new_uow = new_uow
        self._producer = producer
        self._dead_letter_topic = dead_letter_topic
        self._metrics = metrics
        self._failures = 0

    async def process(self, records: Sequence[ConsumerRecord[Any, Any]]) -> None:
        """Apply a batch; raises (after a back-off pause) when it must be redelivered."""
        decoded, dead = self._decode(records)
        try:
            while True:
                rejected = await self._apply(decoded)
                if rejected is None:
                    break
                decoded = [d for d in decoded if d is not rejected[0]]
                dead.append(DeadLetter(rejected[0].record, "handler", rejected[1]))
            await self._send_dead_letters(dead)
        except Exception:
            self._failures += 1
            self._metrics.batch_failures.inc()
            pause = min(0.5 * 2 ** min(self._failures, 6), 30.0)
            log.exception("batch of %d failed; redelivering in %.1f s", len(records), pause)
            await asyncio.sleep(pause)
            raise
        self._failures = 0
        if self.subscription.after_commit is not None:
            try:
                await self.subscription.after_commit()
            except Exception:
                # The batch is committed; redelivering it would change nothing.
                log.exception("after_commit hook of %s failed", self.subscription.name)

    def _decode(
        self, records: Sequence[ConsumerRecord[Any, Any]]
    ) -> tuple[list[_Decoded], list[DeadLetter]]:
        decoded: list[_Decoded] = []
        dead: list[DeadLetter] = []
        for record in records:
            try:
                envelope = Envelope.from_headers(record.headers or ())
            except EnvelopeError as exc:
                dead.append(DeadLetter(record, "contract", str(exc)))
                continue
            if envelope.type not in self.subscription.handled_types:
                continue  # tolerant reader: types this service does not consume
            try:
                event = decode_data(envelope, record.value)
            except ContractError as exc:
                dead.append(DeadLetter(record, "contract", str(exc)))
                continue
            decoded.append(_Decoded(record, envelope, event))
        return decoded, dead

    async def _apply(self, batch: list[_Decoded]) -> tuple[_Decoded, str] | None:
        """One transaction for the batch; returns the event a handler rejected, if any."""
        if not batch:
            return None
        name = self.subscription.name
        async with self._new_uow() as uow:
            seen = await already_applied(uow.session, name, [d.envelope.id for d in batch])
            fresh: list[_Decoded] = []
            for item in batch:
                if item.envelope.id in seen:
                    self._metrics.duplicates_skipped.inc()
                    continue
                seen.add(item.envelope.id)  # a duplicate inside the same batch
                fresh.append(item)
            for run in self._runs(fresh):
                try:
                    await self._handle(uow, run)
                except RejectEvent as exc:
                    log.warning("event rejected by handler: %s", exc)
                    rejected = next((d for d in run if d.envelope.id == exc.event_id), run[0])
                    return rejected, str(exc)
            applied = [(d.envelope.id, d.envelope.type) for d in fresh]
            await record_applied(uow.session, name, applied)
            await uow.commit()
        for _, event_type in applied:
            self._metrics.applied(event_type)
        return None

    def _runs(self, items: list[_Decoded]) -> list[list[_Decoded]]:
        """Consecutive events of a type with a batch handler form one run; others run alone."""
        runs: list[list[_Decoded]] = []
        for item in items:
            kind = type(item.event)
            if (
                runs
                and kind in self.subscription.batch_handlers
                and type(runs[-1][0].event) is kind
            ):
                runs[-1].append(item)
            else:
                runs.append([item])
        return runs

    async def _handle(self, uow: UnitOfWork, run: list[_Decoded]) -> None:
        kind = type(run[0].event)
        batch_handler = self.subscription.batch_handlers.get(kind)
        if batch_handler is not None:
            await batch_handler(uow, [(d.envelope, d.event) for d in run])
            return
        (item,) = run
        event_token = event_id_var.set(item.envelope.id)
        correlation_token = correlation_id_var.set(item.envelope.correlationid)
        try:
            await self.subscription.handlers[kind](uow, item.envelope, item.event)
        finally:
            event_id_var.reset(event_token)
            correlation_id_var.reset(correlation_token)

    async def _send_dead_letters(self, dead: list[DeadLetter]) -> None:
        futures = []
        for letter in dead:
            record = letter.record
            headers = [
                *(record.headers or ()),
                ("dlq_reason", letter.reason[:2000].encode()),
                ("dlq_cause", letter.cause.encode()),
                ("dlq_source", f"{record.topic}/{record.partition}/{record.offset}".encode()),
                ("dlq_subscription", self.subscription.name.encode()),
            ]
            log.error(
                "dead-lettering %s/%d/%d: %s",
                record.topic,
                record.partition,
                record.offset,
                letter.reason,
            )
            futures.append(
                await self._producer.send(
                    self._dead_letter_topic, value=record.value, key=record.key, headers=headers
                )
            )
        await asyncio.gather(*futures)
        for letter in dead:
            self._metrics.dead_lettered(letter.cause)
