"""The REST API on SQLite (no Kafka): providers, opportunities, participants, placements,
German messages, access, audit trail, metrics."""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from chassis.auth import Principal, Role, issue_dev_token
from gemeinwerk_contracts.topics import PARTICIPANT_INTERNAL
from placement import clock
from placement.store.tables import audit_record_table
from sqlalchemy import select, text

sys.path.insert(0, str(Path(__file__).parent))
from placement_testkit import (
    GHOST,
    MUNICIPALITY,
    START,
    App,
    field_of,
    opportunity,
    outbox,
    participant,
    placed,
    placement,
    provider,
)


async def test_provider_and_opportunity(sqlite_app: App) -> None:
    _, client = sqlite_app
    prov = await provider(client)
    assert (await client.get(f"/providers/{prov['id']}")).json()["kind"] == "non_profit"
    missing = await client.get("/providers/00000000-0000-4000-8000-000000000000")
    assert missing.status_code == 404 and "nicht bekannt" in missing.json()["detail"][0]["msg"]

    opp = await opportunity(client, prov["id"], places=3, start_date=START.isoformat())
    assert opp["places"] == 3 and opp["free_places"] == 3 and opp["hours_per_week"] == "20.00"
    got = (await client.get(f"/opportunities/{opp['id']}")).json()
    assert got["free_places"] == 3 and got["legal_bases"] == ["asylblg_5"]


async def test_opportunity_validation_in_german(sqlite_app: App) -> None:
    _, client = sqlite_app
    prov = await provider(client)
    base = {
        "provider_id": prov["id"],
        "title": "Grünpflege",
        "category": "green_space_care",
        "municipality_key": MUNICIPALITY,
        "places": 1,
        "hours_per_week": "20",
        "legal_bases": ["asylblg_5"],
    }
    unknown = await client.post("/opportunities", json={**base, "provider_id": GHOST})
    assert unknown.status_code == 422 and field_of(unknown) == ["body", "provider_id"]
    assert unknown.json()["detail"][0]["msg"] == "Der Träger ist nicht bekannt."

    cases = {
        "places": (0, "Muss mindestens 1 sein."),
        "hours_per_week": ("40.5", "Darf höchstens 40 sein."),
        "legal_bases": ([], "Mindestens 1 Einträge erforderlich."),
        "municipality_key": ("3459004", "Ungültiges Format."),
    }
    for name, (value, message) in cases.items():
        response = await client.post("/opportunities", json={**base, name: value})
        assert response.status_code == 422, name
        assert response.json()["detail"][0] == {
            "loc": ["body", name],
            "msg": message,
            "type": response.json()["detail"][0]["type"],
        }
    decimals = await client.post("/opportunities", json={**base, "hours_per_week": "7.125"})
    assert decimals.json()["detail"][0]["msg"] == "Höchstens 2 Nachkommastellen."
    period = await client.post(
        "/opportunities",
        json={**base, "start_date": START.isoformat(), "end_date": "2000-01-01"},
    )
    assert period.status_code == 422 and field_of(period) == ["body", "end_date"]


async def test_participant_registration_publishes_internal_event(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    person = await participant(client)
    assert person["participant_ref"] != person["id"]
    assert person["postal_address"]["city"] == "Bad Iburg"
    [event] = [e for e in await outbox(ctx) if e["topic"] == PARTICIPANT_INTERNAL]
    assert event["partition_key"] == person["participant_ref"]
    assert event["headers"]["ce_type"] == "de.gemeinwerk.participant.registered.v1"
    assert event["headers"]["ce_dataclassification"] == "personal"
    assert event["data"]["given_name"] == "Amina"
    assert (await client.get(f"/participants/{person['id']}")).json()["email"] == person["email"]

    minimal = await client.post(
        "/participants",
        json={
            "given_name": "Omid",
            "family_name": "Rahimi",
            "municipality_key": MUNICIPALITY,
            "legal_basis": "sgb2_16d",
        },
    )
    assert minimal.status_code == 201 and minimal.json()["preferred_language"] == "de"
    bad_mail = await client.post(
        "/participants",
        json={**minimal.json(), "email": "keine-adresse", "postal_address": None},
    )
    assert bad_mail.status_code == 422
    assert bad_mail.json()["detail"][0] == {
        "loc": ["body", "email"],
        "msg": "Ungültige E-Mail-Adresse.",
        "type": "value_error",
    }
    assert "keine-adresse" not in bad_mail.text  # input is not echoed


async def test_placement_capacity_and_reference_errors(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    prov, opp, person, first = await placed(client)
    assert first["status"] == "started" and first["hours_per_week"] == "20.00"
    assert (await client.get(f"/opportunities/{opp['id']}")).json()["free_places"] == 0

    other = await participant(client, given_name="Yusuf")
    body = {"participant_id": other["id"], "opportunity_id": opp["id"], "start_date": str(START)}
    full = await client.post("/placements", json=body)
    assert full.status_code == 409 and field_of(full) == ["body", "opportunity_id"]
    assert "keinen freien Platz" in full.json()["detail"][0]["msg"]

    ghost = GHOST
    unknown = await client.post("/placements", json={**body, "participant_id": ghost})
    assert unknown.status_code == 422 and field_of(unknown) == ["body", "participant_id"]
    no_opp = await client.post("/placements", json={**body, "opportunity_id": ghost})
    assert no_opp.status_code == 422 and field_of(no_opp) == ["body", "opportunity_id"]

    sgb = await participant(client, legal_basis="sgb2_16d")
    wide = await opportunity(client, prov["id"], places=5)
    basis = await client.post(
        "/placements", json={**body, "participant_id": sgb["id"], "opportunity_id": wide["id"]}
    )
    assert basis.status_code == 422 and field_of(basis) == ["body", "opportunity_id"]
    await placement(client, other["id"], wide["id"], START)
    twice = await client.post("/placements", json={**body, "opportunity_id": wide["id"]})
    assert twice.status_code == 409 and field_of(twice) == ["body", "participant_id"]
    too_many = await client.post(
        "/placements",
        json={**body, "participant_id": person["id"], "opportunity_id": wide["id"],
              "hours_per_week": "25"},
    )  # fmt: skip
    assert too_many.status_code == 422 and field_of(too_many) == ["body", "hours_per_week"]

    started = [
        e
        for e in await outbox(ctx)
        if e["headers"]["ce_type"] == "de.gemeinwerk.placement.started.v1"
    ]
    assert [e["data"]["placement_id"] for e in started] == [
        first["id"],
        started[1]["data"]["placement_id"],
    ]
    data = started[0]["data"]
    assert data["provider_kind"] == "non_profit" and data["legal_basis"] == "asylblg_5"
    assert data["category"] == "food_bank" and data["participant_ref"] == person["participant_ref"]


async def test_list_placements_and_audit_trail(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    _, _, person, plc = await placed(client)
    listed = await client.get("/placements", params={"participant_id": person["id"]})
    assert [p["id"] for p in listed.json()["items"]] == [plc["id"]]
    assert (await client.get(f"/placements/{plc['id']}")).json()["participant_id"] == person["id"]
    ghost = await client.get("/placements", params={"participant_id": GHOST})
    assert ghost.status_code == 404

    response = await client.get(
        f"/participants/{person['id']}", headers={"X-Correlation-ID": "req-42"}
    )
    assert response.headers["x-correlation-id"] == "req-42"
    async with ctx.runtime.database.session() as session:
        rows = (
            await session.execute(
                select(audit_record_table).order_by(audit_record_table.c.occurred_at)
            )
        ).all()
        actions = [r.action for r in rows if r.participant_id == person["id"]]
        assert actions == [
            "participant.registered",
            "placement.proposed",
            "placement.started",
            "placements.listed",
            "placement.viewed",
            "participant.viewed",
        ]
        assert all(r.actor_subject == "local-dev" and r.actor_role == "coordinator" for r in rows)
        assert rows[-1].correlation_id == "req-42"
        assert all("Amina" not in (r.details or "") for r in rows)
        with pytest.raises(Exception, match="append-only"):
            await session.execute(text("UPDATE audit_record SET action = 'x'"))
        await session.rollback()
        with pytest.raises(Exception, match="append-only"):
            await session.execute(text("DELETE FROM audit_record"))
        await session.rollback()


async def test_scope_and_roles(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    _, opp, person, plc = await placed(client)
    secret = ctx.settings.auth_dev_secret.get_secret_value()

    def as_(role: Role, scope: str) -> dict[str, str]:
        token = issue_dev_token(Principal(subject=f"{role}-1", role=role, scope=scope), secret)
        return {"Authorization": f"Bearer {token}"}

    own = as_(Role.CASE_WORKER, MUNICIPALITY)
    elsewhere = as_(Role.CASE_WORKER, "03459008")
    agency = as_(Role.AGENCY, "*")
    assert (await client.get(f"/participants/{person['id']}", headers=own)).status_code == 200
    denied = await client.get(f"/participants/{person['id']}", headers=elsewhere)
    assert denied.status_code == 403 and "Keine Berechtigung" in denied.json()["detail"][0]["msg"]
    assert (await client.get(f"/placements/{plc['id']}", headers=agency)).status_code == 403
    assert (
        await client.post(
            "/providers",
            json={"name": "X", "kind": "state", "municipality_key": MUNICIPALITY},
            headers=own,
        )
    ).status_code == 403
    staff = as_(Role.PROVIDER_STAFF, opp["provider_id"])
    logged = await client.post(
        f"/placements/{plc['id']}/hours",
        json={"work_date": str(START), "worked_minutes": 30},
        headers=staff,
    )
    assert logged.status_code == 201
    other_staff = as_(Role.PROVIDER_STAFF, "another-provider")
    batch = {
        "entries": [
            {
                "placement_id": plc["id"],
                "work_date": str(START + timedelta(days=1)),
                "worked_minutes": 30,
            }
        ]
    }
    assert (await client.post("/hours/batch", json=batch, headers=other_staff)).status_code == 403
    bad_token = await client.get(
        f"/placements/{plc['id']}", headers={"Authorization": "Bearer dev.x.y"}
    )
    assert bad_token.status_code == 401


async def test_metrics_and_openapi(sqlite_app: App) -> None:
    _, client = sqlite_app
    await placed(client)
    metrics = (await client.get("/metrics")).text
    started = 'gemeinwerk_placement_placements_started_total{legal_basis="asylblg_5",'
    assert started + 'provider_kind="non_profit"} 1.0' in metrics
    assert "gemeinwerk_placement_participants_registered_total" in metrics
    spec = (await client.get("/openapi.json")).json()
    paths = {"/providers", "/opportunities", "/participants", "/placements", "/refusals"}
    paths |= {"/hours/batch", "/placements/{placement_id}/hours", "/placements/{placement_id}/end"}
    assert paths <= set(spec["paths"])


def test_today_is_the_berlin_calendar_day() -> None:
    assert clock.today() == datetime.now(ZoneInfo("Europe/Berlin")).date()
