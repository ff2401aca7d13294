"""Replay speed of the rebuild in events per second (a figure for `make bench`, no assertion).

Writes `events` synthetic placement events (mostly hours entries, as in real traffic: per
placement one start, hours entries and at times a refusal or an end) to a fresh topic of
their own, then replays that topic into an empty store with the rebuild's code path.

    python -m reporting.rebuild.bench --bootstrap-servers HOST:PORT --database-url URL \
        [--events 50000]

From Python (e.g. benchmarks/): `stats = await measure_replay(servers, url, events)`;
`stats.rate` is events per second, `stats.line()` a printable line.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import uuid
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from decimal import Decimal

from aiokafka import AIOKafkaProducer
from chassis.kafka import ensure_topics
from chassis.store import Database
from gemeinwerk_contracts import (
    Event,
    HoursLogged,
    PlacementEnded,
    PlacementStarted,
    RefusalRecorded,
    encode,
    envelope_for,
)
from gemeinwerk_contracts.vocabulary import (
    EndReason,
    LegalBasis,
    OpportunityCategory,
    ProviderKind,
    RefusalKind,
)

from reporting.rebuild.replay import ReplayStats, prepare_store, replay

HOURS_PER_PLACEMENT = 40


def synthetic_events(count: int, seed: int = 7) -> Iterator[Event]:
    """`count` plausible placement events: per placement a start, 40 hours entries, an end."""
    rng = random.Random(seed)
    produced = 0
    while produced < count:
        ref, pid = uuid.UUID(int=rng.getrandbits(128)), uuid.UUID(int=rng.getrandbits(128))
        start = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 700))
        events: list[Event] = [
            PlacementStarted(
                participant_ref=ref,
                placement_id=pid,
                opportunity_id=uuid.uuid4(),
                provider_id=uuid.uuid4(),
                provider_kind=rng.choice(list(ProviderKind)),
                municipality_key=f"034590{rng.randrange(1, 22):02d}",
                legal_basis=rng.choice(list(LegalBasis)),
                start_date=start,
                hours_per_week=Decimal("20"),
                category=rng.choice(list(OpportunityCategory)),
            )
        ]
        events += [
            HoursLogged(
                participant_ref=ref,
                entry_id=uuid.UUID(int=rng.getrandbits(128)),
                placement_id=pid,
                provider_id=uuid.uuid4(),
                work_date=start + timedelta(days=day),
                worked_minutes=rng.randrange(60, 480),
            )
            for day in range(HOURS_PER_PLACEMENT)
        ]
        if rng.random() < 0.1:
            events.append(
                RefusalRecorded(
                    participant_ref=ref,
                    refusal_id=uuid.uuid4(),
                    placement_id=pid,
                    kind=RefusalKind.NO_SHOW,
                    refusal_date=start + timedelta(days=3),
                    justified=False,
                    legal_notice_given=True,
                )
            )
        events.append(
            PlacementEnded(
                participant_ref=ref,
                placement_id=pid,
                end_date=start + timedelta(days=HOURS_PER_PLACEMENT),
                reason=rng.choice(list(EndReason)),
            )
        )
        yield from events[: count - produced]
        produced += min(len(events), count - produced)


async def produce(bootstrap_servers: str, topic: str, count: int) -> None:
    """Write `count` synthetic events to `topic` (created with 3 partitions)."""
    await ensure_topics(bootstrap_servers, [topic], 3)
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap_servers, acks="all", linger_ms=10, max_batch_size=512 * 1024
    )
    await producer.start()
    try:
        pending = []
        for event in synthetic_events(count):
            envelope = envelope_for(event)
            pending.append(
                await producer.send(
                    topic,
                    value=encode(event),
                    key=str(event.partition_key()).encode(),
                    headers=envelope.to_headers(),
                )
            )
            if len(pending) >= 5000:
                await asyncio.gather(*pending)
                pending.clear()
        await asyncio.gather(*pending)
    finally:
        await producer.stop()


async def measure_replay(
    bootstrap_servers: str, database_url: str, events: int = 50_000, max_records: int = 1000
) -> ReplayStats:
    """Produce `events` to a fresh topic, replay it into the (empty) store, return the stats."""
    topic = f"gemeinwerk.bench.placement.{uuid.uuid4().hex[:8]}"
    await produce(bootstrap_servers, topic, events)
    database = Database(database_url)
    try:
        await prepare_store(database)
        return await replay(database, bootstrap_servers, topics=topic, max_records=max_records)
    finally:
        await database.dispose()


def line(stats: ReplayStats) -> str:
    """One benchmark line in the style of benchmarks/outbox_to_consumers.py."""
    return f"{'reporting rebuild (replay from the log)':<44} {stats.rate:>10,.0f} ev/s"


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m reporting.rebuild.bench`."""
    cli = argparse.ArgumentParser(prog="python -m reporting.rebuild.bench")
    cli.add_argument("--bootstrap-servers", required=True)
    cli.add_argument("--database-url", required=True, help="an empty store")
    cli.add_argument("--events", type=int, default=50_000)
    cli.add_argument("--max-records", type=int, default=1000)
    args = cli.parse_args(argv)
    stats = asyncio.run(
        measure_replay(args.bootstrap_servers, args.database_url, args.events, args.max_records)
    )
    print(line(stats))
    print(f"  {stats.records:,} events in {stats.seconds:,.2f} s, applied {stats.applied:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
