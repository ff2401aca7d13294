"""The REST API on SQLite (no Kafka): hours (one day and batches), ending placements,
refusals, and what the public events carry."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from chassis.store.migrations import upgrade
from gemeinwerk_contracts.topics import PLACEMENT_PUBLIC
from placement.app import MIGRATIONS, build
from placement.settings import Settings
from placement.store.tables import hours_entry_table

sys.path.insert(0, str(Path(__file__).parent))
from placement_testkit import (
    GHOST,
    START,
    TODAY,
    App,
    count,
    field_of,
    outbox,
    participant,
    placed,
)


async def test_hours_rules(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    _, _, _, plc = await placed(client)
    url = f"/placements/{plc['id']}/hours"

    ok = await client.post(url, json={"work_date": str(START), "worked_minutes": 480})
    assert ok.status_code == 201 and ok.json()["worked_minutes"] == 480
    cases = [
        (str(START - timedelta(days=1)), 60, 422, "work_date"),
        (str(TODAY + timedelta(days=1)), 60, 422, "work_date"),
        (str(START + timedelta(days=1)), 481, 422, "worked_minutes"),
        (str(START), 60, 409, "work_date"),
        (str(START + timedelta(days=1)), 0, 422, "worked_minutes"),
    ]
    for work_date, minutes, status, field in cases:
        response = await client.post(url, json={"work_date": work_date, "worked_minutes": minutes})
        assert response.status_code == status, (work_date, minutes, response.text)
        assert field_of(response) == ["body", field]
    assert (await client.post(url, json={"work_date": str(TODAY), "worked_minutes": 1})).is_success
    ghost = "/placements/00000000-0000-4000-8000-000000000000/hours"
    assert (
        await client.post(ghost, json={"work_date": str(TODAY), "worked_minutes": 1})
    ).status_code == 404
    assert await count(ctx, hours_entry_table) == 2


async def test_daily_limit_is_a_setting(tmp_path: Path) -> None:

    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'p.db'}", hours_daily_limit_minutes=240
    )
    runtime, app = build(settings)
    await upgrade(runtime.database, MIGRATIONS)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t"
    ) as client:
        _, _, _, plc = await placed(client)
        url = f"/placements/{plc['id']}/hours"
        over = await client.post(url, json={"work_date": str(START), "worked_minutes": 241})
        assert over.status_code == 422 and "4 Stunden" in over.json()["detail"][0]["msg"]
        assert (
            await client.post(url, json={"work_date": str(START), "worked_minutes": 240})
        ).is_success
    await runtime.database.dispose()


async def test_hours_batch_all_or_nothing(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    _, _, _, plc = await placed(client)
    await client.post(
        f"/placements/{plc['id']}/hours", json={"work_date": str(START), "worked_minutes": 60}
    )
    before = len(await outbox(ctx))

    def entry(day: int, minutes: int = 240, pid: str = plc["id"]) -> dict[str, Any]:
        return {
            "placement_id": pid,
            "work_date": str(START + timedelta(days=day)),
            "worked_minutes": minutes,
        }

    bad = [entry(1), entry(0), entry(2, 500), entry(2), entry(3), entry(3), entry(-1),
           entry(4, pid=GHOST)]  # fmt: skip
    rejected = await client.post("/hours/batch", json={"entries": bad})
    assert rejected.status_code == 422
    locs = [(d["loc"], d["type"]) for d in rejected.json()["detail"]]
    assert locs == [
        (["body", "entries", 1, "work_date"], "duplicate_day"),
        (["body", "entries", 2, "worked_minutes"], "daily_limit_exceeded"),
        (["body", "entries", 3, "work_date"], "duplicate_in_batch"),
        (["body", "entries", 5, "work_date"], "duplicate_in_batch"),
        (["body", "entries", 6, "work_date"], "before_start"),
        (["body", "entries", 7, "placement_id"], "unknown"),
    ]
    assert await count(ctx, hours_entry_table) == 1 and len(await outbox(ctx)) == before

    invalid = await client.post("/hours/batch", json={"entries": [entry(1, 0)]})
    assert invalid.status_code == 422
    assert invalid.json()["detail"][0]["loc"] == ["body", "entries", 0, "worked_minutes"]
    assert (await client.post("/hours/batch", json={"entries": []})).status_code == 422

    good = [entry(day, 120) for day in range(1, 16)]  # 14 h a week: within 30 h
    accepted = await client.post("/hours/batch", json={"entries": good})
    assert accepted.status_code == 201 and accepted.json() == {"accepted": 15}
    assert await count(ctx, hours_entry_table) == 16
    logged = [e for e in await outbox(ctx) if e["event_type"].endswith("hours-logged.v1")]
    assert len(logged) == 16 and {e["data"]["worked_minutes"] for e in logged[1:]} == {120}


async def test_end_placement(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    _, opp, _, plc = await placed(client)
    url = f"/placements/{plc['id']}"
    await client.post(
        f"{url}/hours", json={"work_date": str(START + timedelta(days=5)), "worked_minutes": 60}
    )
    early = await client.post(
        f"{url}/end", json={"end_date": str(START - timedelta(days=1)), "reason": "completed"}
    )
    assert early.status_code == 422 and field_of(early) == ["body", "end_date"]
    before_hours = await client.post(
        f"{url}/end", json={"end_date": str(START + timedelta(days=4)), "reason": "completed"}
    )
    assert before_hours.status_code == 422
    end = str(START + timedelta(days=6))
    ended = await client.post(f"{url}/end", json={"end_date": end, "reason": "regular_employment"})
    assert ended.status_code == 200 and ended.json()["status"] == "ended"
    assert ended.json()["end_reason"] == "regular_employment"
    again = await client.post(f"{url}/end", json={"end_date": end, "reason": "completed"})
    assert again.status_code == 409
    after = await client.post(
        f"{url}/hours", json={"work_date": str(START + timedelta(days=7)), "worked_minutes": 60}
    )
    assert after.status_code == 422 and "nach dem Ende" in after.json()["detail"][0]["msg"]
    assert (await client.get(f"/opportunities/{opp['id']}")).json()["free_places"] == 1
    [event] = [e for e in await outbox(ctx) if e["event_type"].endswith("ended.v1")]
    assert event["data"]["reason"] == "regular_employment" and event["data"]["end_date"] == end


async def test_refusals(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    _, opp, person, plc = await placed(client)
    body = {
        "participant_id": person["id"],
        "placement_id": plc["id"],
        "kind": "broke_off",
        "refusal_date": str(TODAY),
        "justified": False,
        "legal_notice_given": True,
    }
    recorded = await client.post("/refusals", json=body)
    assert recorded.status_code == 201 and recorded.json()["opportunity_id"] == opp["id"]
    justified = await client.post("/refusals", json={**body, "justified": True})
    assert justified.status_code == 422 and field_of(justified) == [
        "body",
        "justification_category",
    ]
    ok = await client.post(
        "/refusals", json={**body, "justified": True, "justification_category": "illness"}
    )
    assert ok.status_code == 201
    none = await client.post("/refusals", json={**body, "placement_id": None})
    assert none.status_code == 422 and field_of(none) == ["body", "placement_id"]
    other = await participant(client)
    foreign = await client.post("/refusals", json={**body, "participant_id": other["id"]})
    assert foreign.status_code == 422 and field_of(foreign) == ["body", "placement_id"]
    offered = await client.post(
        "/refusals", json={**body, "participant_id": other["id"], "placement_id": None,
                           "opportunity_id": opp["id"], "kind": "refused"},
    )  # fmt: skip
    assert offered.status_code == 201
    assert offered.json()["placement_id"] is None
    no_show = await client.post(
        "/refusals",
        json={**body, "placement_id": None, "opportunity_id": opp["id"], "kind": "no_show"},
    )
    assert no_show.status_code == 201 and no_show.json()["placement_id"] == plc["id"]
    events = [e for e in await outbox(ctx) if e["event_type"].endswith("refusal-recorded.v1")]
    assert len(events) == 4 and events[1]["data"]["justification_category"] == "illness"
    assert events[3]["data"]["placement_id"] == plc["id"]


async def test_public_events_carry_no_personal_data(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    _, _, person, plc = await placed(client)
    await client.post(
        f"/placements/{plc['id']}/hours", json={"work_date": str(START), "worked_minutes": 60}
    )
    await client.post(
        f"/placements/{plc['id']}/end", json={"end_date": str(TODAY), "reason": "completed"}
    )
    public = [
        e
        for e in await outbox(ctx)
        if e["topic"] == PLACEMENT_PUBLIC and e["partition_key"] != plc["opportunity_id"]
    ]
    assert [e["event_type"].split(".")[-2] for e in public] == [
        "obligation-changed",
        "proposed",
        "started",
        "hours-logged",
        "ended",
    ]
    for event in public:
        raw = event["payload"].decode()
        for secret in (
            "Amina",
            "Haddad",
            "amina.haddad",
            "1994-05-17",
            "Große Straße",
            person["id"],
        ):
            assert secret not in raw
        assert event["headers"]["ce_dataclassification"] == "pseudonymous"
        assert {
            "ce_id",
            "ce_type",
            "ce_source",
            "ce_specversion",
            "ce_time",
            "content-type",
        } <= set(event["headers"])
        assert event["partition_key"] == person["participant_ref"]
