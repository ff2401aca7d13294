"""Rebuild from the log on real Kafka and PostgreSQL.

1. The live reporting runtime (in-process, a consumer group of its own) reads both topics of
   its subscription (placement and allowance), including this test's events: an end before
   its start, a correction by the same entry id, an HoursCorrected read before the (older)
   HoursLogged it corrects, allowance statements, the same fact under a new id and a
   redelivered event (same id twice). The figures of this test's municipality must equal
   figures worked out here by hand.
2. After it stopped, its consumer group's committed offsets mark exactly what it applied.
   `python -m reporting.rebuild --until-group <that group> --compare-with <live store>`
   replays both topics up to those offsets into fresh stores (in-process and as a process) and
   must report every figure identical — whatever other tests wrote to the shared topic.
3. The replay speed figure (benchmark function) runs on a small topic of its own.
"""

from __future__ import annotations

import asyncio
import sys
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from asgi_lifespan import LifespanManager
from chassis.store import Database
from gemeinwerk_contracts import (
    AllowanceStatementIssued,
    Envelope,
    Event,
    HoursCorrected,
    HoursLogged,
    NoticeDelivered,
    NoticeFailed,
    OpportunityChanged,
    OpportunityPublished,
    ParticipantObligationChanged,
    PaymentRunCompleted,
    PlacementEnded,
    PlacementProposed,
    PlacementStarted,
    RefusalRecorded,
    SanctionDecided,
    SanctionProposed,
    encode,
    envelope_for,
)
from gemeinwerk_contracts.events.notification import NoticeChannel, NoticeFailureReason
from gemeinwerk_contracts.vocabulary import (
    EndReason,
    JustificationCategory,
    LegalBasis,
    OpportunityCategory,
    PaymentPayer,
    ProviderKind,
    RefusalKind,
    SanctionRule,
)
from reporting.app import build
from reporting.consumers.read_model import TOPICS
from reporting.domain.months import berlin_today
from reporting.rebuild.__main__ import run
from reporting.rebuild.bench import measure_replay
from reporting.rebuild.log_reader import LogReader, committed_offsets
from reporting.rebuild.printing import read_store_figures
from reporting.settings import Settings

pytestmark = pytest.mark.integration

M = f"{uuid.uuid4().int % 10**8:08d}"
MONTHS = ["2025-01", "2025-02", "2025-03", "2025-04"]
REF = [uuid.uuid4() for _ in range(3)]
PID = [uuid.uuid4() for _ in range(3)]
CORRECTED = uuid.uuid4()


def start(i: int, basis: LegalBasis, day: date) -> PlacementStarted:
    return PlacementStarted(
        participant_ref=REF[i],
        placement_id=PID[i],
        opportunity_id=uuid.uuid4(),
        provider_id=uuid.uuid4(),
        provider_kind=ProviderKind.MUNICIPAL,
        municipality_key=M,
        legal_basis=basis,
        start_date=day,
        hours_per_week=Decimal("20"),
        category=OpportunityCategory.FOOD_BANK,
    )


def end(i: int, day: date, reason: EndReason) -> PlacementEnded:
    return PlacementEnded(participant_ref=REF[i], placement_id=PID[i], end_date=day, reason=reason)


def hours(i: int, day: date, minutes: int, entry: uuid.UUID | None = None) -> HoursLogged:
    return HoursLogged(
        participant_ref=REF[i],
        entry_id=entry or uuid.uuid4(),
        placement_id=PID[i],
        provider_id=uuid.uuid4(),
        work_date=day,
        worked_minutes=minutes,
    )


def corrected(i: int, logged: HoursLogged, minutes: int) -> HoursCorrected:
    return HoursCorrected(
        participant_ref=REF[i],
        correction_id=uuid.uuid4(),
        entry_id=logged.entry_id,
        placement_id=logged.placement_id,
        provider_id=logged.provider_id,
        work_date=logged.work_date,
        worked_minutes=minutes,
    )


def statement(i: int, month: str, cents: int, corrections: int = 0) -> AllowanceStatementIssued:
    return AllowanceStatementIssued(
        statement_id=uuid.uuid4(),
        participant_ref=REF[i],
        month=month,
        total_cents=cents,
        worked_minutes=600,
        lines=3,
        corrections_cents=corrections,
    )


def refusal(i: int, day: date, justified: bool) -> RefusalRecorded:
    return RefusalRecorded(
        participant_ref=REF[i],
        refusal_id=uuid.uuid4(),
        placement_id=PID[i],
        kind=RefusalKind.REFUSED,
        refusal_date=day,
        justified=justified,
        justification_category=JustificationCategory.ILLNESS if justified else None,
        legal_notice_given=True,
    )


OPP = uuid.uuid4()
SANCTION = uuid.uuid4()


def opportunity(kind: type[OpportunityPublished], places: int, effective: date) -> Event:
    return kind(
        opportunity_id=OPP,
        provider_id=OPP,
        provider_kind=ProviderKind.MUNICIPAL,
        municipality_key=M,
        category=OpportunityCategory.FOOD_BANK,
        places=places,
        hours_per_week=Decimal("20"),
        start_date=date(2025, 1, 1),
        legal_bases=[LegalBasis.ASYLBLG_5, LegalBasis.SGB2_16D],
        effective_date=effective,
    )


def business_history() -> list[Event | tuple[Envelope, Event]]:
    """Issue-6 facts of this municipality: places 4 → 6 (the change read first), obligations,
    a proposal 03.01. for P0 (started 10.01.), a sanction for P2's refusal, a payment run,
    notices (one failed)."""
    refusal_id = uuid.uuid4()
    return [
        opportunity(OpportunityChanged, 6, date(2025, 3, 1)),
        opportunity(OpportunityPublished, 4, date(2025, 1, 1)),
        *[
            ParticipantObligationChanged(
                participant_ref=REF[i],
                obliged=True,
                legal_basis=LegalBasis.ASYLBLG_5,
                municipality_key=M,
                effective_date=date(2025, 1, 1),
            )
            for i in range(3)
        ],
        PlacementProposed(
            participant_ref=REF[0],
            placement_id=PID[0],
            opportunity_id=OPP,
            provider_id=OPP,
            provider_kind=ProviderKind.MUNICIPAL,
            municipality_key=M,
            legal_basis=LegalBasis.ASYLBLG_5,
            category=OpportunityCategory.FOOD_BANK,
            hours_per_week=Decimal("20"),
            start_date=date(2025, 1, 10),
            proposed_date=date(2025, 1, 3),
        ),
        SanctionProposed(
            sanction_id=SANCTION,
            participant_ref=REF[2],
            refusal_id=refusal_id,
            placement_id=PID[2],
            legal_basis=LegalBasis.ASYLBLG_5,
            rule=SanctionRule.ASYLBLG_1A,
            rule_valid_from=date(2016, 8, 6),
            breach_number=1,
            duration_months=6,
            legal_notice_id=uuid.uuid4(),
            proposed_date=date(2025, 3, 17),
        ),
        SanctionDecided(
            sanction_id=SANCTION,
            participant_ref=REF[2],
            rule=SanctionRule.ASYLBLG_1A,
            effective_from=date(2025, 4, 1),
            effective_until=date(2025, 9, 30),
            decided_date=date(2025, 3, 28),
        ),
        PaymentRunCompleted(
            payment_run_id=uuid.uuid4(),
            month="2025-02",
            payer=PaymentPayer.DISTRICT,
            payments=1,
            paid_cents=12_345,
            completed_at=datetime(2025, 3, 14, 9, tzinfo=UTC),
        ),
        NoticeDelivered(
            notice_id=uuid.uuid4(),
            notice_type="assignment",
            participant_ref=REF[0],
            placement_id=PID[0],
            channel=NoticeChannel.LETTER,
            delivery_sequence=0,
            delivered_at=datetime(2025, 1, 3, 9, tzinfo=UTC),
        ),
        NoticeFailed(
            notice_id=uuid.uuid4(),
            notice_type="hearing",
            participant_ref=REF[2],
            reason=NoticeFailureReason.NO_CHANNEL,
            attempts=0,
            failed_at=datetime(2025, 3, 18, 9, tzinfo=UTC),
        ),
    ]


def history() -> list[Event | tuple[Envelope, Event]]:
    """P0 asylblg 10.01.–31.03. (end sent first), P1 sgb2 from 01.02., P2 asylblg 20.03. only."""
    p1_start = start(1, LegalBasis.SGB2_16D, date(2025, 2, 1))
    again = envelope_for(p1_start)
    first_hours = hours(0, date(2025, 1, 13), 240)
    withdrawn = hours(0, date(2025, 2, 20), 300)
    logged_at = envelope_for(withdrawn)  # ce_time now: older than the correction's below
    reduced = hours(1, date(2025, 4, 7), 200)
    reduced_at = envelope_for(reduced)
    return [
        corrected(0, withdrawn, 0),  # withdrawn, read before the entry it withdraws
        corrected(1, reduced, 150),  # corrected to 150, read before the entry
        statement(0, "2025-02", 12_345),
        statement(2, "2025-01", 5_000),  # P2 starts in March: not attributable to January
        end(0, date(2025, 3, 31), EndReason.COMPLETED),  # before its start
        hours(0, date(2025, 2, 3), 480),  # before its start, too
        start(0, LegalBasis.ASYLBLG_5, date(2025, 1, 10)),
        first_hours,
        (again, p1_start),
        hours(1, date(2025, 3, 5), 45, entry=CORRECTED),
        refusal(1, date(2025, 3, 12), justified=True),
        start(2, LegalBasis.ASYLBLG_5, date(2025, 3, 20)),
        refusal(2, date(2025, 3, 15), justified=False),
        end(2, date(2025, 3, 20), EndReason.REGULAR_EMPLOYMENT),
        hours(1, date(2025, 3, 5), 60, entry=CORRECTED),  # correction: same entry id
        first_hours,  # the same fact under a new event id
        (again, p1_start),  # redelivery: the same event id again
        (logged_at, withdrawn),  # older than its correction: changes nothing
        (reduced_at, reduced),
        statement(1, "2025-03", 6_789, corrections=-100),
        *business_history(),
    ]


def expected() -> dict[str, Any]:
    """Worked out by hand from history(), months 2025-01 … 2025-04."""

    def month(  # type: ignore[no-untyped-def]
        m: str, started: int, ended: int, active: int, minutes: int, ref: int, unj: int, eur: int
    ):
        return {
            "month": m,
            "placements_started": started,
            "placements_ended": ended,
            "active_at_month_end": active,
            "hours_worked": f"{Decimal(minutes) / 60:.2f}",
            "worked_minutes": minutes,
            "refusals": ref,
            "refusals_unjustified": unj,
            "allowance_cents": eur,
        }

    return {
        "active_placements": 1,  # P1 (no end)
        "months": [
            month("2025-01", 1, 0, 1, 240, 0, 0, 0),
            month("2025-02", 1, 0, 2, 480, 0, 0, 12_345),  # 20.02. withdrawn: 0 minutes
            # P0 ends on 31.03. (still active that day), P2 starts and ends on 20.03.
            month("2025-03", 1, 2, 2, 60, 2, 1, 6_789),
            month("2025-04", 0, 0, 1, 150, 0, 0, 0),
        ],
    }


async def send(bootstrap: str, items: list[Event | tuple[Envelope, Event]]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for item in items:
            envelope, event = item if isinstance(item, tuple) else (envelope_for(item), item)
            await producer.send_and_wait(
                event.TOPIC,
                value=encode(event),
                key=str(event.partition_key()).encode(),
                headers=envelope.to_headers(),
            )
    finally:
        await producer.stop()


async def live_run(settings: Settings, bootstrap: str) -> dict[str, Any]:
    """Run the live service until this test's figures are reached; returns GET /kpis."""
    _runtime, app = build(settings)
    params = {"from": MONTHS[0], "to": MONTHS[-1], "municipality_key": M}
    async with LifespanManager(app, startup_timeout=120, shutdown_timeout=60):
        await send(bootstrap, history())
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://r") as http:
            deadline = asyncio.get_running_loop().time() + 90
            while True:
                body = (await http.get("/kpis", params=params)).json()
                got = {k: body[k] for k in ("active_placements", "months")}
                if got == expected() or asyncio.get_running_loop().time() > deadline:
                    break
                await asyncio.sleep(0.25)
            await caught_up(bootstrap, f"{settings.consumer_group}.read_model")
    return got


async def caught_up(bootstrap: str, group: str, timeout: float = 60.0) -> None:
    """Wait until the group has committed the topic's end offsets, so that what it committed
    is exactly what it applied when it stops (nothing is left in flight)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        reader = LogReader(bootstrap, TOPICS)
        await reader.start()
        await reader.stop()
        ends = {tp: offset for tp, offset in reader.end.items() if offset > 0}
        committed = await committed_offsets(bootstrap, group, TOPICS)
        if all(committed.get(tp) == offset for tp, offset in ends.items()):
            return
        await asyncio.sleep(0.25)


def ours(figures: Any) -> dict[str, Any]:
    """This test's municipality's months 2025-01 … 04 from rebuilt figures, as JSON shapes."""
    report = figures.reports[f"municipality_key={M}"]
    months = [m for m in report.months if str(m.month) in MONTHS]
    return {
        "active_placements": report.active_placements,
        "months": [
            {
                "month": str(m.month),
                "placements_started": m.placements_started,
                "placements_ended": m.placements_ended,
                "active_at_month_end": m.active_at_month_end,
                "hours_worked": str(m.hours_worked),
                "worked_minutes": m.worked_minutes,
                "refusals": m.refusals,
                "refusals_unjustified": m.refusals_unjustified,
                "allowance_cents": m.allowance_cents,
            }
            for m in months
        ],
    }


def business(figures: Any) -> dict[str, Any]:
    """This municipality's business figures of 2025-01 … 04 from rebuilt figures."""
    report = figures.business[f"municipality_key={M}"]
    months = [m for m in report.months if str(m.month) in MONTHS]
    return {
        "offered": [m.places.offered for m in months],
        "occupied": [m.places.occupied for m in months],
        "obliged": [(m.obliged, m.obliged_placed) for m in months],
        "proposed": [m.placements_proposed for m in months],
        "sanctions": [(m.sanctions_proposed, m.sanctions_decided) for m in months],
        "exits": [m.ended_regular_employment for m in months],
    }


def expected_business() -> dict[str, Any]:
    """Worked out by hand from history() and business_history()."""
    return {
        "offered": [4, 4, 6, 6],
        "occupied": [1, 2, 2, 1],  # as active_at_month_end
        "obliged": [(3, 1), (3, 2), (3, 2), (3, 1)],
        "proposed": [1, 0, 0, 0],
        "sanctions": [(0, 0), (0, 0), (1, 1), (0, 0)],
        "exits": [0, 0, 1, 0],  # P2 ended 20.03. into regular employment
    }


async def test_rebuild_gives_the_figures_of_the_live_store(
    postgres, kafka_bootstrap_servers: str, capsys: pytest.CaptureFixture[str]
) -> None:
    suffix = uuid.uuid4().hex[:8]
    live_url = await postgres.acreate_database(f"reporting_live_{suffix}")
    settings = Settings(
        service_name=f"reporting-rb-{suffix}",
        database_url=live_url,
        kafka_bootstrap_servers=kafka_bootstrap_servers,
        consumer_batch_timeout_ms=50,
    )
    assert await live_run(settings, kafka_bootstrap_servers) == expected()
    group = f"{settings.consumer_group}.read_model"

    # In-process: rebuild up to the live group's offsets, compare every figure.
    rebuilt_url = await postgres.acreate_database(f"reporting_rebuilt_{suffix}")
    base = ["--bootstrap-servers", kafka_bootstrap_servers, "--until-group", group]
    code = await run(["--database-url", rebuilt_url, *base, "--compare-with", live_url])
    out = capsys.readouterr()
    assert code == 0, out.out
    assert "IDENTICAL" in out.out
    assert "events/s" in out.err and "events/s" in out.out
    stats = out.out.split("duplicates skipped ")[1].split(",")[0]
    assert int(stats.replace(",", "")) >= 1  # the redelivered event, skipped by the inbox
    rebuilt = Database(rebuilt_url)
    try:
        figures = await read_store_figures(rebuilt)
    finally:
        await rebuilt.dispose()
    assert figures.as_of == berlin_today()
    assert ours(figures) == expected()
    assert business(figures) == expected_business()

    # A store that is not empty is refused.
    assert await run(["--database-url", rebuilt_url, *base]) == 2

    # As a process, into a second fresh store, compared with the first rebuild.
    second_url = await postgres.acreate_database(f"reporting_second_{suffix}")
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "reporting.rebuild",
        "--database-url",
        second_url,
        *base,
        "--compare-with",
        rebuilt_url,
        "--progress-seconds",
        "0.5",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=300)
    assert process.returncode == 0, stdout.decode() + stderr.decode()
    assert "IDENTICAL" in stdout.decode()
    assert "events/s" in stderr.decode()


async def test_replay_speed_figure(postgres, kafka_bootstrap_servers: str) -> None:
    url = await postgres.acreate_database(f"reporting_bench_{uuid.uuid4().hex[:8]}")
    stats = await measure_replay(kafka_bootstrap_servers, url, events=3000)
    assert stats.records == 3000
    assert stats.applied == 3000
    assert stats.duplicates_skipped == 0
    assert stats.rate > 0
    database = Database(url)
    try:
        figures = await read_store_figures(database)
    finally:
        await database.dispose()
    assert figures.rows["hours_entry"] > 2500
