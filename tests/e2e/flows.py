"""Steps the end-to-end tests share: the API calls a case worker and a provider make."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer
from devstack.mailcatcher import MailCatcher
from devstack.pgserver import PostgresServer
from devstack.ports import free_port
from devstack.processes import ServiceGroup

SERVICES = ("placement", "allowance", "notification", "reporting")


async def post(client: httpx.AsyncClient, url: str, body: dict[str, Any], status: int = 201) -> Any:
    response = await client.post(url, json=body)
    assert response.status_code == status, f"{url}: {response.status_code} {response.text}"
    return response.json()


async def eventually(
    check: Callable[[], Awaitable[bool]], timeout: float = 90.0, what: str = "condition"
) -> None:
    """Poll until `check` holds; fail with `what` after `timeout` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await check():
        if loop.time() > deadline:
            raise AssertionError(f"not reached within {timeout:.0f} s: {what}")
        await asyncio.sleep(0.3)


async def create_opportunity(
    client: httpx.AsyncClient, placement_url: str, municipality_key: str, places: int
) -> tuple[str, str]:
    """A non-profit provider with one published (open) opportunity; returns
    (provider id, opportunity id)."""
    provider = await post(
        client,
        f"{placement_url}/providers",
        {
            "name": "Tafel Bad Iburg e. V.",
            "kind": "non_profit",
            "municipality_key": municipality_key,
            "contact_name": "Frau Meyer",
            "email": "meyer@tafel-bad-iburg.example.org",
        },
    )
    # The district coordinator approves the provider before it may publish.
    await post(client, f"{placement_url}/providers/{provider['id']}/approve", {}, status=200)
    opportunity = await post(
        client,
        f"{placement_url}/opportunities",
        {
            "provider_id": provider["id"],
            "title": "Ausgabe von Lebensmitteln",
            "category": "food_bank",
            "municipality_key": municipality_key,
            "places": places,
            "hours_per_week": "15.00",
            "legal_bases": ["asylblg_5"],
            "start_date": "2024-01-01",
            "site_address": {
                "street": "Am Gografenhof 4",
                "postal_code": "49186",
                "city": "Bad Iburg",
            },
            "reporting_instructions": "Am ersten Tag um 9 Uhr bei Frau Meyer im Lager melden.",
        },
    )
    await post(client, f"{placement_url}/opportunities/{opportunity['id']}/publish", {}, status=200)
    return provider["id"], opportunity["id"]


async def assign_and_start(
    client: httpx.AsyncClient,
    placement_url: str,
    participant_id: str,
    opportunity_id: str,
    start_date: str,
) -> dict[str, Any]:
    """A case worker issues the Zuweisung (proposed); the provider confirms the start."""
    proposed = await post(
        client,
        f"{placement_url}/placements",
        {
            "participant_id": participant_id,
            "opportunity_id": opportunity_id,
            "start_date": start_date,
        },
    )
    started: dict[str, Any] = await post(
        client, f"{placement_url}/placements/{proposed['id']}/start", {}, status=200
    )
    return started


async def register_participant(
    client: httpx.AsyncClient, placement_url: str, municipality_key: str, email: str, name: str
) -> dict[str, Any]:
    given, family = name.split(" ", 1)
    return await post(  # type: ignore[no-any-return]
        client,
        f"{placement_url}/participants",
        {
            "given_name": given,
            "family_name": family,
            "preferred_language": "ar",
            "email": email,
            "postal_address": {
                "street": "Am Gografenhof 4",
                "postal_code": "49186",
                "city": "Bad Iburg",
            },
            "municipality_key": municipality_key,
            "legal_basis": "asylblg_5",
        },
    )


async def read_topic(bootstrap: str, topic: str, timeout_s: float = 5.0) -> list[Any]:
    """Every record currently on a topic, read by a consumer without a group."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        client_id=f"e2e-reader-{uuid.uuid4().hex[:6]}",
    )
    await consumer.start()
    try:
        records: list[Any] = []
        idle_deadline = asyncio.get_running_loop().time() + timeout_s
        while asyncio.get_running_loop().time() < idle_deadline:
            batch = await consumer.getmany(timeout_ms=500)
            fetched = [r for rs in batch.values() for r in rs]
            if fetched:
                records += fetched
                idle_deadline = asyncio.get_running_loop().time() + 1.5
        return records
    finally:
        await consumer.stop()


@dataclass
class Stack:
    group: ServiceGroup
    kafka: str
    env: dict[str, dict[str, str]]

    def url(self, service: str) -> str:
        return self.group[service].url


def start_stack(
    group: ServiceGroup,
    kafka: str,
    postgres: PostgresServer,
    mail: MailCatcher,
    services: tuple[str, ...] = SERVICES,
) -> Stack:
    """Start the services with a fresh PostgreSQL database each, in dependency order."""
    run = uuid.uuid4().hex[:8]
    env: dict[str, dict[str, str]] = {}
    for name in services:
        env[name] = {
            "DATABASE_URL": postgres.create_database(f"e2e_{name}_{run}"),
            "KAFKA_BOOTSTRAP_SERVERS": kafka,
            "LOG_LEVEL": "INFO",
            "OUTBOX_POLL_SECONDS": "0.2",
        }
    if "notification" in env:
        env["notification"] |= {
            "SMTP_HOST": mail.host,
            "SMTP_PORT": str(mail.port),
            "SMTP_STARTTLS": "false",
            "DELIVERY_POLL_SECONDS": "0.5",
        }
    for name in services:
        group.start(name, free_port(), env[name], timeout=90)
    return Stack(group, kafka, env)
