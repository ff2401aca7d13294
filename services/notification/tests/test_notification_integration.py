"""The service on real PostgreSQL and Kafka, mailing to an in-process aiosmtpd relay."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from email.message import EmailMessage
from typing import Any, TypeVar
from uuid import UUID, uuid4

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from asgi_lifespan import LifespanManager
from devstack.mailcatcher import MailCatcher
from devstack.pgserver import PostgresServer
from gemeinwerk_contracts import (
    AssignmentIssued,
    Envelope,
    Event,
    NoticeDelivered,
    NoticeFailed,
    ParticipantRegistered,
    PlacementStarted,
    PostalAddress,
    decode,
    encode,
    envelope_for,
)
from gemeinwerk_contracts.topics import NOTIFICATION_PUBLIC
from gemeinwerk_contracts.vocabulary import LegalBasis, OpportunityCategory, ProviderKind
from notification.app import build
from notification.domain.notices import NoticeType, notice_id
from notification.settings import Settings

pytestmark = pytest.mark.integration
T = TypeVar("T")
SENDER_DOMAIN = "gemeinwerk.invalid"


@dataclass
class Service:
    client: httpx.AsyncClient
    mail: MailCatcher
    producer: AIOKafkaProducer
    bootstrap_servers: str = ""

    async def produce(self, event: Event, envelope: Envelope | None = None) -> Envelope:
        """Publish like a gemeinwerk service: CloudEvents headers, JSON value, key."""
        envelope = envelope or envelope_for(event)
        await self.producer.send_and_wait(
            event.TOPIC,
            encode(event),
            key=event.partition_key().encode(),
            headers=envelope.to_headers(),
        )
        return envelope

    def mails_for(self, placement: UUID) -> list[EmailMessage]:
        nid = notice_id(NoticeType.PLACEMENT_STARTED, placement)
        return [m for m in list(self.mail.messages) if m["X-Gemeinwerk-Notice-Id"] == nid]

    async def notices(
        self, participant: UUID, notice_type: str = "placement_started"
    ) -> list[dict[str, Any]]:
        """The participant's notices of one type (a start also opens the provider's)."""
        response = await self.client.get("/notices", params={"participant_ref": str(participant)})
        assert response.status_code == 200, response.text
        result: list[dict[str, Any]] = response.json()
        return [n for n in result if n["notice_type"] == notice_type]


@pytest.fixture(scope="module")
def mail() -> Iterator[MailCatcher]:
    with MailCatcher() as catcher:
        yield catcher


@pytest.fixture(scope="module")
async def service(
    postgres: PostgresServer, kafka_bootstrap_servers: str, mail: MailCatcher
) -> AsyncIterator[Service]:
    suffix = uuid4().hex[:8]
    settings = Settings(
        service_name=f"notification-test-{suffix}",  # own consumer group on a shared broker
        database_url=postgres.create_database(f"notification_{suffix}"),
        kafka_bootstrap_servers=kafka_bootstrap_servers,
        smtp_host=mail.host,
        smtp_port=mail.port,
        smtp_timeout=3,
        delivery_poll_seconds=0.2,
        consumer_batch_timeout_ms=50,
    )
    _runtime, app = build(settings)
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap_servers, acks="all")
    await producer.start()
    try:
        async with LifespanManager(app, startup_timeout=120, shutdown_timeout=60):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                yield Service(client, mail, producer, kafka_bootstrap_servers)
    finally:
        await producer.stop()


def registered(ref: UUID, email: str | None, given: str, family: str) -> ParticipantRegistered:
    return ParticipantRegistered(
        participant_ref=ref,
        given_name=given,
        family_name=family,
        preferred_language="ar",
        email=email,
        municipality_key="03459004",
        legal_basis=LegalBasis.ASYLBLG_5,
    )


def started(
    ref: UUID,
    category: OpportunityCategory = OpportunityCategory.FOOD_BANK,
    start: date = date(2026, 11, 2),
    hours: str = "20.5",
) -> PlacementStarted:
    return PlacementStarted(
        participant_ref=ref,
        placement_id=uuid4(),
        opportunity_id=uuid4(),
        provider_id=uuid4(),
        provider_kind=ProviderKind.NON_PROFIT,
        municipality_key="03459004",
        legal_basis=LegalBasis.ASYLBLG_5,
        start_date=start,
        hours_per_week=Decimal(hours),
        category=category,
    )


async def eventually(
    probe: Callable[[], Awaitable[T | None]], what: str, timeout: float = 60.0
) -> T:
    """Poll `probe` until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while True:
        result = await probe()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.1)


def text_of(mail: EmailMessage) -> str:
    part = mail.get_body(preferencelist=("plain",))
    assert part is not None
    content = part.get_content()
    assert isinstance(content, str)
    return content


def pdf_of(mail: EmailMessage) -> bytes:
    [part] = [p for p in mail.iter_attachments() if p.get_content_type() == "application/pdf"]
    content = part.get_content()
    assert isinstance(content, bytes) and content.startswith(b"%PDF-")
    return content


async def one_mail(service: Service, placement: UUID) -> EmailMessage:
    async def probe() -> list[EmailMessage]:
        return service.mails_for(placement)

    mails = await eventually(probe, f"the mail of placement {placement}")
    assert len(mails) == 1
    return mails[0]


async def notice_where(
    service: Service, participant: UUID, condition: Callable[[dict[str, Any]], bool], what: str
) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        return next((n for n in await service.notices(participant) if condition(n)), None)

    return await eventually(probe, what)


async def test_in_order_one_german_mail_per_placement_and_redeliveries_change_nothing(
    service: Service,
) -> None:
    amal = uuid4()
    await service.produce(registered(amal, "amal.haddad@example.org", "Amal", "Haddad"))
    start = started(amal)
    original = await service.produce(start)

    mail = await one_mail(service, start.placement_id)
    assert mail["To"] == "Amal Haddad <amal.haddad@example.org>"
    assert mail["Subject"] == "Zuweisung in eine Arbeitsgelegenheit ab 02.11.2026"
    body = text_of(mail)
    assert "لقد تم تعيينك في فرصة عمل" in body  # the Arabic reading aid follows the German text
    assert body.index("Rechtsfolgenbelehrung") < body.index("لقد تم تعيينك")
    assert mail["Content-Language"] == "de, ar"
    assert body.startswith("Guten Tag Amal Haddad,")
    assert "Tätigkeit: Lebensmittelausgabe (Tafel)" in body
    assert "Beginn: Montag, 02.11.2026" in body
    assert "Umfang: 20,5 Stunden pro Woche" in body
    assert "Rechtsfolgenbelehrung" in body
    nid = notice_id(NoticeType.PLACEMENT_STARTED, start.placement_id)
    assert mail["Message-ID"] == f"<notice.{nid}@{SENDER_DOMAIN}>"

    notice = await notice_where(service, amal, lambda n: n["status"] == "sent", "sent")
    detail = (await service.client.get(f"/notices/{nid}")).json()
    assert notice["recipient_email"] == "amal.haddad@example.org"
    assert detail["smtp_message_id"] == mail["Message-ID"]
    assert detail["trigger_event_id"] == original.id
    assert detail["attempts"] == 1
    assert detail["sent_at"] is not None

    # Redelivered: the very same record (same ce_id), then the same fact under a new ce_id.
    await service.produce(start, original)
    await service.produce(start)
    # Same key, same partition: once this later placement is mailed, the duplicates were read.
    barrier = started(amal, OpportunityCategory.GREEN_SPACE_CARE, date(2026, 12, 1), "15")
    await service.produce(barrier)
    barrier_mail = await one_mail(service, barrier.placement_id)
    assert barrier_mail["Subject"] == "Zuweisung in eine Arbeitsgelegenheit ab 01.12.2026"
    assert "Tätigkeit: Grünflächenpflege" in text_of(barrier_mail)
    await asyncio.sleep(1.0)  # a few delivery rounds
    assert len(service.mails_for(start.placement_id)) == 1
    assert len(await service.notices(amal)) == 2

    # The PDF download is the attached letter; a resend delivers it again, recorded.
    download = await service.client.get(f"/notices/{nid}/pdf")
    assert download.status_code == 200
    assert download.headers["content-type"] == "application/pdf"
    assert download.content == pdf_of(mail)
    resend = await service.client.post(f"/notices/{nid}/resend")
    assert resend.status_code == 202, resend.text
    assert resend.json()["resends"] == 1

    async def two() -> list[EmailMessage] | None:
        mails = service.mails_for(start.placement_id)
        return mails if len(mails) == 2 else None

    first, again = await eventually(two, "the resent mail")
    assert again["Message-ID"] == f"<notice.{nid}.1@{SENDER_DOMAIN}>"
    assert pdf_of(again) == pdf_of(first)
    await notice_where(service, amal, lambda n: n["status"] == "sent" and n["attempts"] == 2, "2")
    detail = (await service.client.get(f"/notices/{nid}")).json()
    assert [d["sequence"] for d in detail["deliveries"]] == [0, 1]
    assert detail["deliveries"][1]["requested_by"]
    assert detail["deliveries"][1]["delivered_at"] is not None


async def test_placement_before_registration_waits_and_is_then_mailed(service: Service) -> None:
    omid = uuid4()
    start = started(omid, OpportunityCategory.ANIMAL_SHELTER, date(2027, 1, 4), "10")
    await service.produce(start)
    waiting = await notice_where(
        service, omid, lambda n: n["status"] == "waiting_for_recipient", "waiting notice"
    )
    assert waiting["recipient_email"] is None
    assert service.mails_for(start.placement_id) == []

    await service.produce(registered(omid, "omid.rahimi@example.org", "Omid", "Rahimi"))
    mail = await one_mail(service, start.placement_id)
    assert mail["To"] == "Omid Rahimi <omid.rahimi@example.org>"
    assert mail["Subject"] == "Zuweisung in eine Arbeitsgelegenheit ab 04.01.2027"
    assert text_of(mail).startswith("Guten Tag Omid Rahimi,")
    assert "Tätigkeit: Tierheim" in text_of(mail)
    # The relay has the mail a moment before the service records its answer.
    await notice_where(service, omid, lambda n: n["status"] == "sent", "sent")
    assert len(await service.notices(omid)) == 1


async def test_without_email_no_mail_goes_out(service: Service) -> None:
    olena = uuid4()
    await service.produce(registered(olena, None, "Olena", "Kovalenko"))
    start = started(olena)
    await service.produce(start)
    notice = await notice_where(service, olena, lambda n: True, "notice")
    assert notice["status"] == "no_channel"
    await asyncio.sleep(0.6)
    assert service.mails_for(start.placement_id) == []


async def test_without_email_but_with_address_a_letter_is_printed(service: Service) -> None:
    yusuf = uuid4()
    event = ParticipantRegistered.model_validate(
        {
            **registered(yusuf, None, "Yusuf", "Demir").model_dump(),
            "preferred_language": "tr",
            "postal_address": {
                "street": "Lindenweg 7",
                "postal_code": "49143",
                "city": "Bissendorf",
            },
        }
    )
    await service.produce(event)
    start = started(yusuf)
    await service.produce(start)
    notice = await notice_where(service, yusuf, lambda n: n["status"] == "letter_ready", "letter")
    detail = (await service.client.get(f"/notices/{notice['id']}")).json()
    assert detail["channel"] == "letter" and detail["language"] == "de,tr"
    letters = await service.client.get("/letters", params={"date": detail["letter_date"]})
    assert letters.status_code == 200
    assert letters.headers["content-type"] == "application/pdf"
    assert letters.content.startswith(b"%PDF-")
    assert service.mails_for(start.placement_id) == []
    none = await service.client.get("/letters", params={"date": "2001-01-01"})
    assert none.status_code == 404


async def test_relay_down_keeps_the_notice_pending_until_the_relay_is_back(
    service: Service,
) -> None:
    ayse = uuid4()
    await service.produce(registered(ayse, "ayse.yilmaz@example.org", "Ayşe", "Yılmaz"))
    service.mail.stop()
    try:
        start = started(ayse, OpportunityCategory.WORKSHOP, date(2026, 11, 16), "25")
        await service.produce(start)
        failed = await notice_where(
            service, ayse, lambda n: n["attempts"] >= 2 and n["last_error"], "failed attempts"
        )
        assert failed["status"] == "pending"  # retried with backoff, nothing lost
        assert failed["sent_at"] is None
        assert service.mails_for(start.placement_id) == []
    finally:
        service.mail.start()
    mail = await one_mail(service, start.placement_id)
    assert text_of(mail).startswith("Guten Tag Ayşe Yılmaz,")
    sent = await notice_where(service, ayse, lambda n: n["status"] == "sent", "sent")
    assert sent["attempts"] >= 2
    assert sent["last_error"] is None


async def test_metrics_count_by_type_without_person_ids(service: Service) -> None:
    text = (await service.client.get("/metrics")).text
    sent = [
        line
        for line in text.splitlines()
        if line.startswith("gemeinwerk_notices_sent_total{")
        and 'notice_type="placement_started"' in line
    ]
    assert sent and float(sent[0].rsplit(" ", 1)[1]) >= 4
    assert "gemeinwerk_notice_delivery_failures_total{" in text
    assert "gemeinwerk_notices_pending{" in text
    assert re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-", text) is None  # no ids at all


async def test_unknown_notice_is_404_in_german(service: Service) -> None:
    response = await service.client.get(f"/notices/{uuid4()}")
    assert response.status_code == 404
    assert response.json()["detail"][0]["msg"] == "Benachrichtigung nicht gefunden."


async def test_outcomes_are_published_on_the_public_topic_without_content(
    service: Service,
) -> None:
    mira, kemal = uuid4(), uuid4()
    await service.produce(registered(mira, "mira.sayed@example.org", "Mira", "Sayed"))
    await service.produce(registered(kemal, None, "Kemal", "Aydın"))  # no channel at all
    mailed, unreachable = started(mira), started(kemal)
    await service.produce(mailed)
    await service.produce(unreachable)
    await one_mail(service, mailed.placement_id)
    found: dict[UUID, list[tuple[Envelope, Event]]] = {mira: [], kemal: []}
    consumer = AIOKafkaConsumer(
        NOTIFICATION_PUBLIC,
        bootstrap_servers=service.bootstrap_servers,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        deadline = time.monotonic() + 60
        while not (found[mira] and found[kemal]) and time.monotonic() < deadline:
            batches = await consumer.getmany(timeout_ms=500)
            for record in (r for records in batches.values() for r in records):
                envelope, event = decode(record.headers, record.value)
                ref = getattr(event, "participant_ref", None)
                if ref in found:
                    assert record.key == str(ref).encode()
                    text = (record.value or b"").decode()
                    assert "Sayed" not in text and "Aydın" not in text and "@" not in text
                    found[ref].append((envelope, event))
    finally:
        await consumer.stop()
    [(_, delivered)] = found[mira]
    assert isinstance(delivered, NoticeDelivered)
    assert delivered.channel == "email" and delivered.delivery_sequence == 0
    assert delivered.placement_id == mailed.placement_id
    [(_, failed)] = found[kemal]
    assert isinstance(failed, NoticeFailed)
    assert failed.reason == "no_channel" and failed.placement_id == unreachable.placement_id


async def test_assignment_letter_is_mailed_and_reported_with_its_placement(
    service: Service,
) -> None:
    """AssignmentIssued on the internal placement topic → one mail with the PDF letter and
    its Rechtsfolgenbelehrung → NoticeDelivered (assignment, placement_id) on Kafka."""
    noor = uuid4()
    await service.produce(registered(noor, "noor.rahimi@example.org", "Noor", "Rahimi"))
    issued = AssignmentIssued(
        participant_ref=noor,
        placement_id=uuid4(),
        opportunity_id=uuid4(),
        provider_id=uuid4(),
        provider_name="Gemeinde Bad Iburg – Bauhof",
        legal_basis=LegalBasis.ASYLBLG_5,
        category=OpportunityCategory.ROAD_DEPOT,
        work_description="Pflege der Grünflächen am Schlosspark",
        site_address=PostalAddress(street="Am Bauhof 2", postal_code="49186", city="Bad Iburg"),
        reporting_instructions="Montag 7:00 Uhr beim Vorarbeiter, Halle 1",
        hours_per_week=Decimal("15"),
        start_date=date(2026, 12, 7),
        issued_date=date(2026, 11, 23),
    )
    await service.produce(issued)
    nid = notice_id(NoticeType.ASSIGNMENT, issued.placement_id)

    async def mailed() -> list[EmailMessage]:
        return [m for m in service.mail.messages if m["X-Gemeinwerk-Notice-Id"] == nid]

    [mail] = await eventually(mailed, "the assignment letter")
    assert mail["Subject"].startswith("Zuweisung in eine Arbeitsgelegenheit nach § 5")
    body = text_of(mail)
    assert "Einsatzort: Am Bauhof 2, 49186 Bad Iburg" in body
    assert "§ 5 Abs. 4 Satz 2 AsylbLG in Verbindung mit § 1a Abs. 1 AsylbLG" in body
    assert pdf_of(mail)

    consumer = AIOKafkaConsumer(
        NOTIFICATION_PUBLIC,
        bootstrap_servers=service.bootstrap_servers,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    found: list[Event] = []
    await consumer.start()
    try:
        deadline = time.monotonic() + 60
        while not found and time.monotonic() < deadline:
            batches = await consumer.getmany(timeout_ms=500)
            for record in (r for records in batches.values() for r in records):
                _, event = decode(record.headers, record.value)
                if str(getattr(event, "notice_id", "")) == nid:
                    found.append(event)
    finally:
        await consumer.stop()
    [delivered] = found
    assert isinstance(delivered, NoticeDelivered)
    assert delivered.notice_type == "assignment"
    assert delivered.placement_id == issued.placement_id
    assert delivered.participant_ref == noor and delivered.channel == "email"
