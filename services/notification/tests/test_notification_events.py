"""NoticeDelivered and NoticeFailed: written to the outbox with the outcome, once, no content.

SQLite store, a fake relay (the real aiosmtplib exceptions), the delivery worker run by hand.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from email.message import EmailMessage
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from uuid import UUID, uuid4

import aiosmtplib
import pytest
from chassis.auth import Principal, Role
from chassis.store import Database
from chassis.store.migrations import upgrade
from chassis.store.tables import outbox_table
from gemeinwerk_contracts import Event, ParticipantRegistered, PlacementStarted, envelope_for
from gemeinwerk_contracts.topics import NOTIFICATION_PUBLIC
from gemeinwerk_contracts.vocabulary import LegalBasis, OpportunityCategory, ProviderKind
from notification.app import MIGRATIONS
from notification.consumers.handlers import on_participant_registered, on_placement_started
from notification.delivery import letters as delivery_letters
from notification.delivery.doorbell import Doorbell
from notification.delivery.smtp import refused_permanently
from notification.delivery.worker import DeliveryWorker
from notification.domain.notices import NoticeStatus, NoticeType, notice_id
from notification.domain.rendering import RenderingError
from notification.metrics import NotificationMetrics
from notification.settings import Settings
from notification.store.notices import NoticeRecord, find_notice
from notification.store.tables import notice_table
from notification.use_cases.documents import resend_notice
from prometheus_client import CollectorRegistry
from sqlalchemy import select, update

from chassis import UnitOfWork

DELIVERED = "de.gemeinwerk.notification.notice-delivered.v1"
FAILED = "de.gemeinwerk.notification.notice-failed.v1"
ADDRESS = {"street": "Am Markt 3", "postal_code": "49074", "city": "Osnabrück"}
PERSONAL = ("Amal", "Haddad", "example.org", "@", "Am Markt", "49074", "Osnabr")
"""Nothing of this may appear in a public event."""
COMMON = {"notice_id", "notice_type", "participant_ref", "placement_id", "channel"}


class FakeRelay:
    """Up, down, refusing recipients at RCPT (like aiosmtplib), or held until released."""

    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []
        self.down = False
        self.refused: dict[str, int] = {}
        self.hold: asyncio.Event | None = None
        self.entered = asyncio.Event()

    @asynccontextmanager
    async def connect(self) -> AsyncIterator[FakeRelay]:
        if self.down:
            raise ConnectionRefusedError(111, "Connection refused")
        yield self

    async def send(self, message: EmailMessage, sender: str, recipient: str) -> str:
        if self.hold is not None:
            hold, self.hold = self.hold, None
            self.entered.set()
            await hold.wait()
        if recipient in self.refused:
            code = self.refused[recipient]
            refusal = aiosmtplib.SMTPRecipientRefused(code, "mailbox unavailable", recipient)
            raise aiosmtplib.SMTPRecipientsRefused([refusal])
        self.sent.append(message)
        return "250 queued as 42"


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'notification.db'}")
    await upgrade(database, MIGRATIONS)
    yield database
    await database.dispose()


@pytest.fixture
def relay() -> FakeRelay:
    return FakeRelay()


def make_worker(db: Database, relay: FakeRelay, max_attempts: int = 10) -> DeliveryWorker:
    settings = Settings(
        database_url="sqlite://",
        delivery_poll_seconds=0.05,
        smtp_timeout=1,
        delivery_max_attempts=max_attempts,
    )
    metrics = NotificationMetrics("notification", CollectorRegistry())
    return DeliveryWorker(lambda: UnitOfWork(db), relay, settings, metrics, Doorbell())


@pytest.fixture
def worker(db: Database, relay: FakeRelay) -> DeliveryWorker:
    return make_worker(db, relay)


def registered(ref: UUID, email: str | None = "amal@example.org", **changes: Any) -> Event:
    values: dict[str, Any] = {
        "participant_ref": ref,
        "given_name": "Amal",
        "family_name": "Haddad",
        "preferred_language": "ar",
        "email": email,
        "municipality_key": "03459004",
        "legal_basis": LegalBasis.ASYLBLG_5,
    }
    return ParticipantRegistered(**(values | changes))


def started(ref: UUID) -> PlacementStarted:
    return PlacementStarted(
        participant_ref=ref,
        placement_id=uuid4(),
        opportunity_id=uuid4(),
        provider_id=uuid4(),
        provider_kind=ProviderKind.NON_PROFIT,
        municipality_key="03459004",
        legal_basis=LegalBasis.ASYLBLG_5,
        start_date=date(2026, 11, 2),
        hours_per_week=Decimal("20.5"),
        category=OpportunityCategory.FOOD_BANK,
    )


async def apply(db: Database, event: Event) -> None:
    handler: Any = on_placement_started
    if isinstance(event, ParticipantRegistered):
        handler = on_participant_registered
    async with UnitOfWork(db) as uow:
        await handler(uow, envelope_for(event), event)
        await uow.commit()


async def notice_of(db: Database, placement: PlacementStarted) -> NoticeRecord:
    async with UnitOfWork(db) as uow:
        found = await find_notice(
            uow.session, notice_id(NoticeType.PLACEMENT_STARTED, placement.placement_id)
        )
    assert found is not None
    return found


async def outbox(db: Database) -> list[tuple[str, dict[str, Any]]]:
    """(ce_type, payload) of every outbox row, oldest first; checks topic, key and privacy."""
    async with UnitOfWork(db) as uow:
        rows = (await uow.session.execute(select(outbox_table).order_by("seq"))).all()
    result = []
    for row in rows:
        headers = dict(json.loads(row.headers))
        assert headers["ce_type"] == row.event_type
        assert row.topic == NOTIFICATION_PUBLIC
        payload = json.loads(row.payload)
        assert row.partition_key == payload["participant_ref"]
        text = row.payload.decode()
        assert not [word for word in PERSONAL if word in text], text
        result.append((row.event_type, payload))
    return result


async def make_due(db: Database, notice: str) -> None:
    async with UnitOfWork(db) as uow:
        await uow.session.execute(
            update(notice_table).where(notice_table.c.id == notice).values(next_attempt_at=None)
        )
        await uow.commit()


async def pending_notice(
    db: Database, email: str | None = "amal@example.org"
) -> tuple[UUID, PlacementStarted]:
    ref = uuid4()
    await apply(db, registered(ref, email))
    start = started(ref)
    await apply(db, start)
    return ref, start


async def test_an_accepted_mail_publishes_notice_delivered_by_email(
    db: Database, worker: DeliveryWorker, relay: FakeRelay
) -> None:
    ref, start = await pending_notice(db)
    assert await outbox(db) == []
    await worker.deliver_due()
    notice = await notice_of(db, start)
    [(ce_type, payload)] = await outbox(db)
    assert ce_type == DELIVERED
    assert set(payload) == COMMON | {"delivery_sequence", "delivered_at"}
    assert payload["notice_id"] == notice.id
    assert payload["notice_type"] == "placement_started"
    assert payload["participant_ref"] == str(ref)
    assert payload["placement_id"] == str(start.placement_id)
    assert payload["channel"] == "email"
    assert payload["delivery_sequence"] == 0
    assert notice.sent_at is not None
    assert datetime.fromisoformat(payload["delivered_at"]) == notice.sent_at
    await worker.deliver_due()
    assert len(await outbox(db)) == 1


async def test_a_letter_for_print_publishes_notice_delivered_by_letter(
    db: Database, worker: DeliveryWorker
) -> None:
    ref = uuid4()
    await apply(db, registered(ref, None, postal_address=ADDRESS))
    start = started(ref)
    await apply(db, start)
    await worker.deliver_due()
    assert (await notice_of(db, start)).status is NoticeStatus.LETTER_READY
    [(ce_type, payload)] = await outbox(db)
    assert ce_type == DELIVERED
    assert payload["channel"] == "letter" and payload["delivery_sequence"] == 0
    assert payload["placement_id"] == str(start.placement_id)


async def test_a_resend_publishes_notice_delivered_with_its_sequence(
    db: Database, worker: DeliveryWorker, relay: FakeRelay
) -> None:
    _, start = await pending_notice(db)
    await worker.deliver_due()
    runtime: Any = SimpleNamespace(uow=lambda: UnitOfWork(db))
    coordinator = Principal(subject="koordination", role=Role.COORDINATOR)
    await resend_notice(runtime, coordinator, UUID((await notice_of(db, start)).id))
    await worker.deliver_due()
    await worker.deliver_due()
    assert len(relay.sent) == 2
    events = await outbox(db)
    assert [(t, p["delivery_sequence"]) for t, p in events] == [(DELIVERED, 0), (DELIVERED, 1)]


async def test_when_the_attempts_run_out_the_notice_fails_once(
    db: Database, relay: FakeRelay
) -> None:
    worker = make_worker(db, relay, max_attempts=3)
    _, start = await pending_notice(db)
    relay.down = True
    for attempt in (1, 2, 3):
        assert await worker.deliver_due() == 1
        notice = await notice_of(db, start)
        assert notice.attempts == attempt
        await make_due(db, notice.id)
    assert notice.status is NoticeStatus.FAILED
    assert notice.last_error is not None and "Connection refused" in notice.last_error
    assert await worker.deliver_due() == 0  # final: never claimed again
    relay.down = False
    assert await worker.deliver_due() == 0 and relay.sent == []
    [(ce_type, payload)] = await outbox(db)
    assert ce_type == FAILED
    assert set(payload) == COMMON | {"attempts", "reason", "failed_at"}
    assert payload["reason"] == "retries_exhausted"
    assert payload["attempts"] == 3 and payload["channel"] == "email"


async def test_a_permanently_refused_address_fails_at_once(
    db: Database, worker: DeliveryWorker, relay: FakeRelay
) -> None:
    _, start = await pending_notice(db)
    relay.refused["amal@example.org"] = 550
    await worker.deliver_due()
    notice = await notice_of(db, start)
    assert notice.status is NoticeStatus.FAILED and notice.attempts == 1
    assert notice.last_error is not None and "550" in notice.last_error
    [(ce_type, payload)] = await outbox(db)
    assert ce_type == FAILED
    assert payload["reason"] == "address_refused" and payload["attempts"] == 1


async def test_a_temporary_refusal_is_retried(
    db: Database, worker: DeliveryWorker, relay: FakeRelay
) -> None:
    _, start = await pending_notice(db)
    relay.refused["amal@example.org"] = 450
    await worker.deliver_due()
    notice = await notice_of(db, start)
    assert notice.status is NoticeStatus.PENDING and notice.next_attempt_at is not None
    assert await outbox(db) == []


def test_only_a_5xx_reply_to_rcpt_is_a_permanent_refusal() -> None:
    def refused(code: int) -> aiosmtplib.SMTPRecipientsRefused:
        return aiosmtplib.SMTPRecipientsRefused([aiosmtplib.SMTPRecipientRefused(code, "x", "a")])

    assert refused_permanently(refused(550))
    assert refused_permanently(aiosmtplib.SMTPRecipientRefused(553, "x", "a"))
    assert not refused_permanently(refused(451))
    assert not refused_permanently(aiosmtplib.SMTPResponseException(554, "data refused"))
    assert not refused_permanently(ConnectionRefusedError(111, "refused"))


async def test_no_channel_is_reported_once_and_a_later_address_still_delivers(
    db: Database, worker: DeliveryWorker
) -> None:
    ref = uuid4()
    await apply(db, registered(ref, None))
    start = started(ref)
    await apply(db, start)
    await apply(db, start)  # redelivered under a new event id
    await apply(db, registered(ref, None, family_name="Haddad-Nasser"))
    assert (await notice_of(db, start)).status is NoticeStatus.NO_CHANNEL
    [(ce_type, payload)] = await outbox(db)
    assert ce_type == FAILED
    assert payload["reason"] == "no_channel" and payload["attempts"] == 0
    assert payload["placement_id"] == str(start.placement_id)
    await apply(db, registered(ref, "amal@example.org"))
    await worker.deliver_due()
    assert [t for t, _ in await outbox(db)] == [FAILED, DELIVERED]


async def test_a_registration_that_removes_every_channel_reports_no_channel(
    db: Database,
) -> None:
    ref = uuid4()
    await apply(db, started(ref))  # waits for the registration: no event
    assert await outbox(db) == []
    await apply(db, registered(ref, None))
    [(ce_type, payload)] = await outbox(db)
    assert ce_type == FAILED and payload["reason"] == "no_channel"


async def test_a_broken_template_fails_at_once_as_rendering_failed(
    db: Database, worker: DeliveryWorker, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object) -> None:
        raise RenderingError("cannot render placement_started in de: 'nickname'")

    monkeypatch.setattr(delivery_letters, "build_document", broken)
    _, start = await pending_notice(db)
    await worker.deliver_due()
    assert (await notice_of(db, start)).status is NoticeStatus.FAILED
    [(ce_type, payload)] = await outbox(db)
    assert ce_type == FAILED and payload["reason"] == "rendering_failed"


async def test_a_renderer_that_keeps_crashing_fails_as_rendering_failed_at_the_end(
    db: Database, relay: FakeRelay, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def crashing(*args: object) -> None:
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(delivery_letters, "build_document", crashing)
    worker = make_worker(db, relay, max_attempts=2)
    _, start = await pending_notice(db)
    await worker.deliver_due()
    assert (await notice_of(db, start)).status is NoticeStatus.PENDING
    await make_due(db, (await notice_of(db, start)).id)
    await worker.deliver_due()
    assert (await notice_of(db, start)).status is NoticeStatus.FAILED
    [(ce_type, payload)] = await outbox(db)
    assert ce_type == FAILED and payload["reason"] == "rendering_failed"
    assert payload["attempts"] == 2


async def test_two_rounds_side_by_side_send_and_publish_once(
    db: Database, relay: FakeRelay
) -> None:
    first, second = make_worker(db, relay), make_worker(db, relay)
    await pending_notice(db)
    claimed = await asyncio.gather(first.deliver_due(), second.deliver_due())
    assert sorted(claimed) == [0, 1]
    assert len(relay.sent) == 1
    assert [t for t, _ in await outbox(db)] == [DELIVERED]


async def test_a_round_that_lost_its_claim_publishes_nothing_more(
    db: Database, relay: FakeRelay
) -> None:
    """Round A hangs in SMTP past its claim; round B delivers; then A's send goes through
    too (same Message-ID, a recognisable duplicate) — still one NoticeDelivered."""
    slow, fast = make_worker(db, relay), make_worker(db, relay)
    _, start = await pending_notice(db)
    release = asyncio.Event()
    relay.hold = release
    hanging = asyncio.create_task(slow.deliver_due())
    await asyncio.wait_for(relay.entered.wait(), 30)
    await expire_claims(db)
    assert await fast.deliver_due() == 1
    release.set()
    assert await hanging == 1
    assert [m["Message-ID"] for m in relay.sent] == [relay.sent[0]["Message-ID"]] * 2
    assert (await notice_of(db, start)).attempts == 1
    assert [t for t, _ in await outbox(db)] == [DELIVERED]


async def test_a_failure_recorded_by_a_round_that_lost_its_claim_publishes_nothing(
    db: Database, relay: FakeRelay
) -> None:
    slow, fast = make_worker(db, relay, 1), make_worker(db, relay, 1)
    _, start = await pending_notice(db)
    relay.refused["amal@example.org"] = 550
    release = asyncio.Event()
    relay.hold = release
    hanging = asyncio.create_task(slow.deliver_due())
    await asyncio.wait_for(relay.entered.wait(), 30)
    await expire_claims(db)
    assert await fast.deliver_due() == 1
    release.set()
    await hanging
    notice = await notice_of(db, start)
    assert notice.status is NoticeStatus.FAILED and notice.attempts == 1
    [(ce_type, payload)] = await outbox(db)
    assert ce_type == FAILED and payload["reason"] == "address_refused"


async def expire_claims(db: Database) -> None:
    """As if the claims' lease had run out (a hung or crashed round)."""
    past = datetime.now(UTC) - timedelta(seconds=1)
    async with UnitOfWork(db) as uow:
        await uow.session.execute(update(notice_table).values(claimed_until=past))
        await uow.commit()


async def test_a_resend_gets_all_its_attempts_however_many_the_first_delivery_needed(
    db: Database, relay: FakeRelay
) -> None:
    worker = make_worker(db, relay, max_attempts=2)
    _, start = await pending_notice(db)
    relay.down = True
    await worker.deliver_due()
    relay.down = False
    await make_due(db, (await notice_of(db, start)).id)
    await worker.deliver_due()  # first delivery: sent on its second attempt
    runtime: Any = SimpleNamespace(uow=lambda: UnitOfWork(db))
    coordinator = Principal(subject="koordination", role=Role.COORDINATOR)
    await resend_notice(runtime, coordinator, UUID((await notice_of(db, start)).id))
    relay.down = True
    await worker.deliver_due()
    notice = await notice_of(db, start)
    assert notice.status is NoticeStatus.PENDING and notice.attempts == 3
    await make_due(db, notice.id)
    await worker.deliver_due()
    assert (await notice_of(db, start)).status is NoticeStatus.FAILED
    events = await outbox(db)
    assert [t for t, _ in events] == [DELIVERED, FAILED]
    assert events[1][1]["reason"] == "retries_exhausted" and events[1][1]["attempts"] == 4
