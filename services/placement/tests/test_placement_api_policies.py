"""Effective-dated hour limits through the API: versions, and the weekly/monthly checks."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from placement_testkit import App, as_role, field_of, placed


async def test_hours_policy_versions(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    listed = await client.get("/policies/hours")
    assert listed.status_code == 200
    assert listed.json() == [
        {
            "valid_from": "0001-01-01",
            "daily_limit_minutes": 480,
            "weekly_limit_minutes": 1800,
            "monthly_limit_minutes": 6000,
        }
    ]
    body = {
        "valid_from": "2026-07-01",
        "daily_limit_minutes": 240,
        "weekly_limit_minutes": 1200,
        "monthly_limit_minutes": 4800,
    }
    assert (await client.post("/policies/hours", json=body)).status_code == 201
    again = await client.post("/policies/hours", json=body)
    assert again.status_code == 409 and field_of(again) == ["body", "valid_from"]
    assert "01.07.2026" in again.json()["detail"][0]["msg"]
    assert [p["valid_from"] for p in (await client.get("/policies/hours")).json()] == [
        "0001-01-01",
        "2026-07-01",
    ]
    worker = as_role(ctx, "case_worker", "03459004")
    denied = await client.post(
        "/policies/hours", json=body | {"valid_from": "2027-01-01"}, headers=worker
    )
    assert denied.status_code == 403
    assert (await client.get("/policies/hours", headers=worker)).status_code == 200
    bad = await client.post("/policies/hours", json=body | {"daily_limit_minutes": 0})
    assert bad.status_code == 422 and field_of(bad) == ["body", "daily_limit_minutes"]

    duty = await client.post(
        "/policies/duty", json={"valid_from": "2027-01-01", "min_age_years": 16}
    )
    assert duty.status_code == 201
    assert [p["min_age_years"] for p in (await client.get("/policies/duty")).json()] == [18, 16]


async def test_weekly_and_monthly_limits_in_force_on_the_work_date(sqlite_app: App) -> None:
    _, client = sqlite_app
    _, _, _, plc = await placed(client)
    url = f"/placements/{plc['id']}/hours"
    start = date.fromisoformat(plc["start_date"])
    monday = start + timedelta(days=(7 - start.weekday()) % 7)
    # A stricter version from that Monday on: 2 h a day, 5 h a week.
    strict = {
        "valid_from": str(monday),
        "daily_limit_minutes": 120,
        "weekly_limit_minutes": 300,
        "monthly_limit_minutes": 6000,
    }
    assert (await client.post("/policies/hours", json=strict)).status_code == 201
    for day in range(2):
        ok = await client.post(
            url, json={"work_date": str(monday + timedelta(days=day)), "worked_minutes": 120}
        )
        assert ok.status_code == 201, ok.text
    over_week = await client.post(
        url, json={"work_date": str(monday + timedelta(days=2)), "worked_minutes": 61}
    )
    assert over_week.status_code == 422 and field_of(over_week) == ["body", "worked_minutes"]
    detail = over_week.json()["detail"][0]
    assert detail["type"] == "weekly_limit_exceeded"
    assert "Wochengrenze von 5 Stunden" in detail["msg"]
    over_day = await client.post(
        url, json={"work_date": str(monday + timedelta(days=3)), "worked_minutes": 121}
    )
    assert over_day.json()["detail"][0]["type"] == "daily_limit_exceeded"

    rows = [
        {
            "placement_id": plc["id"],
            "work_date": str(monday + timedelta(days=d)),
            "worked_minutes": 60,
        }
        for d in (2, 3)
    ]
    batch = await client.post("/hours/batch", json={"entries": rows})
    assert batch.status_code == 422
    assert [(d["loc"], d["type"]) for d in batch.json()["detail"]] == [
        (["body", "entries", 1, "worked_minutes"], "weekly_limit_exceeded")
    ]
