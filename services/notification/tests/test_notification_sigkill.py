"""Notification as a real process, SIGKILLed in the middle of sending an assignment letter.

Real PostgreSQL, real Kafka and a real SMTP server (aiosmtpd) that holds the DATA command of
the first mail until the test has killed the service:

* not accepted: the server never stored the mail (the kill came before it said 250). After
  the restart the letter goes out again: the recipient has exactly one mail.
* accepted: the server stored the mail, but the service died before it could record that.
  Nothing can tell the restarted service whether the relay has the mail, so it sends again
  with the same Message-ID (at least once, never lost). The recipient has copies of one mail
  only (one Message-ID), the notice is recorded as sent once and NoticeDelivered is
  published once; `uncertain_sends` counts the repeat.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from email.message import EmailMessage
from pathlib import Path
from typing import Any, TypeVar, cast
from uuid import UUID, uuid4

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope as SmtpEnvelope
from chassis.store import Database
from devstack.pgserver import PostgresServer
from devstack.ports import LOOPBACK, free_port
from devstack.processes import ServiceProcess
from gemeinwerk_contracts import (
    AllowanceStatementIssued,
    AssignmentIssued,
    Event,
    NoticeDelivered,
    ParticipantRegistered,
    PostalAddress,
    decode,
    encode,
    envelope_for,
)
from gemeinwerk_contracts.topics import NOTIFICATION_PUBLIC
from gemeinwerk_contracts.vocabulary import LegalBasis, OpportunityCategory
from notification.domain.notices import NoticeType, notice_id
from notification.store.tables import notice_table
from sqlalchemy import select

from chassis import UnitOfWork

pytestmark = pytest.mark.integration
T = TypeVar("T")


@dataclass
class HoldingRelay:
    """Accepts mails; holds the DATA of the first one until `release` is set.

    `accept_held`: whether the held mail counts as accepted (stored before the hold, as a
    relay that has queued it but not yet answered) or is dropped (the 250 never came).
    """

    accept_held: bool
    target: str = ""
    """Only the mail of this notice is held (the topics may hold older events too)."""
    messages: list[EmailMessage] = field(default_factory=list)
    entered: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    held: bool = False

    async def handle_DATA(self, _server: Any, _session: Any, envelope: SmtpEnvelope) -> str:
        raw = envelope.original_content or b""
        message = cast(EmailMessage, email.message_from_bytes(raw, policy=email.policy.default))
        if not self.held and message["X-Gemeinwerk-Notice-Id"] == self.target:
            self.held = True
            if self.accept_held:
                self.messages.append(message)
            self.entered.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait)
            return "250 queued" if self.accept_held else "451 4.3.0 not stored"
        self.messages.append(message)
        return "250 queued"


@pytest.fixture
def relay_factory() -> Iterator[Callable[[bool], tuple[HoldingRelay, int]]]:
    controllers: list[tuple[Controller, HoldingRelay]] = []

    def start(accept_held: bool) -> tuple[HoldingRelay, int]:
        relay = HoldingRelay(accept_held)
        port = free_port(LOOPBACK)
        controller = Controller(relay, hostname=LOOPBACK, port=port, ready_timeout=10)
        controller.start()
        controllers.append((controller, relay))
        return relay, port

    yield start
    for controller, relay in controllers:
        relay.release.set()
        controller.stop()


async def eventually(probe: Callable[[], Awaitable[T | None]], what: str) -> T:
    deadline = time.monotonic() + 90
    while True:
        result = await probe()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.2)


async def produce(bootstrap: str, *events: Event) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for event in events:
            await producer.send_and_wait(
                event.TOPIC,
                encode(event),
                key=event.partition_key().encode(),
                headers=envelope_for(event).to_headers(),
            )
    finally:
        await producer.stop()


@pytest.mark.parametrize("accepted", [False, True], ids=["not-accepted", "accepted"])
async def test_killed_mid_send_the_recipient_gets_one_mail(
    accepted: bool,
    postgres: PostgresServer,
    kafka_bootstrap_servers: str,
    relay_factory: Callable[[bool], tuple[HoldingRelay, int]],
    tmp_path: Path,
) -> None:
    relay, smtp_port = relay_factory(accepted)
    suffix = uuid4().hex[:8]
    database_url = postgres.create_database(f"notification_kill_{suffix}")
    service = ServiceProcess(
        "notification",
        free_port(LOOPBACK),
        {
            "SERVICE_NAME": f"notification-kill-{suffix}",  # own consumer group
            "DATABASE_URL": database_url,
            "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap_servers,
            "SMTP_HOST": LOOPBACK,
            "SMTP_PORT": str(smtp_port),
            "SMTP_STARTTLS": "false",
            "SMTP_TIMEOUT": "30",
            "DELIVERY_POLL_SECONDS": "0.2",
            "DELIVERY_LEASE_SECONDS": "2",
            "CONSUMER_BATCH_TIMEOUT_MS": "50",
        },
        tmp_path / "log",
    )
    ref = uuid4()
    issued = AssignmentIssued(
        participant_ref=ref,
        placement_id=uuid4(),
        opportunity_id=uuid4(),
        provider_id=uuid4(),
        provider_name="Tierheim Osnabrück e. V.",
        legal_basis=LegalBasis.ASYLBLG_5,
        category=OpportunityCategory.ANIMAL_SHELTER,
        work_description="Versorgung der Tiere und Reinigung der Gehege",
        site_address=PostalAddress(street="Feldstraße 1", postal_code="49082", city="Osnabrück"),
        reporting_instructions="Dienstag 9:00 Uhr im Büro",
        hours_per_week=Decimal("12"),
        start_date=date(2026, 12, 1),
        issued_date=date(2026, 11, 21),
    )
    nid = notice_id(NoticeType.ASSIGNMENT, issued.placement_id)
    relay.target = nid
    db = Database(database_url)
    try:
        await service.start().await_ready(timeout=120)
        await produce(
            kafka_bootstrap_servers,
            ParticipantRegistered(
                participant_ref=ref,
                given_name="Yusuf",
                family_name="Karimi",
                preferred_language="fa",
                email="yusuf.karimi@example.org",
                municipality_key="03404000",
                legal_basis=LegalBasis.ASYLBLG_5,
            ),
            issued,
        )
        entered = await asyncio.to_thread(relay.entered.wait, 120)
        assert entered, "the letter never reached the SMTP server"
        service.kill()  # SIGKILL while the relay holds DATA: no outcome recorded
        await asyncio.to_thread(_wait_dead, service)
        relay.release.set()

        async def row() -> Any:
            async with UnitOfWork(db) as uow:
                query = select(notice_table).where(notice_table.c.id == nid)
                return (await uow.session.execute(query)).one()

        before = await row()
        assert before.status == "pending" and before.send_started_at is not None

        await service.start().await_ready(timeout=120)

        async def sent() -> Any:
            found = await row()
            return found if found.status == "sent" else None

        after = await eventually(sent, "the letter sent after the restart")
        assert after.uncertain_sends == 1 and after.send_started_at is None
        mine = [m for m in relay.messages if m["X-Gemeinwerk-Notice-Id"] == nid]
        assert {m["Message-ID"] for m in mine} == {f"<notice.{nid}@gemeinwerk.invalid>"}
        if accepted:
            assert len(mine) == 2  # the relay had it; the copy carries the same Message-ID
        else:
            assert len(mine) == 1  # exactly one mail
        # Barrier: a later notice of the same participant (same key, same partition, outbox
        # order); once its NoticeDelivered is read, every earlier one of the person is too.
        statement = AllowanceStatementIssued(
            statement_id=uuid4(),
            participant_ref=ref,
            month="2026-12",
            total_cents=960,
            worked_minutes=720,
            lines=1,
        )
        await produce(kafka_bootstrap_servers, statement)
        barrier = notice_id(NoticeType.ALLOWANCE_STATEMENT, statement.statement_id)
        delivered = await delivered_until(kafka_bootstrap_servers, ref, barrier)
        assert [e.notice_id for e in delivered].count(UUID(nid)) == 1  # published once
        [event] = [e for e in delivered if e.notice_id == UUID(nid)]
        assert event.notice_type == "assignment" and event.placement_id == issued.placement_id
    finally:
        service.terminate()
        await db.dispose()


async def delivered_until(bootstrap: str, ref: UUID, barrier: str) -> list[NoticeDelivered]:
    """The participant's NoticeDelivered events up to and including the barrier notice's."""
    consumer = AIOKafkaConsumer(
        NOTIFICATION_PUBLIC,
        bootstrap_servers=bootstrap,
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    found: list[NoticeDelivered] = []
    await consumer.start()
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            batches = await consumer.getmany(timeout_ms=500)
            for record in (r for records in batches.values() for r in records):
                _, event = decode(record.headers, record.value)
                if isinstance(event, NoticeDelivered) and event.participant_ref == ref:
                    found.append(event)
                    if str(event.notice_id) == barrier:
                        return found
    finally:
        await consumer.stop()
    raise AssertionError("timed out waiting for the barrier's NoticeDelivered")


def _wait_dead(service: ServiceProcess) -> None:
    deadline = time.monotonic() + 30
    while service.is_running and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not service.is_running
