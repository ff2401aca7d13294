"""Issue 6 proof: the demo district's year on real Kafka and PostgreSQL.

1. The synthetic demo district (reporting_demo_district.py: 21 municipalities, ~300 obliged, places
   150/50/100, proposals, starts, hours with corrections, refusals, sanctions, ends,
   statements, payment runs, notices; deliberately out of order) is published to the three
   public topics and the live reporting runtime (own consumer group) consumes it.
2. After it caught up and stopped, the test reads back every record its group committed on
   those topics (the demo events and whatever else other tests wrote to the shared topics),
   works out every figure with plain Python over those events (reporting_demo_expected.py, no
   reporting code) and compares EVERY figure of GET /figures (several selections) and of
   GET /kpis with it; the CSV and XLSX exports must carry the numbers of GET /figures.
3. A rebuild from the log into an empty store compares identical with the live store, and
   GET /figures on the rebuilt store gives the independent figures again.
"""

from __future__ import annotations

import asyncio
import calendar
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from asgi_lifespan import LifespanManager
from chassis.store import Database
from gemeinwerk_contracts import Envelope, Event, decode_data, encode
from reporting.app import build
from reporting.consumers.read_model import TOPICS
from reporting.domain.months import berlin_today
from reporting.rebuild.__main__ import run
from reporting.rebuild.log_reader import committed_offsets
from reporting.settings import Settings

sys.path.insert(0, str(Path(__file__).parent))  # the helper modules beside this file

from reporting_demo_district import MUNICIPALITIES, DemoStream
from reporting_demo_expected import Expected, Selection, check_exports

pytestmark = pytest.mark.integration

MONTHS = [(2019, m) for m in range(1, 13)]
SELECTIONS = [
    {},
    {"municipality_key": "03459004"},
    {"municipality_key": MUNICIPALITIES[-1]},
    {"provider_kind": "non_profit"},
    {"legal_basis": "sgb2_16d"},
    {"category": "food_bank"},
    {"legal_basis": "asylblg_5", "provider_kind": "municipal"},
]
FIGURE_KEYS = (
    "as_of",
    "stock_day",
    "places",
    "target_total",
    "target_progress_percent",
    "places_by_provider_kind",
    "obliged",
    "obliged_placed",
    "totals",
    "months",
)


async def publish(bootstrap: str, items: list[tuple[Envelope, Event]]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=20)
    await producer.start()
    try:
        futures = [
            await producer.send(
                event.TOPIC,
                value=encode(event),
                key=str(event.partition_key()).encode(),
                headers=envelope.to_headers(),
            )
            for envelope, event in items
        ]
        await asyncio.gather(*futures)
    finally:
        await producer.stop()


async def records_up_to(
    bootstrap: str, until: dict[TopicPartition, int]
) -> list[tuple[Envelope, Event]]:
    """Every decodable event on the topics up to the offsets a group committed."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    found: list[tuple[Envelope, Event]] = []
    try:
        wanted = {tp: offset for tp, offset in until.items() if offset > 0}
        if not wanted:
            return found
        consumer.assign(list(wanted))
        await consumer.seek_to_beginning(*wanted)
        position = {tp: await consumer.position(tp) for tp in wanted}
        while any(position[tp] < wanted[tp] for tp in wanted):
            batch = await consumer.getmany(timeout_ms=1000, max_records=5000)
            for tp, records in batch.items():
                for record in records:
                    position[tp] = record.offset + 1
                    if record.offset >= wanted[tp]:
                        continue
                    try:
                        envelope = Envelope.from_headers(record.headers)
                        found.append((envelope, decode_data(envelope, record.value)))
                    except Exception:
                        continue
            for tp in wanted:
                position[tp] = await consumer.position(tp)
    finally:
        await consumer.stop()
    return found


async def caught_up(bootstrap: str, group: str, minimum: int) -> dict[TopicPartition, int]:
    """Wait until the group committed the end offsets of all topics (at least `minimum`
    records in all); returns the committed offsets."""
    # Subscribed to the topics (without a group), so that its metadata knows their partitions
    # at once instead of after the metadata refresh interval (five minutes).
    consumer = AIOKafkaConsumer(*TOPICS, bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        for _ in range(1200):
            parts = [
                TopicPartition(topic, p)
                for topic in TOPICS
                for p in sorted(consumer.partitions_for_topic(topic) or ())
            ]
            ends = await consumer.end_offsets(parts) if parts else {}
            committed = await committed_offsets(bootstrap, group, TOPICS)
            total = sum(committed.values())
            if (
                total >= minimum
                and ends
                and all(committed.get(tp, 0) == end for tp, end in ends.items())
            ):
                return committed
            await consumer.topics()  # refresh metadata
            await asyncio.sleep(0.5)
    finally:
        await consumer.stop()
    raise AssertionError("the reporting consumer did not catch up")


@asynccontextmanager
async def api(database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """The HTTP API on a store without its consumers (no lifespan: nothing changes it)."""
    runtime, app = build(Settings(database_url=database_url))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://reporting"
    ) as http:
        yield http
    await runtime.database.dispose()


def expected_kpis(facts: Expected, as_of: date) -> dict[str, Any]:
    """GET /kpis (unfiltered) for 2019, independently."""
    figures = facts.figures(MONTHS, as_of, Selection())
    months = []
    for (y, m), month in zip(MONTHS, figures["months"], strict=True):
        last = date(y, m, calendar.monthrange(y, m)[1])
        months.append(
            {
                "month": month["month"],
                "placements_started": month["placements_started"],
                "placements_ended": month["placements_ended"],
                "active_at_month_end": sum(
                    1 for pid in facts.v["start"] if facts.active(pid, last)
                ),
                "hours_worked": month["hours_worked"],
                "worked_minutes": month["worked_minutes"],
                "refusals": month["refusals_justified"] + month["refusals_unjustified"],
                "refusals_unjustified": month["refusals_unjustified"],
                "allowance_cents": month["allowance_statement_cents"],
            }
        )
    active = sum(1 for pid in facts.v["start"] if facts.active(pid, as_of))
    return {"as_of": as_of.isoformat(), "active_placements": active, "months": months}


async def check_api(http: httpx.AsyncClient, facts: Expected) -> None:
    as_of = berlin_today()
    for params in SELECTIONS:
        response = await http.get("/figures", params={"from": "2019-01", "to": "2019-12", **params})
        assert response.status_code == 200, response.text
        body = response.json()
        want = facts.figures(MONTHS, as_of, Selection(**params))
        got = {key: body[key] for key in FIGURE_KEYS}
        for key in FIGURE_KEYS:
            assert got[key] == want[key], (params, key)
    kpis = (await http.get("/kpis", params={"from": "2019-01", "to": "2019-12"})).json()
    assert kpis == expected_kpis(facts, as_of)


async def test_demo_district_figures_equal_independent_figures(
    postgres, kafka_bootstrap_servers: str
) -> None:
    suffix = uuid.uuid4().hex[:8]
    demo = DemoStream(seed=6)
    live_url = await postgres.acreate_database(f"reporting_demo_{suffix}")
    settings = Settings(
        service_name=f"reporting-demo-{suffix}",
        database_url=live_url,
        kafka_bootstrap_servers=kafka_bootstrap_servers,
        consumer_batch_timeout_ms=50,
        consumer_max_records=2000,
    )
    group = f"{settings.consumer_group}.read_model"
    _runtime, app = build(settings)
    async with LifespanManager(app, startup_timeout=120, shutdown_timeout=60):
        await publish(kafka_bootstrap_servers, demo.items)
        committed = await caught_up(kafka_bootstrap_servers, group, len(demo.items))
    # Stopped: the store holds exactly what the group committed.
    committed = await committed_offsets(kafka_bootstrap_servers, group, TOPICS)
    applied = await records_up_to(kafka_bootstrap_servers, committed)
    ids = {envelope.id for envelope, _ in applied}
    assert all(envelope.id in ids for envelope, _ in demo.items), "every demo event was read"
    facts = Expected(applied)
    assert len({r for r, _ in facts.v["ob"]}) >= 300

    async with api(live_url) as http:
        await check_api(http, facts)
        await check_exports(http)
        figures = (await http.get("/figures", params={"from": "2019-01", "to": "2019-12"})).json()
    # The demo is not trivial: every kind of figure is there.
    totals = figures["totals"]
    assert totals["placements_started"] > 100 and totals["exits_regular_employment"] > 5
    assert totals["sanctions_decided"] > 0 and totals["sanctions_waived"] > 0
    assert totals["notices_failed"] and totals["allowance_paid_cents"] > 0
    assert figures["months"][5]["places"]["reserved"] >= 0

    # Rebuild from scratch into an empty store: identical, and again the independent figures.
    rebuilt_url = await postgres.acreate_database(f"reporting_demo_rebuilt_{suffix}")
    code = await run(
        [
            "--database-url",
            rebuilt_url,
            "--bootstrap-servers",
            kafka_bootstrap_servers,
            "--until-group",
            group,
            "--compare-with",
            live_url,
        ]
    )
    assert code == 0
    async with api(rebuilt_url) as http:
        await check_api(http, facts)
    for url in (live_url, rebuilt_url):
        await Database(url).dispose()
