"""Benchmark: hours entries from placement's outbox to allowance and reporting.

Starts Kafka, PostgreSQL and the placement, allowance and reporting services as processes,
pushes `--events` hours entries through placement's batch endpoint (each commit writes the
entries and their HoursLogged events to the outbox), and measures until both consumers have
applied them all. Beside it, in the same run and on the same broker, a baseline: raw aiokafka
produce and consume of as many messages of the same size.

Latency of the services is matched first-in-first-out: the k-th event accepted by placement
against the k-th event applied by the consumer (sampled from its /metrics every 20 ms). The
baseline measures each message exactly (send time in the payload).

    uv run python benchmarks/outbox_to_consumers.py --events 50000
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from devstack.infra import provide_kafka, provide_postgres
from devstack.ports import free_port
from devstack.processes import ServiceGroup

HOURS_TYPE = "de.gemeinwerk.placement.hours-logged.v1"
APPLIED = re.compile(
    r'gemeinwerk_events_applied_total\{[^}]*event_type="'
    + re.escape(HOURS_TYPE)
    + r'"[^}]*\} (\S+)'
)
BATCH = 1000
DAYS_PER_PLACEMENT = 250
START = date(2023, 1, 2)
SITE = {"street": "Am Bauhof 1", "postal_code": "49186", "city": "Bad Iburg"}


@dataclass
class Result:
    name: str
    events: int
    seconds: float
    latencies: list[float]

    def line(self) -> str:
        rate = self.events / self.seconds
        if not self.latencies:
            return f"{self.name:<44} {rate:>10,.0f} ev/s {'–':>13} {'–':>13}"
        lat = sorted(self.latencies)
        p50 = statistics.median(lat) * 1000
        p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000
        return f"{self.name:<44} {rate:>10,.0f} ev/s {p50:>10,.0f} ms {p99:>10,.0f} ms"


async def baseline(bootstrap: str, events: int, size: int) -> Result:
    """Raw aiokafka: idempotent producer with acks=all, one consumer, same message size."""
    topic = f"bench.baseline.{uuid.uuid4().hex[:8]}"
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, group_id=None, auto_offset_reset="earliest"
    )
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, acks="all", enable_idempotence=True, linger_ms=5
    )
    await producer.start()
    await producer.send_and_wait(topic, b"warm-up")  # creates the topic
    await consumer.start()
    latencies: list[float] = []
    padding = b"x" * max(0, size - 20)

    async def consume() -> None:
        while len(latencies) < events:
            batch = await consumer.getmany(timeout_ms=500)
            now = time.perf_counter()
            for records in batch.values():
                for record in records:
                    if record.value != b"warm-up":
                        latencies.append(now - float(record.value[:20]))

    started = time.perf_counter()
    reader = asyncio.create_task(consume())
    futures = []
    for i in range(events):
        value = f"{time.perf_counter():<20.6f}".encode() + padding
        futures.append(await producer.send(topic, value, key=str(i % 200).encode()))
        if len(futures) >= BATCH:
            await asyncio.gather(*futures)
            futures.clear()
    await asyncio.gather(*futures)
    await reader
    elapsed = time.perf_counter() - started
    await producer.stop()
    await consumer.stop()
    return Result("baseline: raw aiokafka produce → consume", events, elapsed, latencies)


async def applied(client: httpx.AsyncClient, url: str) -> int:
    text = (await client.get(f"{url}/metrics")).text
    return int(sum(float(v) for v in APPLIED.findall(text)))


async def prepare(client: httpx.AsyncClient, url: str, placements: int) -> list[str]:
    """A provider, one published opportunity with enough places, and `placements` started
    placements (each proposed, then its start confirmed)."""
    key = "03459004"
    provider = (
        await client.post(
            f"{url}/providers",
            json={"name": "Bench-Träger", "kind": "municipal", "municipality_key": key},
        )
    ).json()
    approved = await client.post(f"{url}/providers/{provider['id']}/approve")
    approved.raise_for_status()
    opportunity = (
        await client.post(
            f"{url}/opportunities",
            json={
                "provider_id": provider["id"],
                "title": "Grünpflege",
                "category": "green_space_care",
                "municipality_key": key,
                "places": placements,
                "hours_per_week": "20.00",
                "legal_bases": ["asylblg_5"],
                "start_date": START.isoformat(),
                "site_address": {
                    "street": "Am Bauhof 1",
                    "postal_code": "49186",
                    "city": "Bad Iburg",
                },
                "reporting_instructions": "Am ersten Tag um 8 Uhr am Bauhof melden.",
            },
        )
    ).json()
    published = await client.post(f"{url}/opportunities/{opportunity['id']}/publish")
    published.raise_for_status()
    ids = []
    for i in range(placements):
        person = (
            await client.post(
                f"{url}/participants",
                json={
                    "given_name": "Bench",
                    "family_name": f"Person {i}",
                    "municipality_key": key,
                    "legal_basis": "asylblg_5",
                },
            )
        ).json()
        proposed = await client.post(
            f"{url}/placements",
            json={
                "participant_id": person["id"],
                "opportunity_id": opportunity["id"],
                "start_date": START.isoformat(),
            },
        )
        proposed.raise_for_status()
        started = await client.post(f"{url}/placements/{proposed.json()['id']}/start")
        started.raise_for_status()
        ids.append(started.json()["id"])
    return ids


async def services_run(group: ServiceGroup, events: int) -> list[Result]:
    placement, allowance, reporting = (
        group[n].url for n in ("placement", "allowance", "reporting")
    )
    async with httpx.AsyncClient(timeout=120) as client:
        ids = await prepare(client, placement, -(-events // DAYS_PER_PLACEMENT))
        entries = [
            {
                "placement_id": pid,
                "work_date": (START + timedelta(days=d)).isoformat(),
                "worked_minutes": 120 + d % 90,
            }
            for d in range(DAYS_PER_PLACEMENT)
            for pid in ids
        ][:events]
        base = {url: await applied(client, url) for url in (allowance, reporting)}
        accepted: list[float] = []
        samples: dict[str, list[tuple[float, int]]] = {allowance: [], reporting: []}
        done = asyncio.Event()

        async def sample() -> None:
            async with httpx.AsyncClient(timeout=30) as poller:
                while not done.is_set():
                    for url in (allowance, reporting):
                        count = await applied(poller, url) - base[url]
                        samples[url].append((time.perf_counter(), count))
                    if all(s and s[-1][1] >= events for s in samples.values()):
                        done.set()
                    await asyncio.sleep(0.02)

        sampler = asyncio.create_task(sample())
        started = time.perf_counter()
        for i in range(0, len(entries), BATCH):
            chunk = entries[i : i + BATCH]
            response = await client.post(f"{placement}/hours/batch", json={"entries": chunk})
            response.raise_for_status()
            accepted += [time.perf_counter()] * len(chunk)
        api_seconds = time.perf_counter() - started
        await asyncio.wait_for(sampler, timeout=1800)
    results = [Result("placement API accept (batches of 1000)", events, api_seconds, [])]
    for name, url in (("allowance", allowance), ("reporting", reporting)):
        finished = next(t for t, c in samples[url] if c >= events)
        latencies, k = [], 0
        for t, count in samples[url]:
            while k < min(count, events):
                latencies.append(max(0.0, t - accepted[k]))
                k += 1
        results.append(
            Result(f"outbox → Kafka → {name} applied", events, finished - started, latencies)
        )
    return results


async def main_async(events: int) -> None:
    with (
        provide_kafka() as kafka,
        provide_postgres() as postgres,
        tempfile.TemporaryDirectory() as logs,
    ):
        group = ServiceGroup(Path(logs))
        with group:
            run = uuid.uuid4().hex[:6]
            for name in ("placement", "allowance", "reporting"):
                env = {
                    "DATABASE_URL": postgres.create_database(f"bench_{name}_{run}"),
                    "KAFKA_BOOTSTRAP_SERVERS": kafka,
                    "LOG_LEVEL": "WARNING",
                }
                group.start(name, free_port(), env, timeout=120)
            print(f"{events:,} hours entries; Kafka {kafka}; PostgreSQL; 2 cores", flush=True)
            results = [await baseline(kafka, events, size=260)]
            results += await services_run(group, events)
    print(f"\n{'':<44} {'throughput':>15} {'p50':>13} {'p99':>13}")
    for result in results:
        print(result.line())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=50_000)
    args = parser.parse_args()
    asyncio.run(main_async(args.events))


if __name__ == "__main__":
    main()
