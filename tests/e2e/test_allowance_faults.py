"""Faults on real Kafka and PostgreSQL: SIGKILL of allowance mid-stream, duplicates, poison.

1,000 hours entries flow from placement's outbox to allowance while allowance is killed
with SIGKILL and restarted. Afterwards every participant's monthly total must equal the
figure computed here from the entries: nothing lost, nothing counted twice.
"""

from __future__ import annotations

import asyncio
import random
import re
import uuid
from collections import defaultdict
from datetime import date, timedelta

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from gemeinwerk_contracts.topics import PLACEMENT_PUBLIC, dead_letter_topic

from .flows import (
    assign_and_start,
    create_opportunity,
    eventually,
    post,
    read_topic,
    register_participant,
    start_stack,
)

pytestmark = [pytest.mark.integration, pytest.mark.e2e]

PARTICIPANTS = 10
DAYS = 100
START = date(2025, 1, 1)
HOURS_TYPE = "de.gemeinwerk.placement.hours-logged.v1"


def cents(minutes: int, rate: int = 80) -> int:
    """The allowance rule, restated independently: half up per entry, integers only."""
    return (minutes * rate * 2 + 60) // 120


def applied_hours(metrics_text: str) -> int:
    labels = rf'[^}}]*event_type="{re.escape(HOURS_TYPE)}"[^}}]*'
    pattern = rf"gemeinwerk_events_applied_total\{{{labels}\}} (\S+)"
    return int(sum(float(v) for v in re.findall(pattern, metrics_text)))


def duplicates_skipped(metrics_text: str) -> int:
    pattern = r"gemeinwerk_inbox_duplicates_skipped_total\{[^}]*\} (\S+)"
    return int(sum(float(v) for v in re.findall(pattern, metrics_text)))


async def test_sigkill_duplicates_and_poison(
    e2e_kafka, postgres, mail_catcher, service_processes
) -> None:
    stack = start_stack(
        service_processes, e2e_kafka, postgres, mail_catcher, services=("placement", "allowance")
    )
    allowance = stack.group["allowance"]
    allowance.env["CONSUMER_MAX_RECORDS"] = "50"  # many small batches: a kill lands mid-stream
    allowance.restart()
    placement_url, allowance_url = stack.url("placement"), stack.url("allowance")
    municipality = f"98{random.randint(0, 999999):06d}"
    rng = random.Random(20261121)
    expected: dict[tuple[str, str], int] = defaultdict(int)
    batches: list[list[dict[str, object]]] = []

    async with httpx.AsyncClient(timeout=60) as client:
        _, opportunity_id = await create_opportunity(
            client, placement_url, municipality, places=PARTICIPANTS
        )
        refs: list[str] = []
        placement_ids: list[str] = []
        entries: list[dict[str, object]] = []
        for i in range(PARTICIPANTS):
            person = await register_participant(
                client,
                placement_url,
                municipality,
                f"p{i}.{uuid.uuid4().hex[:6]}@example.org",
                f"Teilnehmer{i} Fault",
            )
            refs.append(person["participant_ref"])
            placement = await assign_and_start(
                client, placement_url, person["id"], opportunity_id, START.isoformat()
            )
            placement_ids.append(placement["id"])
            for day in range(DAYS):
                work_date = START + timedelta(days=day + 1)
                minutes = rng.randint(60, 190)
                entries.append(
                    {
                        "placement_id": placement["id"],
                        "work_date": work_date.isoformat(),
                        "worked_minutes": minutes,
                    }
                )
                expected[(person["participant_ref"], work_date.strftime("%Y-%m"))] += cents(minutes)
        rng.shuffle(entries)
        batches = [entries[i : i + 100] for i in range(0, len(entries), 100)]

        async def send_all() -> None:
            for batch in batches:
                await post(client, f"{placement_url}/hours/batch", {"entries": batch})

        sender = asyncio.create_task(send_all())
        # Kill allowance with SIGKILL as soon as it has applied some, but not all, entries.
        applied_at_kill = 0
        while applied_at_kill == 0:
            await asyncio.sleep(0.02)
            applied_at_kill = applied_hours((await client.get(f"{allowance_url}/metrics")).text)
        allowance.kill()
        assert applied_at_kill < len(entries), "the kill must land while entries still flow"
        await sender
        print(f"allowance killed after applying {applied_at_kill} of {len(entries)} entries")
        allowance.start()
        await allowance.await_ready(90)

        async def totals() -> dict[tuple[str, str], int]:
            result: dict[tuple[str, str], int] = {}
            for ref, month in expected:
                response = await client.get(
                    f"{allowance_url}/participants/{ref}/allowance", params={"month": month}
                )
                result[(ref, month)] = response.json()["total_cents"]
            return result

        async def all_booked() -> bool:
            return await totals() == dict(expected)

        await eventually(all_booked, timeout=120, what="every entry booked exactly once")

        # Duplicates of already applied events, and one message nobody can decode.
        public = await read_topic(stack.kafka, PLACEMENT_PUBLIC)
        ref0 = refs[0].encode()
        hours0 = [
            r for r in public if r.key == ref0 and dict(r.headers)["ce_type"] == HOURS_TYPE.encode()
        ]
        skipped_before = duplicates_skipped((await client.get(f"{allowance_url}/metrics")).text)
        producer = AIOKafkaProducer(bootstrap_servers=stack.kafka)
        await producer.start()
        try:
            for record in hours0[:5]:
                await producer.send_and_wait(
                    PLACEMENT_PUBLIC, record.value, key=record.key, headers=list(record.headers)
                )
            await producer.send_and_wait(PLACEMENT_PUBLIC, b'{"kaputt": tru', key=ref0)
        finally:
            await producer.stop()
        # The stream goes on: one more day for participant 0 after the poison message.
        extra_day = START + timedelta(days=DAYS + 1)
        await post(
            client,
            f"{placement_url}/placements/{placement_ids[0]}/hours",
            {"work_date": extra_day.isoformat(), "worked_minutes": 90},
        )
        expected[(refs[0], extra_day.strftime("%Y-%m"))] += cents(90)
        await eventually(all_booked, timeout=60, what="the entry after the poison message")
        skipped_after = duplicates_skipped((await client.get(f"{allowance_url}/metrics")).text)
        assert skipped_after - skipped_before == 5

    letters = await read_topic(stack.kafka, dead_letter_topic("allowance"))
    poison = [r for r in letters if r.value == b'{"kaputt": tru']
    assert len(poison) == 1
    assert dict(poison[0].headers)["dlq_reason"]
