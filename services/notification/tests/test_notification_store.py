"""Consumer handlers, use cases and the delivery round on a real SQLite store (no broker).

A fake mail relay stands in for SMTP; the integration test uses a real one.
"""

from __future__ import annotations

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
from alembic import command
from alembic.config import Config
from chassis.auth import Principal, Role
from chassis.store import Database
from chassis.store.migrations import upgrade
from gemeinwerk_contracts import (
    Envelope,
    Event,
    ParticipantRegistered,
    PlacementStarted,
    envelope_for,
)
from gemeinwerk_contracts.vocabulary import (
    LegalBasis,
    OpportunityCategory,
    ProviderKind,
)
from notification.app import MIGRATIONS
from notification.consumers.handlers import on_participant_registered, on_placement_started
from notification.delivery.doorbell import Doorbell
from notification.delivery.worker import DeliveryWorker
from notification.domain.notices import NoticeStatus, NoticeType, notice_id
from notification.metrics import NotificationMetrics
from notification.settings import Settings
from notification.store import deliveries
from notification.store.notices import NoticeRecord, find_notice, notices_of_participant
from notification.store.tables import notice_table
from notification.use_cases.read_notices import get_notice, list_notices
from prometheus_client import CollectorRegistry
from sqlalchemy import update

from chassis import Forbidden, NotFound, UnitOfWork

COORDINATOR = Principal(subject="k", role=Role.COORDINATOR)


class FakeRelay:
    """A mail relay that is up, down, or refuses some addresses."""

    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []
        self.down = False
        self.refused: set[str] = set()

    @asynccontextmanager
    async def connect(self) -> AsyncIterator[FakeRelay]:
        if self.down:
            raise ConnectionRefusedError(111, "Connection refused")
        yield self

    async def send(self, message: EmailMessage, sender: str, recipient: str) -> str:
        if recipient in self.refused:
            raise aiosmtplib.SMTPResponseException(550, "mailbox unavailable")
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


@pytest.fixture
def worker(db: Database, relay: FakeRelay) -> DeliveryWorker:
    settings = Settings(database_url="sqlite://", delivery_poll_seconds=0.05, smtp_timeout=1)
    metrics = NotificationMetrics("notification", CollectorRegistry())
    return DeliveryWorker(lambda: UnitOfWork(db), relay, settings, metrics, Doorbell())


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


def started(ref: UUID, placement: UUID | None = None, **changes: Any) -> PlacementStarted:
    values: dict[str, Any] = {
        "participant_ref": ref,
        "placement_id": placement or uuid4(),
        "opportunity_id": uuid4(),
        "provider_id": uuid4(),
        "provider_kind": ProviderKind.NON_PROFIT,
        "municipality_key": "03459004",
        "legal_basis": LegalBasis.ASYLBLG_5,
        "start_date": date(2026, 11, 2),
        "hours_per_week": Decimal("20.5"),
        "category": OpportunityCategory.FOOD_BANK,
    }
    return PlacementStarted(**(values | changes))


async def apply(db: Database, event: Event, envelope: Envelope | None = None) -> Envelope:
    """Apply one event the way the chassis does: handler inside a unit of work."""
    envelope = envelope or envelope_for(event)
    handler: Any = on_placement_started
    if isinstance(event, ParticipantRegistered):
        handler = on_participant_registered
    async with UnitOfWork(db) as uow:
        await handler(uow, envelope, event)
        await uow.commit()
    return envelope


async def notices(db: Database, ref: UUID) -> list[NoticeRecord]:
    """The participant's placement_started notices (a start also opens the provider's)."""
    async with UnitOfWork(db) as uow:
        found = await notices_of_participant(uow.session, str(ref), None)
    return [n for n in found if n.notice_type is NoticeType.PLACEMENT_STARTED]


async def notice_of(db: Database, placement: PlacementStarted) -> NoticeRecord:
    async with UnitOfWork(db) as uow:
        found = await find_notice(
            uow.session, notice_id(NoticeType.PLACEMENT_STARTED, placement.placement_id)
        )
    assert found is not None
    return found


async def test_registration_then_start_opens_one_pending_notice(db: Database) -> None:
    ref = uuid4()
    await apply(db, registered(ref))
    start = started(ref)
    envelope = await apply(db, start)
    [notice] = await notices(db, ref)
    assert notice.status is NoticeStatus.PENDING
    assert notice.notice_type is NoticeType.PLACEMENT_STARTED
    assert notice.subject_id == str(start.placement_id)
    assert notice.trigger_event_id == envelope.id
    assert notice.recipient_email == "amal@example.org"
    assert notice.facts["category"] == "food_bank"


async def test_start_before_registration_waits_then_becomes_pending(db: Database) -> None:
    ref = uuid4()
    await apply(db, started(ref))
    [notice] = await notices(db, ref)
    assert notice.status is NoticeStatus.WAITING_FOR_RECIPIENT
    assert notice.recipient_email is None
    await apply(db, registered(ref))
    [notice] = await notices(db, ref)
    assert notice.status is NoticeStatus.PENDING
    assert notice.recipient_email == "amal@example.org"


async def test_without_email_the_notice_has_no_channel(db: Database) -> None:
    ref = uuid4()
    await apply(db, started(ref))
    await apply(db, registered(ref, email=None))
    [notice] = await notices(db, ref)
    assert notice.status is NoticeStatus.NO_CHANNEL


async def test_removing_the_address_moves_pending_notices_to_no_channel(db: Database) -> None:
    ref = uuid4()
    await apply(db, registered(ref))
    await apply(db, started(ref))
    await apply(db, registered(ref, email=None))
    [notice] = await notices(db, ref)
    assert notice.status is NoticeStatus.NO_CHANNEL


async def test_a_start_redelivered_under_a_new_event_id_opens_no_second_notice(
    db: Database,
) -> None:
    ref = uuid4()
    await apply(db, registered(ref))
    start = started(ref)
    first = await apply(db, start)
    await apply(db, start)  # new envelope, new ce_id
    [notice] = await notices(db, ref)
    assert notice.trigger_event_id == first.id


async def test_a_newer_registration_overwrites_an_older_one_does_not(db: Database) -> None:
    ref = uuid4()
    await apply(db, registered(ref))
    newer = registered(ref, email="new@example.org", family_name="Haddad-Nasser")
    await apply(db, newer)
    older = registered(ref, email="old@example.org")
    long_ago = datetime(2020, 1, 1, tzinfo=UTC)
    await apply(db, older, envelope_for(older).model_copy(update={"time": long_ago}))
    await apply(db, started(ref))
    [notice] = await notices(db, ref)
    assert notice.recipient_email == "new@example.org"


async def test_a_round_sends_pending_notices_and_records_the_delivery(
    db: Database, worker: DeliveryWorker, relay: FakeRelay
) -> None:
    ref = uuid4()
    await apply(db, registered(ref))
    start = started(ref)
    await apply(db, start)
    assert await worker.deliver_due() == 1
    [mail] = relay.sent
    notice = await notice_of(db, start)
    assert mail["Subject"] == "Zuweisung in eine Arbeitsgelegenheit ab 02.11.2026"
    assert mail["To"] == "Amal Haddad <amal@example.org>"
    assert notice.status is NoticeStatus.SENT
    assert notice.attempts == 1
    assert notice.sent_at is not None
    assert notice.channel == "email"
    assert notice.language == "de,ar"
    [pdf] = [
        part for part in mail.iter_attachments() if part.get_content_type() == "application/pdf"
    ]
    assert pdf.get_content().startswith(b"%PDF-")
    expected_id = f"<notice.{notice.id}@gemeinwerk.invalid>"
    assert notice.smtp_message_id == mail["Message-ID"] == expected_id
    assert await worker.deliver_due() == 0
    assert len(relay.sent) == 1


async def test_relay_down_counts_the_attempt_and_retries_later(
    db: Database, worker: DeliveryWorker, relay: FakeRelay
) -> None:
    ref = uuid4()
    await apply(db, registered(ref))
    start = started(ref)
    await apply(db, start)
    relay.down = True
    assert await worker.deliver_due() == 1
    notice = await notice_of(db, start)
    assert notice.status is NoticeStatus.PENDING
    assert notice.attempts == 1
    assert notice.last_error is not None and "Connection refused" in notice.last_error
    assert notice.next_attempt_at is not None and notice.next_attempt_at > datetime.now(UTC)
    assert await worker.deliver_due() == 0  # backing off
    relay.down = False
    await _make_due(db, notice.id)
    assert await worker.deliver_due() == 1
    notice = await notice_of(db, start)
    assert notice.status is NoticeStatus.SENT
    assert notice.attempts == 2
    assert notice.last_error is None
    assert len(relay.sent) == 1


async def test_a_refused_address_fails_alone(
    db: Database, worker: DeliveryWorker, relay: FakeRelay
) -> None:
    good, bad = uuid4(), uuid4()
    await apply(db, registered(good, email="good@example.org"))
    await apply(db, registered(bad, email="bad@example.org"))
    await apply(db, started(bad))
    await apply(db, started(good))
    relay.refused.add("bad@example.org")
    assert await worker.deliver_due() == 2
    [bad_notice] = await notices(db, bad)
    [good_notice] = await notices(db, good)
    assert bad_notice.status is NoticeStatus.PENDING
    assert bad_notice.last_error is not None and "550" in bad_notice.last_error
    assert good_notice.status is NoticeStatus.SENT


async def test_claims_keep_two_rounds_apart_and_expire(db: Database) -> None:
    ref = uuid4()
    await apply(db, registered(ref))
    await apply(db, started(ref))
    now = datetime.now(UTC)
    async with UnitOfWork(db) as uow:
        first = await deliveries.claim_due(uow.session, "a", now, now + timedelta(minutes=1), 10)
        second = await deliveries.claim_due(uow.session, "b", now, now + timedelta(minutes=1), 10)
        later = now + timedelta(minutes=2)  # round "a" crashed; its claim expired
        third = await deliveries.claim_due(uow.session, "c", later, later, 10)
        await uow.commit()
    assert len(first) == 1 and second == [] and [n.id for n in third] == [first[0].id]


async def test_staff_read_notices_by_role_and_scope(db: Database) -> None:
    ref = uuid4()
    await apply(db, registered(ref))
    start = started(ref)
    await apply(db, start)
    runtime: Any = SimpleNamespace(uow=lambda: UnitOfWork(db))
    by_type = {n.notice_type: n for n in await list_notices(runtime, COORDINATOR, ref)}
    assert set(by_type) == {NoticeType.PLACEMENT_STARTED, NoticeType.PROVIDER_START_INFO}
    notice = by_type[NoticeType.PLACEMENT_STARTED]
    provider_info = by_type[NoticeType.PROVIDER_START_INFO]  # to the provider
    assert provider_info.recipient_email is None  # never the participant's address
    assert (await get_notice(runtime, COORDINATOR, UUID(notice.id)))[0].id == notice.id
    own = Principal(subject="c", role=Role.CASE_WORKER, scope="03459004")
    other = Principal(subject="d", role=Role.CASE_WORKER, scope="03459024")
    assert len(await list_notices(runtime, own, ref)) == 2
    assert await list_notices(runtime, other, ref) == []
    with pytest.raises(NotFound):
        await get_notice(runtime, other, UUID(notice.id))
    with pytest.raises(Forbidden):
        await list_notices(runtime, Principal(subject="p", role=Role.PROVIDER_STAFF), ref)


async def test_migration_downgrades_and_upgrades_again(db: Database) -> None:
    def cycle(connection: Any) -> None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
        command.upgrade(config, "head")

    async with db.engine.begin() as connection:
        await connection.run_sync(cycle)


async def _make_due(db: Database, notice: str) -> None:
    async with UnitOfWork(db) as uow:
        await uow.session.execute(
            update(notice_table).where(notice_table.c.id == notice).values(next_attempt_at=None)
        )
        await uow.commit()
