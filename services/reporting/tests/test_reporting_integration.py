"""The running service on real PostgreSQL and Kafka: events in, GET /kpis and /metrics out.

Expected figures are computed here, by hand, from the list of events sent, not with the
service's own rules. All events use a municipality key of their own, and the figures are read
filtered by it, because the shared topic may hold other tests' events too.
"""

from __future__ import annotations

import asyncio
import calendar
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from asgi_lifespan import LifespanManager
from gemeinwerk_contracts import (
    Envelope,
    Event,
    HoursLogged,
    PlacementEnded,
    PlacementStarted,
    RefusalRecorded,
    encode,
    envelope_for,
)
from gemeinwerk_contracts.topics import PLACEMENT_PUBLIC
from gemeinwerk_contracts.vocabulary import (
    EndReason,
    JustificationCategory,
    LegalBasis,
    OpportunityCategory,
    ProviderKind,
    RefusalKind,
)
from prometheus_client.parser import text_string_to_metric_families
from reporting.app import build
from reporting.domain.facts import KpiFilter
from reporting.domain.kpis import compute_kpis
from reporting.domain.months import Month, months_between
from reporting.settings import Settings
from reporting.store.facts import load_facts
from reporting.store.kpi_queries import kpi_report
from reporting.store.sql import use_snapshot
from reporting.store.statements import load_statements
from reporting.store.tables import placement_table
from sqlalchemy import select
from sqlalchemy import text as sql

pytestmark = pytest.mark.integration

MUNICIPALITY = f"{uuid.uuid4().int % 10**8:08d}"
MONTHS = [f"2025-{m:02d}" for m in range(1, 6)]


@dataclass
class Plan:
    """One placement as the test means it: what it expects the figures to count."""

    basis: LegalBasis
    start: date
    end: date | None = None
    ref: uuid.UUID = field(default_factory=uuid.uuid4)
    pid: uuid.UUID = field(default_factory=uuid.uuid4)

    def started(self) -> PlacementStarted:
        return PlacementStarted(
            participant_ref=self.ref,
            placement_id=self.pid,
            opportunity_id=uuid.uuid4(),
            provider_id=uuid.uuid4(),
            provider_kind=ProviderKind.NON_PROFIT,
            municipality_key=MUNICIPALITY,
            legal_basis=self.basis,
            start_date=self.start,
            hours_per_week=Decimal("20"),
            category=OpportunityCategory.GREEN_SPACE_CARE,
        )

    def ended(self, reason: EndReason = EndReason.COMPLETED) -> PlacementEnded:
        assert self.end is not None
        return PlacementEnded(
            participant_ref=self.ref, placement_id=self.pid, end_date=self.end, reason=reason
        )

    def hours(self, day: date, minutes: int, entry: uuid.UUID | None = None) -> HoursLogged:
        return HoursLogged(
            participant_ref=self.ref,
            entry_id=entry or uuid.uuid4(),
            placement_id=self.pid,
            provider_id=uuid.uuid4(),
            work_date=day,
            worked_minutes=minutes,
        )

    def refusal(self, day: date, justified: bool, attributed: bool = True) -> RefusalRecorded:
        return RefusalRecorded(
            participant_ref=self.ref,
            refusal_id=uuid.uuid4(),
            placement_id=self.pid if attributed else None,
            opportunity_id=None if attributed else uuid.uuid4(),
            kind=RefusalKind.NO_SHOW,
            refusal_date=day,
            justified=justified,
            justification_category=JustificationCategory.ILLNESS if justified else None,
            legal_notice_given=True,
        )


P1 = Plan(LegalBasis.ASYLBLG_5, date(2025, 1, 10), date(2025, 3, 31))
P2 = Plan(LegalBasis.SGB2_16D, date(2025, 2, 1))
P3 = Plan(LegalBasis.ASYLBLG_5, date(2025, 2, 15), date(2025, 4, 2))  # end sent first
P4 = Plan(LegalBasis.SGB2_16D, date(2025, 3, 20), date(2025, 3, 20))
P5 = Plan(LegalBasis.ASYLBLG_5, date(2025, 4, 1))
PLANS = [P1, P2, P3, P4, P5]
CORRECTED = uuid.uuid4()
# (plan, work date, minutes): what should be counted once everything arrived.
HOURS = [
    (P1, date(2025, 1, 13), 240),
    (P1, date(2025, 1, 14), 255),
    (P1, date(2025, 2, 3), 480),
    (P2, date(2025, 2, 4), 390),
    (P2, date(2025, 3, 5), 60),  # logged as 45 first, then corrected to 60
    (P3, date(2025, 3, 2), 300),  # logged before its placement's start arrived
    (P5, date(2025, 4, 2), 135),
]
# (plan, date, justified, attributed to the placement)
REFUSALS = [
    (P1, date(2025, 2, 10), False, True),
    (P2, date(2025, 3, 12), True, True),
    (P4, date(2025, 3, 15), False, False),  # an offer refused: no placement, not attributable
]


def expected(basis: LegalBasis | None = None) -> dict[str, Any]:
    """The figures for MONTHS, worked out plainly from the plans above."""
    plans = [p for p in PLANS if basis is None or p.basis == basis]
    months = []
    for text in MONTHS:
        year, month = map(int, text.split("-"))
        last = date(year, month, calendar.monthrange(year, month)[1])

        def inside(day: date | None, y: int = year, m: int = month) -> bool:
            return day is not None and (day.year, day.month) == (y, m)

        minutes = sum(n for p, d, n in HOURS if p in plans and inside(d))
        refusals = [(j, p) for p, d, j, a in REFUSALS if a and p in plans and inside(d)]
        months.append(
            {
                "month": text,
                "placements_started": sum(inside(p.start) for p in plans),
                "placements_ended": sum(inside(p.end) for p in plans),
                "active_at_month_end": sum(
                    p.start <= last and (p.end is None or p.end >= last) for p in plans
                ),
                "hours_worked": f"{Decimal(minutes) / 60:.2f}",
                "worked_minutes": minutes,
                "refusals": len(refusals),
                "refusals_unjustified": sum(not j for j, _ in refusals),
                "allowance_cents": 0,  # no statements in this test (see the rebuild test)
            }
        )
    active = sum(p.end is None for p in plans)  # every start is long past, every end too
    return {"active_placements": active, "months": months}


async def send(producer: AIOKafkaProducer, events: list[Event | tuple[Envelope, Event]]) -> None:
    for item in events:
        envelope, event = item if isinstance(item, tuple) else (envelope_for(item), item)
        await producer.send_and_wait(
            PLACEMENT_PUBLIC,
            value=encode(event),
            key=str(event.partition_key()).encode(),
            headers=envelope.to_headers(),
        )


async def eventually(check: Callable[[], Any], timeout: float = 60.0) -> Any:
    """Poll an async check until it returns a truthy value."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        result = await check()
        if result:
            return result
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.25)


async def test_figures_from_events(postgres, kafka_bootstrap_servers: str) -> None:
    suffix = uuid.uuid4().hex[:8]
    settings = Settings(
        service_name=f"reporting-it-{suffix}",  # own consumer group: reads the topic from the start
        database_url=await postgres.acreate_database(f"reporting_{suffix}"),
        kafka_bootstrap_servers=kafka_bootstrap_servers,
        consumer_batch_timeout_ms=50,
        metrics_min_interval_seconds=0.2,
    )
    runtime, app = build(settings)
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap_servers, acks="all")
    params = {"from": MONTHS[0], "to": MONTHS[-1], "municipality_key": MUNICIPALITY}
    async with LifespanManager(app, startup_timeout=120, shutdown_timeout=60):
        await producer.start()
        transport = httpx.ASGITransport(app=app)
        try:
            async with httpx.AsyncClient(transport=transport, base_url="http://r") as http:
                # 1. The end of P3 (and an hours entry) before its start.
                await send(producer, [P3.ended(EndReason.REGULAR_EMPLOYMENT), HOURS_EARLY])

                async def end_stored() -> bool:
                    async with runtime.uow() as uow:
                        row = (
                            await uow.session.execute(
                                select(placement_table).where(
                                    placement_table.c.placement_id == str(P3.pid)
                                )
                            )
                        ).one_or_none()
                    return row is not None and row.start_date is None and row.end_date == P3.end

                await eventually(end_stored)
                interim = (await http.get("/kpis", params=params)).json()
                assert sum(m["placements_ended"] for m in interim["months"]) == 0

                # 2. Everything else, with a redelivery, a repeat and a correction.
                redelivered = envelope_for(P2.started())
                await send(producer, rest_of_history(redelivered))

                async def figures() -> dict[str, Any] | None:
                    body = (await http.get("/kpis", params=params)).json()
                    got = {k: body[k] for k in ("active_placements", "months")}
                    return body if got == expected() else None

                try:
                    body = await eventually(figures)
                except AssertionError:
                    body = (await http.get("/kpis", params=params)).json()
                    assert {k: body[k] for k in ("active_placements", "months")} == expected()
                assert body["as_of"]
                asylum = (
                    await http.get("/kpis", params={**params, "legal_basis": "asylblg_5"})
                ).json()
                assert asylum["months"] == expected(LegalBasis.ASYLBLG_5)["months"]
                assert (
                    asylum["active_placements"]
                    == expected(LegalBasis.ASYLBLG_5)["active_placements"]
                )
                await check_metrics(http)
                await check_sql_agrees_with_rules(runtime)
        finally:
            await producer.stop()


HOURS_EARLY = P3.hours(date(2025, 3, 2), 300)


def rest_of_history(redelivered: Envelope) -> list[Event | tuple[Envelope, Event]]:
    p1_first = P1.hours(date(2025, 1, 13), 240)
    return [
        P1.started(),
        p1_first,
        P1.hours(date(2025, 1, 14), 255),
        P1.hours(date(2025, 2, 3), 480),
        (redelivered, P2.started()),
        P2.hours(date(2025, 2, 4), 390),
        P3.started(),
        P1.refusal(date(2025, 2, 10), justified=False),
        P2.hours(date(2025, 3, 5), 45, entry=CORRECTED),
        P1.ended(),
        P2.refusal(date(2025, 3, 12), justified=True),
        P4.started(),
        P4.refusal(date(2025, 3, 15), justified=False, attributed=False),
        P4.ended(EndReason.CANCELLED),
        P2.hours(date(2025, 3, 5), 60, entry=CORRECTED),  # correction: same entry id
        p1_first,  # the same fact again under a new event id
        (redelivered, P2.started()),  # the same event again (same id): the inbox skips it
        P5.started(),
        P5.hours(date(2025, 4, 2), 135),
    ]


def samples(text: str) -> dict[str, list[tuple[dict[str, str], float]]]:
    """Parsed exposition: metric name → (labels, value) of each sample."""
    parsed: dict[str, list[tuple[dict[str, str], float]]] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            parsed.setdefault(sample.name, []).append((sample.labels, sample.value))
    return parsed


async def check_metrics(http: httpx.AsyncClient) -> None:
    """The gauges show our municipality's active placements and never a reference or id."""
    ours = {"municipality_key": MUNICIPALITY, "provider_kind": "non_profit"}
    wanted = [
        ({**ours, "legal_basis": "asylblg_5"}, 1.0),
        ({**ours, "legal_basis": "sgb2_16d"}, 1.0),
    ]

    async def refreshed() -> str | None:
        text = (await http.get("/metrics")).text
        active = samples(text).get("gemeinwerk_reporting_active_placements", [])
        mine = [s for s in active if s[0]["municipality_key"] == MUNICIPALITY]
        return text if sorted(mine, key=str) == sorted(wanted, key=str) else None

    text = await eventually(refreshed, timeout=30)
    parsed = samples(text)
    labels = {
        "placements_started": {"month", "legal_basis"},
        "placements_ended": {"month", "reason"},
        "worked_minutes": {"month", "legal_basis"},
        "refusals": {"month", "justified"},
    }
    for name, names in labels.items():
        series = parsed[f"gemeinwerk_reporting_{name}"]
        assert series and all(set(s[0]) == names for s in series), name
    ended = parsed["gemeinwerk_reporting_placements_ended"]
    assert any(s[0] == {"month": "2025-04", "reason": "regular_employment"} for s in ended)
    for plan in PLANS:
        assert str(plan.ref) not in text
        assert str(plan.pid) not in text
    assert "participant" not in text


async def check_sql_agrees_with_rules(runtime: Any) -> None:
    """On PostgreSQL, too, the aggregate queries equal the pure rules over the stored facts."""
    months = months_between(Month(2024, 12), Month(2026, 12))
    async with runtime.uow() as uow:
        await use_snapshot(uow.session)
        isolation = await uow.session.scalar(sql("SHOW transaction_isolation"))
        assert isolation == "repeatable read"
        placements, hours, refusals = await load_facts(uow.session)
        # the shared topics may carry other tests' statements: they count on both sides
        statements = await load_statements(uow.session)
        for kpi_filter in (
            KpiFilter(),
            KpiFilter(municipality_key=MUNICIPALITY),
            KpiFilter(legal_basis="sgb2_16d"),
        ):
            by_sql = await kpi_report(uow.session, months, date.today(), kpi_filter)
            by_rules = compute_kpis(
                placements, hours, refusals, months, date.today(), kpi_filter, statements
            )
            assert by_sql == by_rules, kpi_filter
