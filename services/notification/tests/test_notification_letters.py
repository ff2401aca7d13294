"""Letters, the PDF download, the day's print collection and resends (SQLite, fake relay)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from email.message import EmailMessage
from io import BytesIO
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from uuid import UUID, uuid4

import pytest
from chassis.auth import Principal, Role
from chassis.store import Database
from chassis.store.migrations import upgrade
from gemeinwerk_contracts import ParticipantRegistered, PlacementStarted, envelope_for
from gemeinwerk_contracts.vocabulary import LegalBasis, OpportunityCategory, ProviderKind
from notification.app import MIGRATIONS
from notification.consumers.handlers import on_participant_registered, on_placement_started
from notification.delivery.doorbell import Doorbell
from notification.delivery.prepare import berlin_day
from notification.delivery.worker import DeliveryWorker
from notification.domain.notices import NoticeStatus, NoticeType, notice_id
from notification.metrics import NotificationMetrics
from notification.settings import Settings
from notification.store.notices import NoticeRecord, find_notice
from notification.use_cases.documents import letters_for_printing, notice_pdf, resend_notice
from notification.use_cases.read_notices import get_notice
from prometheus_client import CollectorRegistry
from pypdf import PdfReader

from chassis import Conflict, Forbidden, NotFound, UnitOfWork

COORDINATOR = Principal(subject="koordination", role=Role.COORDINATOR)
CASE_WORKER = Principal(subject="sachbearbeitung-7", role=Role.CASE_WORKER, scope="03459004")
OTHER_TOWN = Principal(subject="sb-9", role=Role.CASE_WORKER, scope="03459024")
CONTROLLER = Principal(subject="controlling", role=Role.CONTROLLER)
ADDRESS = {"street": "Am Markt 3", "postal_code": "49074", "city": "Osnabrück"}


class FakeRelay:
    """A mail relay that accepts everything."""

    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []

    @asynccontextmanager
    async def connect(self) -> AsyncIterator[FakeRelay]:
        yield self

    async def send(self, message: EmailMessage, sender: str, recipient: str) -> str:
        self.sent.append(message)
        return "250 queued"


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


@pytest.fixture
def runtime(db: Database) -> Any:
    return SimpleNamespace(uow=lambda: UnitOfWork(db))


async def register(db: Database, ref: UUID, email: str | None, **changes: Any) -> None:
    values: dict[str, Any] = {
        "participant_ref": ref,
        "given_name": "Amal",
        "family_name": "Haddad",
        "preferred_language": "ar",
        "email": email,
        "municipality_key": "03459004",
        "legal_basis": LegalBasis.ASYLBLG_5,
    }
    event = ParticipantRegistered(**(values | changes))
    async with UnitOfWork(db) as uow:
        await on_participant_registered(uow, envelope_for(event), event)
        await uow.commit()


async def start(db: Database, ref: UUID) -> str:
    event = PlacementStarted(
        participant_ref=ref,
        placement_id=uuid4(),
        opportunity_id=uuid4(),
        provider_id=uuid4(),
        provider_kind=ProviderKind.MUNICIPAL,
        municipality_key="03459004",
        legal_basis=LegalBasis.ASYLBLG_5,
        start_date=date(2026, 11, 2),
        hours_per_week=Decimal("20"),
        category=OpportunityCategory.GREEN_SPACE_CARE,
    )
    async with UnitOfWork(db) as uow:
        await on_placement_started(uow, envelope_for(event), event)
        await uow.commit()
    return notice_id(NoticeType.PLACEMENT_STARTED, event.placement_id)


async def record(db: Database, nid: str) -> NoticeRecord:
    async with UnitOfWork(db) as uow:
        found = await find_notice(uow.session, nid)
    assert found is not None
    return found


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(BytesIO(pdf)).pages)


def attachment(mail: EmailMessage) -> bytes:
    [part] = [p for p in mail.iter_attachments() if p.get_content_type() == "application/pdf"]
    content = part.get_content()
    assert isinstance(content, bytes)
    return content


async def test_without_email_but_with_address_the_letter_is_collected_for_printing(
    db: Database, worker: DeliveryWorker, relay: FakeRelay, runtime: Any
) -> None:
    ref = uuid4()
    await register(db, ref, None, postal_address=ADDRESS)
    nid = await start(db, ref)
    assert (await record(db, nid)).status is NoticeStatus.PENDING
    assert await worker.deliver_due() == 1
    notice = await record(db, nid)
    today = berlin_day(datetime.now(UTC))
    assert notice.status is NoticeStatus.LETTER_READY
    assert notice.channel == "letter" and notice.letter_date == today
    assert relay.sent == []
    printed = await letters_for_printing(runtime, COORDINATOR, today)
    text = pdf_text(printed)
    assert "Amal Haddad" in text and "Am Markt 3" in text and "49074 Osnabrück" in text
    assert "Sie wurden einer Arbeitsgelegenheit zugewiesen" in text
    assert len(PdfReader(BytesIO(printed)).pages) % 2 == 0  # duplex: padded per letter
    assert await letters_for_printing(runtime, CASE_WORKER, today)
    with pytest.raises(NotFound):
        await letters_for_printing(runtime, OTHER_TOWN, today)
    with pytest.raises(NotFound):
        await letters_for_printing(runtime, COORDINATOR, today - timedelta(days=1))
    with pytest.raises(Forbidden):
        await letters_for_printing(runtime, CONTROLLER, today)
    _, deliveries = await get_notice(runtime, COORDINATOR, UUID(nid))
    assert [(d.sequence, d.channel, d.letter_date) for d in deliveries] == [(0, "letter", today)]


async def test_several_letters_of_a_day_come_as_one_pdf(
    db: Database, worker: DeliveryWorker, runtime: Any
) -> None:
    for name in ("Amal", "Olena"):
        ref = uuid4()
        await register(db, ref, None, given_name=name, postal_address=ADDRESS)
        await start(db, ref)
    assert await worker.deliver_due() == 2
    text = pdf_text(await letters_for_printing(runtime, COORDINATOR, berlin_day(datetime.now(UTC))))
    assert "Amal Haddad" in text and "Olena Haddad" in text


async def test_neither_email_nor_address_is_no_channel_until_an_address_arrives(
    db: Database, worker: DeliveryWorker
) -> None:
    ref = uuid4()
    await register(db, ref, None)
    nid = await start(db, ref)
    assert (await record(db, nid)).status is NoticeStatus.NO_CHANNEL
    await register(db, ref, None, postal_address=ADDRESS)
    assert (await record(db, nid)).status is NoticeStatus.PENDING
    await worker.deliver_due()
    assert (await record(db, nid)).status is NoticeStatus.LETTER_READY


async def test_the_pdf_download_is_the_attached_pdf(
    db: Database, worker: DeliveryWorker, relay: FakeRelay, runtime: Any
) -> None:
    ref = uuid4()
    await register(db, ref, "amal@example.org")
    nid = await start(db, ref)
    with pytest.raises(NotFound):  # nothing rendered before the first attempt
        await notice_pdf(runtime, COORDINATOR, UUID(nid))
    await worker.deliver_due()
    [mail] = relay.sent
    document = await notice_pdf(runtime, CASE_WORKER, UUID(nid))
    assert document.pdf == attachment(mail)
    assert document.languages == "de,ar"
    with pytest.raises(NotFound):
        await notice_pdf(runtime, OTHER_TOWN, UUID(nid))
    with pytest.raises(Forbidden):
        await notice_pdf(runtime, Principal(subject="p", role=Role.PROVIDER_STAFF), UUID(nid))


async def test_resend_is_a_new_recorded_delivery_with_the_same_pdf(
    db: Database, worker: DeliveryWorker, relay: FakeRelay, runtime: Any
) -> None:
    ref = uuid4()
    await register(db, ref, "amal@example.org")
    nid = await start(db, ref)
    with pytest.raises(Conflict):  # not delivered yet
        await resend_notice(runtime, COORDINATOR, UUID(nid))
    await worker.deliver_due()
    with pytest.raises(Forbidden):
        await resend_notice(runtime, CONTROLLER, UUID(nid))
    with pytest.raises(NotFound):
        await resend_notice(runtime, OTHER_TOWN, UUID(nid))
    queued = await resend_notice(runtime, CASE_WORKER, UUID(nid))
    assert queued.status is NoticeStatus.PENDING and queued.resends == 1
    with pytest.raises(Conflict):  # already queued
        await resend_notice(runtime, COORDINATOR, UUID(nid))
    assert await worker.deliver_due() == 1
    first, second = relay.sent
    assert attachment(first) == attachment(second)
    assert first["Message-ID"] == f"<notice.{nid}@gemeinwerk.invalid>"
    assert second["Message-ID"] == f"<notice.{nid}.1@gemeinwerk.invalid>"
    notice, deliveries = await get_notice(runtime, COORDINATOR, UUID(nid))
    assert notice.status is NoticeStatus.SENT and notice.attempts == 2
    assert [(d.sequence, d.channel, d.requested_by) for d in deliveries] == [
        (0, "email", None),
        (1, "email", "sachbearbeitung-7"),
    ]
    assert all(d.delivered_at is not None for d in deliveries)
    assert deliveries[1].requested_role == "case_worker"
    assert deliveries[1].message_id == second["Message-ID"]


async def test_a_language_without_texts_goes_out_in_german_alone(
    db: Database, worker: DeliveryWorker, relay: FakeRelay
) -> None:
    ref = uuid4()
    await register(db, ref, "amal@example.org", preferred_language="ps")
    nid = await start(db, ref)
    await worker.deliver_due()
    [mail] = relay.sent
    assert (await record(db, nid)).language == "de"
    assert mail["Content-Language"] == "de"
    body = mail.get_body(preferencelist=("plain",))
    assert body is not None and "Guten Tag Amal Haddad" in body.get_content()
    assert "Sie wurden einer Arbeitsgelegenheit zugewiesen" in pdf_text(attachment(mail))


async def test_a_document_is_stored_once_and_the_first_one_wins(db: Database) -> None:
    from notification.store.documents import NoticeDocument, get_document, save_document

    ref = uuid4()
    await register(db, ref, "amal@example.org")
    nid = await start(db, ref)
    first = NoticeDocument(nid, b"%PDF-1", "s", "b", "de", date(2026, 10, 20))
    second = NoticeDocument(nid, b"%PDF-2", "s", "b", "de", date(2026, 10, 21))
    now = datetime.now(UTC)
    async with UnitOfWork(db) as uow:
        assert await save_document(uow.session, first, now) == first
        await uow.commit()
    async with UnitOfWork(db) as uow:
        assert await save_document(uow.session, second, now) == first
        await uow.commit()
        assert await get_document(uow.session, nid) == first
