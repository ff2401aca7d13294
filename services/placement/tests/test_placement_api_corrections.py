"""Corrections of hours via the REST API on SQLite (no Kafka): HoursCorrected in the outbox,
the untouched entry rows, the hours list with history, the audit trail, and the limits of
single entries, batches and sheets counting current minutes after a withdrawal."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from chassis.store.migrations import upgrade
from placement.app import MIGRATIONS, build
from placement.settings import Settings
from placement.store.tables import audit_record_table, hours_correction_table, hours_entry_table
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

sys.path.insert(0, str(Path(__file__).parent))
from placement_testkit import GHOST, START, App, as_role, count, created, field_of, outbox, placed

CE_TYPE = "de.gemeinwerk.placement.hours-corrected.v1"
MONDAY = START + timedelta(days=7 - START.weekday())  # a whole ISO week before today


async def _log(client: httpx.AsyncClient, pid: str, day: Any, minutes: int) -> dict[str, Any]:
    body = {"work_date": str(day), "worked_minutes": minutes}
    return await created(client, f"/placements/{pid}/hours", body)


async def test_correction_is_a_new_fact_with_its_event(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    prov, _, person, plc = await placed(client)
    entry = await _log(client, plc["id"], START, 480)
    url = f"/placements/{plc['id']}/hours/{entry['id']}/corrections"

    response = await client.post(url, json={"worked_minutes": 240, "reason": "Tippfehler"})
    assert response.status_code == 201, response.text
    correction = response.json()
    assert {k: correction[k] for k in ("entry_id", "placement_id", "work_date")} == {
        "entry_id": entry["id"],
        "placement_id": plc["id"],
        "work_date": str(START),
    }
    assert (correction["revision"], correction["worked_minutes"]) == (1, 240)
    assert (correction["previous_minutes"], correction["reason"]) == (480, "Tippfehler")

    [event] = [e for e in await outbox(ctx) if e["event_type"] == CE_TYPE]
    assert event["headers"]["ce_type"] == CE_TYPE
    assert event["partition_key"] == person["participant_ref"]
    assert event["topic"] == "gemeinwerk.public.placement.v1"
    data = event["data"]
    assert {
        "correction_id": correction["id"],
        "entry_id": entry["id"],
        "placement_id": plc["id"],
        "provider_id": prov["id"],
        "participant_ref": person["participant_ref"],
        "work_date": str(START),
        "worked_minutes": 240,
    }.items() <= data.items()
    assert "reason" not in data and "Tippfehler" not in event["payload"].decode()

    async with ctx.runtime.database.session() as session:
        stored = (await session.execute(select(hours_entry_table))).one()
        actions = (await session.execute(select(audit_record_table.c.action))).scalars().all()
    assert stored.worked_minutes == 480  # the original row is never edited
    assert "hours.corrected" in actions

    withdrawn = await client.post(url, json={"worked_minutes": 0})
    assert withdrawn.status_code == 201 and withdrawn.json()["revision"] == 2
    events = [e["data"] for e in await outbox(ctx) if e["event_type"] == CE_TYPE]
    assert [e["worked_minutes"] for e in events] == [240, 0]

    listed = await client.get(f"/placements/{plc['id']}/hours")
    assert listed.status_code == 200, listed.text
    [item] = listed.json()["items"]
    assert (item["logged_minutes"], item["worked_minutes"], item["withdrawn"]) == (480, 0, True)
    assert [(c["revision"], c["worked_minutes"]) for c in item["corrections"]] == [(1, 240), (2, 0)]
    assert await count(ctx, hours_correction_table) == 2
    async with ctx.runtime.database.session() as session:
        for statement in (
            "UPDATE hours_correction SET worked_minutes = 1",
            "DELETE FROM hours_correction",
        ):
            with pytest.raises(DBAPIError, match="append-only"):
                await session.execute(text(statement))
            await session.rollback()


async def test_correction_rules(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    _, opp, _, plc = await placed(client, places=2)
    entry = await _log(client, plc["id"], START, 300)
    url = f"/placements/{plc['id']}/hours/{entry['id']}/corrections"

    same = await client.post(url, json={"worked_minutes": 300})
    assert same.status_code == 409 and "Keine Änderung" in same.json()["detail"][0]["msg"]
    over = await client.post(url, json={"worked_minutes": 481})
    assert over.status_code == 422 and field_of(over) == ["body", "worked_minutes"]
    for bad in (-1, 1441):
        invalid = await client.post(url, json={"worked_minutes": bad})
        assert invalid.status_code == 422 and field_of(invalid) == ["body", "worked_minutes"]
    long_reason = await client.post(url, json={"worked_minutes": 60, "reason": "x" * 201})
    assert long_reason.status_code == 422

    other = await created(
        client,
        "/participants",
        {
            "given_name": "Omid",
            "family_name": "Rahimi",
            "municipality_key": "03459004",
            "legal_basis": "asylblg_5",
        },
    )
    body = {"participant_id": other["id"], "opportunity_id": opp["id"], "start_date": str(START)}
    second = await created(client, "/placements", body)
    foreign = f"/placements/{second['id']}/hours/{entry['id']}/corrections"
    assert (await client.post(foreign, json={"worked_minutes": 60})).status_code == 404
    unknown = f"/placements/{plc['id']}/hours/{GHOST}/corrections"
    assert (await client.post(unknown, json={"worked_minutes": 60})).status_code == 404
    ghost = f"/placements/{GHOST}/hours/{entry['id']}/corrections"
    assert (await client.post(ghost, json={"worked_minutes": 60})).status_code == 404
    assert (await client.get(f"/placements/{GHOST}/hours")).status_code == 404

    elsewhere = as_role(ctx, "provider_staff", GHOST)
    refused = await client.post(url, json={"worked_minutes": 60}, headers=elsewhere)
    assert refused.status_code == 403
    controller = as_role(ctx, "controller")
    assert (
        await client.get(f"/placements/{plc['id']}/hours", headers=controller)
    ).status_code == 403
    assert await count(ctx, hours_correction_table) == 0


async def test_withdrawal_frees_the_week_for_entries_batches_and_sheets(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    prov, _, _, plc = await placed(client)
    pid = plc["id"]
    monday = await _log(client, pid, MONDAY, 480)
    for offset, minutes in ((1, 480), (2, 480), (3, 360)):  # the week is full: 30 hours
        await _log(client, pid, MONDAY + timedelta(days=offset), minutes)
    friday = {"work_date": str(MONDAY + timedelta(days=4)), "worked_minutes": 60}
    full = await client.post(f"/placements/{pid}/hours", json=friday)
    assert full.status_code == 422 and "Wochengrenze" in full.json()["detail"][0]["msg"]

    url = f"/placements/{pid}/hours/{monday['id']}/corrections"
    assert (await client.post(url, json={"worked_minutes": 0})).status_code == 201
    again = await client.post(f"/placements/{pid}/hours", json={**friday, "work_date": str(MONDAY)})
    assert again.status_code == 409 and again.json()["detail"][0]["type"] == "withdrawn_day"
    assert (await client.post(f"/placements/{pid}/hours", json=friday)).status_code == 201
    batch = {"entries": [{**friday, "placement_id": pid, "work_date": str(MONDAY + timedelta(5))}]}
    assert (await client.post("/hours/batch", json=batch)).status_code == 201
    sunday = MONDAY + timedelta(days=6)
    sheet = f"Zuweisung;Datum;Stunden\r\n{pid};{sunday:%d.%m.%Y};1\r\n{pid};{MONDAY:%d.%m.%Y};8\r\n"
    report = await client.post(f"/providers/{prov['id']}/timesheets", content=sheet.encode())
    assert report.status_code == 200, report.text
    assert report.json()["applied"] == 1
    [item] = report.json()["items"]
    assert item["row"] == 3 and "zurückgezogen" in item["reason"]

    # 1800 − 480 (withdrawn) + 3 × 60: correcting Monday back to 8 hours no longer fits
    back = await client.post(url, json={"worked_minutes": 480})
    assert back.status_code == 422 and "Wochengrenze" in back.json()["detail"][0]["msg"]
    assert (await client.post(url, json={"worked_minutes": 300})).status_code == 201
    assert await count(ctx, hours_entry_table) == 7


async def test_corrections_follow_the_policy_in_force(tmp_path: Path) -> None:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'p.db'}", hours_daily_limit_minutes=240
    )
    runtime, app = build(settings)
    await upgrade(runtime.database, MIGRATIONS)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t"
    ) as client:
        _, _, _, plc = await placed(client)
        entry = await _log(client, plc["id"], START, 120)
        url = f"/placements/{plc['id']}/hours/{entry['id']}/corrections"
        over = await client.post(url, json={"worked_minutes": 241})
        assert over.status_code == 422 and "4 Stunden" in over.json()["detail"][0]["msg"]
        assert (await client.post(url, json={"worked_minutes": 240})).status_code == 201
    await runtime.database.dispose()
