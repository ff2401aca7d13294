"""The notices of issue 5 end to end inside the service: event → notice → mail/letter → outbox.

SQLite store, a fake relay, the handlers and the delivery worker run by hand.
"""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from email.message import EmailMessage
from io import BytesIO
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from chassis.store import Database
from chassis.store.migrations import upgrade
from chassis.store.tables import outbox_table
from gemeinwerk_contracts import (
    AllowanceStatementIssued,
    AssignmentIssued,
    Envelope,
    Event,
    HoursLogged,
    ParticipantDetailsChanged,
    ParticipantRegistered,
    PlacementEnded,
    PlacementStarted,
    PostalAddress,
    ProviderContactRecorded,
    RefusalRecorded,
    SanctionDecided,
    SanctionProposed,
    SanctionWaived,
    envelope_for,
)
from gemeinwerk_contracts.vocabulary import (
    EndReason,
    LegalBasis,
    OpportunityCategory,
    ProviderKind,
    RefusalKind,
    SanctionRule,
    SanctionWaiverReason,
)
from notification.app import MIGRATIONS
from notification.consumers.subscription import notice_subscription
from notification.delivery.doorbell import Doorbell
from notification.delivery.worker import DeliveryWorker
from notification.domain.notices import NoticeStatus, NoticeType, notice_id
from notification.metrics import NotificationMetrics
from notification.settings import Settings
from notification.store.notices import NoticeRecord, find_notice, notices_of_participant
from notification.store.recipients import get_recipient
from notification.store.tables import notice_table
from notification.use_cases.reminders import remind_silent_placements
from prometheus_client import CollectorRegistry
from pypdf import PdfReader
from sqlalchemy import select, update

from chassis import UnitOfWork

sys.path.insert(0, str(Path(__file__).parent))

MUNICIPALITY = "03459004"
SETTINGS = Settings(
    database_url="sqlite://",
    delivery_poll_seconds=0.05,
    smtp_timeout=1,
    case_worker_mailbox="sozialamt@kreis.example.org",
    case_worker_mailboxes={MUNICIPALITY: "agh@bad-iburg.example.org"},
)


class Relay:
    """Accepts every mail."""

    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []

    @asynccontextmanager
    async def connect(self) -> AsyncIterator[Relay]:
        yield self

    async def send(self, message: EmailMessage, sender: str, recipient: str) -> str:
        self.sent.append(message)
        return "250 queued"

    def of_type(self, notice_type: NoticeType) -> list[EmailMessage]:
        return [m for m in self.sent if m["X-Gemeinwerk-Notice-Type"] == notice_type.value]


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'notification.db'}")
    await upgrade(database, MIGRATIONS)
    yield database
    await database.dispose()


@pytest.fixture
def relay() -> Relay:
    return Relay()


@pytest.fixture
def worker(db: Database, relay: Relay) -> DeliveryWorker:
    metrics = NotificationMetrics("notification", CollectorRegistry())
    return DeliveryWorker(lambda: UnitOfWork(db), relay, SETTINGS, metrics, Doorbell())


HANDLERS = notice_subscription(settings=SETTINGS).handlers


async def apply(db: Database, event: Event, envelope: Envelope | None = None) -> None:
    """Through the subscription's own handler table, in one transaction like the consumer."""
    async with UnitOfWork(db) as uow:
        await HANDLERS[type(event)](uow, envelope or envelope_for(event), event)
        await uow.commit()


def registered(ref: UUID, email: str | None = "amal@example.org", **changes: Any) -> Any:
    values: dict[str, Any] = {
        "participant_ref": ref,
        "given_name": "Amal",
        "family_name": "Haddad",
        "preferred_language": "ar",
        "email": email,
        "municipality_key": MUNICIPALITY,
        "legal_basis": LegalBasis.ASYLBLG_5,
    }
    kind = changes.pop("kind", ParticipantRegistered)
    return kind(**(values | changes))


def assignment(ref: UUID, legal_basis: LegalBasis = LegalBasis.ASYLBLG_5) -> AssignmentIssued:
    return AssignmentIssued(
        participant_ref=ref,
        placement_id=uuid4(),
        opportunity_id=uuid4(),
        provider_id=uuid4(),
        provider_name="Tafel Bad Iburg e. V.",
        legal_basis=legal_basis,
        category=OpportunityCategory.FOOD_BANK,
        work_description="Sortieren und Ausgeben von Lebensmitteln",
        site_address=PostalAddress(street="Schlossstraße 9", postal_code="49186", city="Bad Iburg"),
        reporting_instructions="Montag 8:30 Uhr bei Frau Lange im Lager",
        hours_per_week=Decimal("20"),
        start_date=date(2026, 11, 2),
        issued_date=date(2026, 10, 20),
    )


def started(ref: UUID, provider: UUID, start: date = date(2026, 11, 2)) -> PlacementStarted:
    return PlacementStarted(
        participant_ref=ref,
        placement_id=uuid4(),
        opportunity_id=uuid4(),
        provider_id=provider,
        provider_kind=ProviderKind.NON_PROFIT,
        municipality_key=MUNICIPALITY,
        legal_basis=LegalBasis.ASYLBLG_5,
        start_date=start,
        hours_per_week=Decimal("20"),
        category=OpportunityCategory.FOOD_BANK,
    )


def contact(provider: UUID, email: str | None = "lange@tafel.example.org") -> Any:
    return ProviderContactRecorded(
        provider_id=provider,
        provider_name="Tafel Bad Iburg e. V.",
        provider_kind=ProviderKind.NON_PROFIT,
        municipality_key=MUNICIPALITY,
        contact_name="Petra Lange",
        email=email,
    )


def proposed(ref: UUID, placement: UUID | None = None) -> SanctionProposed:
    return SanctionProposed(
        sanction_id=uuid4(),
        participant_ref=ref,
        refusal_id=uuid4(),
        placement_id=placement,
        legal_basis=LegalBasis.ASYLBLG_5,
        rule=SanctionRule.ASYLBLG_1A,
        rule_valid_from=date(2016, 8, 6),
        breach_number=1,
        duration_months=6,
        legal_notice_id=uuid4(),
        proposed_date=date(2026, 11, 20),
    )


async def outbox(db: Database) -> list[dict[str, Any]]:
    async with UnitOfWork(db) as uow:
        rows = (await uow.session.execute(select(outbox_table).order_by("seq"))).all()
    return [json.loads(row.payload) | {"ce_type": row.event_type} for row in rows]


async def notice(db: Database, notice_type: NoticeType, subject: object) -> NoticeRecord:
    async with UnitOfWork(db) as uow:
        found = await find_notice(uow.session, notice_id(notice_type, str(subject)))
    assert found is not None
    return found


def text_of(mail: EmailMessage) -> str:
    body = mail.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())


def pdf_of(mail: EmailMessage) -> bytes:
    [attachment] = list(mail.iter_attachments())
    payload = attachment.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload


async def test_assignment_letter_with_the_legal_notice_and_placement_id_in_the_event(
    db: Database, worker: DeliveryWorker, relay: Relay
) -> None:
    ref = uuid4()
    await apply(db, registered(ref))
    issued = assignment(ref)
    await apply(db, issued)
    await apply(db, issued)  # redelivered under a new event id: still one notice
    await worker.deliver_due()
    [mail] = relay.of_type(NoticeType.ASSIGNMENT)
    text = text_of(mail)
    assert mail["Subject"].startswith("Zuweisung in eine Arbeitsgelegenheit nach § 5")
    assert "Einsatzort: Schlossstraße 9, 49186 Bad Iburg" in text
    assert "Umfang: 20 Stunden pro Woche" in text
    assert "Träger: Tafel Bad Iburg e. V." in text
    assert "Montag 8:30 Uhr bei Frau Lange im Lager" in text
    assert "bis auf Weiteres" in text
    assert "Aufwandsentschädigung (§ 5 Abs. 2 AsylbLG)" in text
    assert "§ 5 Abs. 4 Satz 2 AsylbLG in Verbindung mit § 1a Abs. 1 AsylbLG" in text
    assert "höchstens sechs Monate" in text
    assert "تنبيه إلى العواقب القانونية" in text  # the Arabic reading aid
    assert pdf_of(mail).startswith(b"%PDF")
    [event] = await outbox(db)
    assert event["notice_type"] == "assignment"
    assert event["placement_id"] == str(issued.placement_id)
    assert event["channel"] == "email"


async def test_buergergeld_assignment_carries_the_sgb_ii_legal_notice(
    db: Database, worker: DeliveryWorker, relay: Relay
) -> None:
    ref = uuid4()
    await apply(db, registered(ref, preferred_language="de", legal_basis=LegalBasis.SGB2_16D))
    await apply(db, assignment(ref, LegalBasis.SGB2_16D))
    await worker.deliver_due()
    text = text_of(relay.of_type(NoticeType.ASSIGNMENT)[0])
    assert "Pflichtverletzung nach § 31 Abs. 1 SGB II" in text
    assert "um 10 Prozent" in text and "20 Prozent" in text and "30 Prozent" in text
    assert "§ 1a" not in text
    assert "Entschädigung für Mehraufwendungen (§ 16d Abs. 7 SGB II)" in text


async def test_the_provider_is_told_of_the_start_once_its_contact_is_known(
    db: Database, worker: DeliveryWorker, relay: Relay
) -> None:
    ref, provider = uuid4(), uuid4()
    await apply(db, registered(ref))
    start = started(ref, provider)
    await apply(db, start)
    await worker.deliver_due()
    info = await notice(db, NoticeType.PROVIDER_START_INFO, start.placement_id)
    assert info.status is NoticeStatus.WAITING_FOR_RECIPIENT
    assert relay.of_type(NoticeType.PROVIDER_START_INFO) == []
    await apply(db, contact(provider))
    await worker.deliver_due()
    [mail] = relay.of_type(NoticeType.PROVIDER_START_INFO)
    assert mail["To"].addresses[0].addr_spec == "lange@tafel.example.org"
    assert mail["Content-Language"] == "de"  # staff notices: German alone
    text = text_of(mail)
    assert text.startswith("Guten Tag Petra Lange,")
    assert "Teilnehmerin/Teilnehmer: Amal Haddad" in text
    assert "Beginn: Montag, 02.11.2026" in text and "Umfang: 20 Stunden" in text
    letter = " ".join(
        (page.extract_text() or "") for page in PdfReader(BytesIO(pdf_of(mail))).pages
    )
    assert "Tafel Bad Iburg e. V.\nPetra Lange" in letter  # the address window
    events = [e for e in await outbox(db) if e["notice_type"] == "provider_start_info"]
    assert [e["placement_id"] for e in events] == [str(start.placement_id)]


async def test_hearing_letter_with_deadline_and_information_to_the_case_workers(
    db: Database, worker: DeliveryWorker, relay: Relay
) -> None:
    ref = uuid4()
    await apply(db, registered(ref))
    proposal = proposed(ref, uuid4())
    refusal = RefusalRecorded(
        participant_ref=ref,
        refusal_id=proposal.refusal_id,
        placement_id=proposal.placement_id,
        kind=RefusalKind.NO_SHOW,
        refusal_date=date(2026, 11, 18),
        justified=False,
        legal_notice_given=True,
    )
    await apply(db, refusal)
    await apply(db, proposal)
    await apply(db, proposal)
    await worker.deliver_due()
    [hearing] = relay.of_type(NoticeType.HEARING)
    assert "Antwort bis 04.12.2026" in hearing["Subject"]  # 20.11. + 14 days
    text = text_of(hearing)
    assert "§ 24 des Zehnten Buches Sozialgesetzbuch" in text
    assert "Arbeitsgelegenheit am 18.11.2026 nicht angetreten." in text  # the facts
    assert "بتاريخ 18.11.2026" in text  # and in the Arabic reading aid
    assert "für die Dauer von 6 Monat(en)" in text
    [info] = relay.of_type(NoticeType.CASE_WORKER_HEARING_INFO)
    assert info["To"].addresses[0].addr_spec == "agh@bad-iburg.example.org"  # per AGS
    assert "Amal Haddad" in info["Subject"] and str(ref) in text_of(info)
    assert "Sachverhalt: Die Person hat die ihr zugewiesene Arbeitsgelegenheit am 18.11.2026" in (
        text_of(info)
    )
    events = {e["notice_type"]: e for e in await outbox(db)}
    assert events["hearing"]["placement_id"] == str(proposal.placement_id)
    assert set(events) == {"hearing", "case_worker_hearing_info"}


async def test_a_decision_letter_or_a_waiver_letter_once_per_sanction(
    db: Database, worker: DeliveryWorker, relay: Relay
) -> None:
    ref = uuid4()
    await apply(db, registered(ref, preferred_language="tr"))
    first, second = proposed(ref, uuid4()), proposed(ref)
    await apply(db, first)
    await apply(db, second)
    decided = SanctionDecided(
        sanction_id=first.sanction_id,
        participant_ref=ref,
        rule=SanctionRule.ASYLBLG_1A,
        effective_from=date(2027, 1, 1),
        effective_until=date(2027, 6, 30),
        hearing_date=date(2026, 12, 1),
        decided_date=date(2026, 12, 10),
    )
    waived = SanctionWaived(
        sanction_id=second.sanction_id,
        participant_ref=ref,
        reason=SanctionWaiverReason.EXCEPTIONAL_HARDSHIP,
        waived_date=date(2026, 12, 11),
    )
    await apply(db, decided)
    await apply(db, waived)
    await apply(db, SanctionWaived(**(waived.model_dump() | {"sanction_id": first.sanction_id})))
    await worker.deliver_due()
    decision, waiver = relay.of_type(NoticeType.SANCTION_DECISION)
    assert decision["Subject"] == (
        "Bescheid über eine Leistungsminderung vom 01.01.2027 bis 30.06.2027"
    )
    text = text_of(decision)
    assert "wir haben Sie am 01.12.2026" in text and "§ 1a Abs. 1 AsylbLG" in text
    assert "Rechtsbehelfsbelehrung" in text
    assert "Keine Leistungsminderung" in waiver["Subject"]
    assert "außergewöhnliche Härte" in text_of(waiver)
    events = [e for e in await outbox(db) if e["notice_type"] == "sanction_decision"]
    assert len(events) == 2  # the waiver after a decision opened nothing
    placements = {e["notice_id"]: e["placement_id"] for e in events}
    first_id = notice_id(NoticeType.SANCTION_DECISION, str(first.sanction_id))
    assert placements[first_id] == str(first.placement_id)  # from the hearing notice


async def test_the_monthly_statement_in_euros_with_corrections(
    db: Database, worker: DeliveryWorker, relay: Relay
) -> None:
    ref = uuid4()
    await apply(db, registered(ref, preferred_language="en"))
    statement = AllowanceStatementIssued(
        statement_id=uuid4(),
        participant_ref=ref,
        month="2026-11",
        total_cents=123456,
        worked_minutes=4530,
        lines=12,
        corrections_cents=-480,
        corrected_months=["2026-10", "2026-09"],
    )
    await apply(db, statement)
    await worker.deliver_due()
    [mail] = relay.of_type(NoticeType.ALLOWANCE_STATEMENT)
    text = text_of(mail)
    assert mail["Subject"] == "Ihre Abrechnung der Aufwandsentschädigung für November 2026"
    assert "Geleistete Arbeitszeit: 75 Stunden 30 Minuten" in text
    assert "Betrag: 1.234,56 EUR" in text
    assert "(September 2026, Oktober 2026) in Höhe von -4,80 EUR" in text
    assert "Amount: 1,234.56 EUR" in text  # the English reading aid: its own separators
    assert "(September 2026, October 2026) of -4.80 EUR" in text
    [event] = await outbox(db)
    assert event["placement_id"] is None


async def test_the_end_is_confirmed_with_the_reason_in_german(
    db: Database, worker: DeliveryWorker, relay: Relay
) -> None:
    ref = uuid4()
    await apply(db, registered(ref))
    start = started(ref, uuid4())
    await apply(db, start)
    ended = PlacementEnded(
        participant_ref=ref,
        placement_id=start.placement_id,
        end_date=date(2027, 3, 15),
        reason=EndReason.REGULAR_EMPLOYMENT,
    )
    await apply(db, ended)
    await worker.deliver_due()
    [mail] = relay.of_type(NoticeType.PLACEMENT_ENDED)
    assert mail["Subject"] == "Ende Ihrer Arbeitsgelegenheit zum 15.03.2027"
    assert "Grund: Sie haben eine reguläre Beschäftigung aufgenommen." in text_of(mail)
    ended_notice = await notice(db, NoticeType.PLACEMENT_ENDED, start.placement_id)
    assert ended_notice.municipality_key == MUNICIPALITY


async def test_hours_reminder_once_per_silent_period_and_never_after_the_end(
    db: Database, worker: DeliveryWorker, relay: Relay
) -> None:
    ref, provider = uuid4(), uuid4()
    await apply(db, registered(ref))
    await apply(db, contact(provider))
    start = started(ref, provider, date(2026, 11, 2))
    await apply(db, start)

    def new_uow() -> UnitOfWork:
        return UnitOfWork(db)

    async def check(day: date) -> int:
        return await remind_silent_placements(new_uow, day, SETTINGS.hours_reminder_days)

    assert await check(date(2026, 11, 15)) == 0  # 13 days
    assert await check(date(2026, 11, 16)) == 1  # 14 days without hours
    assert await check(date(2026, 11, 16)) == 0  # checked again: same period
    assert await check(date(2026, 11, 25)) == 0  # still the same silent period
    await worker.deliver_due()
    [mail] = relay.of_type(NoticeType.HOURS_REMINDER)
    assert mail["To"].addresses[0].addr_spec == "lange@tafel.example.org"
    assert "keine Stunden erfasst für Amal Haddad seit 02.11.2026" in mail["Subject"]
    assert "noch kein Arbeitstag erfasst" in text_of(mail)
    hours = HoursLogged(
        participant_ref=ref,
        entry_id=uuid4(),
        placement_id=start.placement_id,
        provider_id=provider,
        work_date=date(2026, 11, 26),
        worked_minutes=240,
    )
    await apply(db, hours)
    assert await check(date(2026, 12, 9)) == 0  # 13 days after the last work day
    assert await check(date(2026, 12, 10)) == 1  # a new silent period
    await worker.deliver_due()
    second = relay.of_type(NoticeType.HOURS_REMINDER)[1]
    assert "Zuletzt erfasst ist ein Arbeitstag am 26.11.2026." in text_of(second)
    await apply(
        db,
        PlacementEnded(
            participant_ref=ref,
            placement_id=start.placement_id,
            end_date=date(2026, 12, 12),
            reason=EndReason.CANCELLED,
        ),
    )
    assert await check(date(2027, 1, 31)) == 0  # ended: no more reminders
    reminders = [e for e in await outbox(db) if e["notice_type"] == "hours_reminder"]
    assert [e["placement_id"] for e in reminders] == [str(start.placement_id)] * 2


async def test_details_changed_updates_the_directory_and_the_newer_wins(
    db: Database, worker: DeliveryWorker, relay: Relay
) -> None:
    ref = uuid4()
    now = datetime.now(UTC)
    first = registered(ref, None)
    hours_ago = now - timedelta(hours=2)
    await apply(db, first, envelope_for(first).model_copy(update={"time": hours_ago}))
    issued = assignment(ref)
    await apply(db, issued)  # neither e-mail nor address: no_channel
    changed = registered(ref, "neu@example.org", kind=ParticipantDetailsChanged)
    await apply(db, changed, envelope_for(changed).model_copy(update={"time": now}))
    older = registered(ref, "alt@example.org", kind=ParticipantDetailsChanged)
    stale = now - timedelta(hours=1)
    await apply(db, older, envelope_for(older).model_copy(update={"time": stale}))
    async with UnitOfWork(db) as uow:
        recipient = await get_recipient(uow.session, str(ref))
    assert recipient is not None and recipient.email == "neu@example.org"
    await worker.deliver_due()
    [mail] = relay.of_type(NoticeType.ASSIGNMENT)
    assert mail["To"].addresses[0].addr_spec == "neu@example.org"


async def test_a_send_interrupted_after_it_began_goes_again_with_the_same_message_id(
    db: Database, worker: DeliveryWorker, relay: Relay
) -> None:
    ref = uuid4()
    await apply(db, registered(ref))
    issued = assignment(ref)
    await apply(db, issued)
    nid = notice_id(NoticeType.ASSIGNMENT, str(issued.placement_id))
    async with UnitOfWork(db) as uow:  # what a process killed mid-SMTP leaves behind
        await uow.session.execute(
            update(notice_table)
            .where(notice_table.c.id == nid)
            .values(send_started_at=datetime.now(UTC) - timedelta(minutes=5))
        )
        await uow.commit()
    await worker.deliver_due()
    [mail] = relay.sent[-1:]
    assert mail["Message-ID"] == f"<notice.{nid}@gemeinwerk.invalid>"
    async with UnitOfWork(db) as uow:
        row = (
            await uow.session.execute(select(notice_table).where(notice_table.c.id == nid))
        ).one()
    assert row.uncertain_sends == 1 and row.send_started_at is None
    assert row.status == NoticeStatus.SENT.value
    async with UnitOfWork(db) as uow:
        listed = await notices_of_participant(uow.session, str(ref), None)
    assert [n.notice_type for n in listed] == [NoticeType.ASSIGNMENT]
