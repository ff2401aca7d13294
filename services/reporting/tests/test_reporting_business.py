"""Business figures (GET /figures, issue 6) on SQLite: the demo district applied in a shuffled
order equals the independent figures; out-of-order cases by hand; gauges; rebuild figures."""

from __future__ import annotations

import asyncio
import random
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from chassis.store import Database
from chassis.store.migrations import upgrade
from gemeinwerk_contracts import (
    Envelope,
    Event,
    NoticeDelivered,
    OpportunityChanged,
    OpportunityClosed,
    OpportunityPublished,
    ParticipantObligationChanged,
    PlacementEnded,
    PlacementProposed,
    PlacementStarted,
    RefusalRecorded,
    envelope_for,
)
from gemeinwerk_contracts.events.notification import NoticeChannel
from gemeinwerk_contracts.vocabulary import (
    EndReason,
    LegalBasis,
    OpportunityCategory,
    ProviderKind,
    RefusalKind,
)
from reporting.app import MIGRATIONS, build
from reporting.consumers.read_model import read_model_subscription
from reporting.domain.months import berlin_today
from reporting.rebuild.figures import differences, read_figures
from reporting.settings import Settings
from reporting.store.sql import use_snapshot

from chassis import UnitOfWork

sys.path.insert(0, str(Path(__file__).parent))  # the helper modules beside this file

from reporting_demo_district import MUNICIPALITIES, DemoStream
from reporting_demo_expected import Expected, Selection, check_exports

MONTHS = [(2019, m) for m in range(1, 13)]
KEYS = (
    "as_of",
    "stock_day",
    "places",
    "target_total",
    "target_progress_percent",
    "places_by_provider_kind",
    "obliged",
    "obliged_placed",
    "totals",
    "months",
)


async def apply_items(
    database: Database, items: list[tuple[Envelope, Event]], size: int = 500
) -> None:
    """Through the read model handlers, `size` events a transaction (hours one at a time)."""
    subscription = read_model_subscription()
    for i in range(0, len(items), size):
        async with UnitOfWork(database) as uow:
            for envelope, event in items[i : i + size]:
                batch = subscription.batch_handlers.get(type(event))
                if batch is not None:
                    await batch(uow, [(envelope, event)])
                else:
                    await subscription.handlers[type(event)](uow, envelope, event)
            await uow.commit()


@pytest.fixture(scope="module")
def demo() -> DemoStream:
    return DemoStream(seed=6)


@pytest.fixture(scope="module")
async def demo_client(
    tmp_path_factory: pytest.TempPathFactory, demo: DemoStream
) -> AsyncIterator[httpx.AsyncClient]:
    """The demo district applied in a shuffled order to one SQLite store (module-wide)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    runtime, app = build(Settings(database_url=f"sqlite+aiosqlite:///{path}"))
    await upgrade(runtime.database, MIGRATIONS)
    shuffled = list(demo.items)
    random.Random(17).shuffle(shuffled)  # any order: ends before starts, changes first, …
    await apply_items(runtime.database, shuffled)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://reporting") as http:
        http.app_database = runtime.database  # type: ignore[attr-defined]
        yield http
    await runtime.database.dispose()


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"municipality_key": MUNICIPALITIES[0]},
        {"provider_kind": "district"},
        {"legal_basis": "sgb2_16d", "category": "workshop"},
    ],
)
async def test_demo_figures_equal_independent_figures(
    demo_client: httpx.AsyncClient, demo: DemoStream, params: dict[str, str]
) -> None:
    query = {"from": "2019-01", "to": "2019-12", **params}
    response = await demo_client.get("/figures", params=query)
    assert response.status_code == 200, response.text
    body = response.json()
    want = Expected(demo.items).figures(MONTHS, berlin_today(), Selection(**params))
    for key in KEYS:
        assert body[key] == want[key], key
    assert body["totals"]["placements_started"] > 0 or params


async def test_exports_carry_the_numbers_of_the_api(demo_client: httpx.AsyncClient) -> None:
    await check_exports(demo_client)
    filtered = await demo_client.get(
        "/figures.csv", params={"from": "2019-01", "to": "2019-03", "municipality_key": "03459004"}
    )
    assert filtered.status_code == 200
    assert filtered.headers["content-disposition"].endswith('geschaeftszahlen_2019-01_2019-03.csv"')
    lines = filtered.content.decode("utf-8-sig").split("\r\n")
    assert lines[1].startswith("01.2019;") and lines[1].endswith(";;")  # district-only: empty


async def test_places_and_targets_of_the_demo(demo_client: httpx.AsyncClient) -> None:
    body = (await demo_client.get("/figures", params={"from": "2019-04", "to": "2019-04"})).json()
    kinds = {row["provider_kind"]: row for row in body["places_by_provider_kind"]}
    assert {k: kinds[k]["target"] for k in ("municipal", "district", "non_profit")} == {
        "municipal": 150,
        "district": 50,
        "non_profit": 100,
    }
    assert body["target_total"] == 300
    for row in kinds.values():
        assert row["free"] == max(0, row["offered"] - row["occupied"] - row["reserved"])
    offered = body["places"]["offered"]
    assert body["target_progress_percent"] == str(
        (Decimal(offered * 100) / 300).quantize(Decimal("0.1"))
    )


async def test_figures_per_municipality_add_up(demo_client: httpx.AsyncClient) -> None:
    params = {"from": "2019-01", "to": "2019-12", "per_municipality": "true"}
    body = (await demo_client.get("/figures", params=params)).json()
    rows = body["municipalities"]
    assert {r["municipality_key"] for r in rows} == set(MUNICIPALITIES)
    assert sum(r["places_offered"] for r in rows) == body["places"]["offered"]
    assert sum(r["obliged"] for r in rows) == body["obliged"]
    assert sum(r["placements_started"] for r in rows) == body["totals"]["placements_started"]
    assert {r["name"] for r in rows} >= {"Bad Iburg", "Melle", "AGS 03459001"}


async def test_bad_filters_are_rejected_in_german(demo_client: httpx.AsyncClient) -> None:
    response = await demo_client.get("/figures", params={"from": "2019-13"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "from"
    assert "Ungültiger Monat" in response.json()["detail"][0]["msg"]
    response = await demo_client.get("/figures", params={"provider_kind": "for_profit"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "provider_kind"]


async def test_gauges_cover_the_new_figures(demo_client: httpx.AsyncClient, tmp_path: Path) -> None:
    from reporting.store.metric_queries import metrics_snapshot

    database = demo_client.app_database  # type: ignore[attr-defined]
    async with UnitOfWork(database) as uow:
        snapshot = await metrics_snapshot(uow.session, date(2019, 6, 30), 6)
    assert snapshot.place_targets == {("municipal",): 150, ("district",): 50, ("non_profit",): 100}
    assert sum(v for (_k, _m, state), v in snapshot.places.items() if state == "offered") > 250
    states = {state for _k, _m, state in snapshot.places}
    assert states <= {"offered", "occupied", "reserved", "free"}
    assert sum(snapshot.obliged.values()) > 250
    assert {month for month, _step in snapshot.sanctions} <= {f"2019-0{m}" for m in range(1, 7)}
    assert snapshot.allowance_paid_cents and snapshot.notices and snapshot.proposed
    labels = [
        value
        for family in (snapshot.places, snapshot.obliged, snapshot.notices, snapshot.proposed)
        for key in family
        for value in key
    ]
    assert not any(len(value) == 36 for value in labels), "never an id in a label"


async def test_rebuild_figures_include_the_business_figures(
    demo_client: httpx.AsyncClient,
) -> None:
    database = demo_client.app_database  # type: ignore[attr-defined]
    async with UnitOfWork(database) as uow:
        await use_snapshot(uow.session)
        figures = await read_figures(uow.session, date(2019, 12, 31))
    assert "alle" in figures.business and "provider_kind=non_profit" in figures.business
    assert figures.rows["opportunity_version"] > 66 and figures.rows["notice_outcome"] > 500
    assert differences(figures, figures) == []
    changed = dict(figures.business)
    first = changed["alle"]
    changed["alle"] = type(first)(**{**vars(first), "obliged": first.obliged + 1})
    other = type(figures)(**{**vars(figures), "business": changed})
    assert differences(figures, other) == [
        f"business alle obliged: {first.obliged} != {first.obliged + 1}"
    ]


# -- out of order, by hand ------------------------------------------------------------------

M = "03459024"
T0 = datetime(2020, 1, 1, tzinfo=UTC)


def at(event: Event, seconds: int) -> tuple[Envelope, Event]:
    return envelope_for(event).model_copy(update={"time": T0 + timedelta(seconds=seconds)}), event


def opportunity(kind: type[OpportunityPublished], oid: uuid.UUID, places: int, eff: date) -> Event:
    return kind(
        opportunity_id=oid,
        provider_id=oid,
        provider_kind=ProviderKind.DISTRICT,
        municipality_key=M,
        category=OpportunityCategory.ROAD_DEPOT,
        places=places,
        hours_per_week=Decimal("20"),
        start_date=date(2020, 2, 1),
        legal_bases=[LegalBasis.ASYLBLG_5],
        effective_date=eff,
    )


async def test_out_of_order_facts_by_hand(sqlite_db: Database) -> None:
    oid, ref, pid, pid2 = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    attrs = {
        "participant_ref": ref,
        "opportunity_id": oid,
        "provider_id": oid,
        "provider_kind": ProviderKind.DISTRICT,
        "municipality_key": M,
        "legal_basis": LegalBasis.ASYLBLG_5,
        "category": OpportunityCategory.ROAD_DEPOT,
        "hours_per_week": Decimal("20"),
    }
    items = [
        # The change (10 places from 01.03.) is read before the publication (5 from 20.01.).
        at(opportunity(OpportunityChanged, oid, 10, date(2020, 3, 1)), 50),
        # Two snapshots effective 01.04.: the newer (4) is read first, the older (8) loses.
        at(opportunity(OpportunityChanged, oid, 4, date(2020, 4, 1)), 70),
        at(opportunity(OpportunityPublished, oid, 5, date(2020, 1, 20)), 10),
        at(opportunity(OpportunityChanged, oid, 8, date(2020, 4, 1)), 60),
        at(OpportunityClosed(opportunity_id=oid, closed_date=date(2020, 6, 1)), 90),
        # The later obligation version (exempt from 15.03.) is read before the first.
        at(
            ParticipantObligationChanged(
                participant_ref=ref,
                obliged=False,
                legal_basis=LegalBasis.ASYLBLG_5,
                municipality_key=M,
                effective_date=date(2020, 3, 15),
            ),
            40,
        ),
        at(
            ParticipantObligationChanged(
                participant_ref=ref,
                obliged=True,
                legal_basis=LegalBasis.ASYLBLG_5,
                municipality_key=M,
                effective_date=date(2020, 1, 1),
            ),
            5,
        ),
        # pid: proposed 03.02., ended (read first) 10.03., started 10.02.
        at(PlacementEnded(participant_ref=ref, placement_id=pid, end_date=date(2020, 3, 10),
                          reason=EndReason.REGULAR_EMPLOYMENT), 80),
        at(PlacementProposed(**attrs, placement_id=pid, start_date=date(2020, 2, 10),
                             proposed_date=date(2020, 2, 3)), 20),
        at(PlacementStarted(**attrs, placement_id=pid, start_date=date(2020, 2, 10)), 30),
        # pid2: proposed 25.02., refused 05.03.: reserved on 29.02., not on 31.03.
        at(PlacementProposed(**attrs, placement_id=pid2, start_date=date(2020, 3, 9),
                             proposed_date=date(2020, 2, 25)), 35),
        at(RefusalRecorded(participant_ref=ref, refusal_id=uuid.uuid4(), placement_id=pid2,
                           kind=RefusalKind.REFUSED, refusal_date=date(2020, 3, 5),
                           justified=False, legal_notice_given=True), 36),
        # Delivered at 23:30 UTC on 31.01. = 01.02. in Berlin.
        at(NoticeDelivered(notice_id=uuid.uuid4(), notice_type="assignment", participant_ref=ref,
                           channel=NoticeChannel.EMAIL, delivery_sequence=0,
                           delivered_at=datetime(2020, 1, 31, 23, 30, tzinfo=UTC)), 37),
    ]  # fmt: skip
    await apply_items(sqlite_db, items, size=3)
    runtime, app = build(Settings(database_url=sqlite_db.url))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://r") as http:
        query = {"from": "2020-01", "to": "2020-06", "municipality_key": M}
        body = (await http.get("/figures", params=query)).json()
        district = (await http.get("/figures", params={"from": "2020-01", "to": "2020-06"})).json()
    await runtime.database.dispose()
    months = {m["month"]: m for m in body["months"]}
    offered = {k: v["places"]["offered"] for k, v in months.items()}
    assert offered == {"2020-01": 0, "2020-02": 5, "2020-03": 10, "2020-04": 4, "2020-05": 4,
                       "2020-06": 0}  # fmt: skip
    assert months["2020-02"]["places"] == {"offered": 5, "occupied": 1, "reserved": 1, "free": 3}
    assert months["2020-03"]["places"] == {"offered": 10, "occupied": 0, "reserved": 0, "free": 10}
    assert [months[k]["obliged"] for k in ("2020-01", "2020-02", "2020-03")] == [1, 1, 0]
    assert months["2020-02"]["obliged_placed"] == 1
    assert body["totals"]["exit_share_percent"] == "100.0"
    waits = body["totals"]["proposal_to_start_days"]
    assert waits == {"count": 1, "average": "7.0", "median": "7.0"}
    assert body["totals"]["placement_duration_days"]["average"] == "30.0"  # 10.02.–10.03.
    assert body["totals"]["notices_delivered"] is None  # not attributable to a municipality
    assert district["months"][1]["notices_delivered"] == 1  # February in Berlin
    assert district["months"][0]["notices_delivered"] == 0


# -- council report (PDF) ---------------------------------------------------------------------

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def german(value: Decimal | int, places: int = 0) -> str:
    text = f"{value:,.{places}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def page_one_and_text(pdf_bytes: bytes) -> tuple[Path, str]:
    """Keep the PDF and page 1 as PNG under tests/artifacts/ (git-ignored); the PDF's text."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / "council_2019.pdf"
    pdf.write_bytes(pdf_bytes)
    stem = ARTIFACTS / "council_2019_page1"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
        check=True,
    )
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return stem.with_suffix(".png"), text


async def test_council_report_pdf(demo_client: httpx.AsyncClient, demo: DemoStream) -> None:
    params = {"from": "2019-01", "to": "2019-12"}
    response = await demo_client.get("/reports/council.pdf", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    png, text = await asyncio.to_thread(page_one_and_text, response.content)
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 20_000
    flat = " ".join(text.split())
    want = Expected(demo.items).figures(MONTHS, berlin_today(), Selection())
    totals = want["totals"]
    hours = Decimal(totals["worked_minutes"]) / 60
    assert "Bericht an den Kreistag" in flat
    assert "Zeitraum 01/2019 bis 12/2019" in flat
    assert f"{german(want['places']['offered'])} / 300" in flat
    assert f"Zuweisungen begonnen {german(totals['placements_started'])}" in flat
    assert f"Geleistete Stunden {german(hours, 2)}" in flat
    share = totals["exit_share_percent"].replace(".", ",")
    exits = f"{totals['exits_regular_employment']} ({share} %)"
    assert f"Übergänge in reguläre Arbeit {exits}" in flat
    paid = german(Decimal(totals["allowance_paid_cents"]) / 100, 2)
    assert f"Ausgezahlt {paid} €" in flat
    refusals = f"{totals['refusals_justified']} / {totals['refusals_unjustified']}"
    assert f"Ablehnungen mit / ohne wichtigen Grund {refusals}" in flat
    for heading in ("Plätze nach Trägerart und Ziel", "Geleistete Stunden je Monat", "Gemeinden"):
        assert heading in flat
    assert "Bad Iburg" in flat and "AGS 03459001" in flat
    for row in want["places_by_provider_kind"]:
        if row["provider_kind"] == "district":
            assert f"Landkreis 50 {german(row['offered'])} {german(row['occupied'])}" in flat
