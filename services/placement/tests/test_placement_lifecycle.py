"""Opportunity lifecycle (draft → open → closed), § 16d attestations, the Zuweisung lifecycle
(proposed → started → ended; refused / no_show), obligation, participant details and provider
contact events: the API on SQLite, events read from the outbox."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from gemeinwerk_contracts.topics import PARTICIPANT_INTERNAL, PLACEMENT_INTERNAL, PLACEMENT_PUBLIC

sys.path.insert(0, str(Path(__file__).parent))
from placement_testkit import (
    ATTESTED,
    REPORTING,
    SITE,
    START,
    TODAY,
    App,
    as_role,
    created,
    field_of,
    opportunity,
    opportunity_body,
    outbox,
    participant,
    placement,
    proposal,
    provider,
)


def of_type(events: list[dict[str, Any]], suffix: str) -> list[dict[str, Any]]:
    return [e for e in events if e["event_type"] == f"de.gemeinwerk.placement.{suffix}.v1"]


async def test_draft_publish_change_close(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    prov = await provider(client)
    draft = await opportunity(client, prov["id"], places=2, publish=False)
    assert draft["status"] == "draft" and draft["site_address"] == SITE
    assert draft["reporting_instructions"] == REPORTING
    assert of_type(await outbox(ctx), "opportunity-published") == []
    person = await participant(client)
    body = {"participant_id": person["id"], "opportunity_id": draft["id"], "start_date": str(START)}
    not_open = await client.post("/placements", json=body)
    assert not_open.status_code == 422 and field_of(not_open) == ["body", "opportunity_id"]
    assert "Entwurf" in not_open.json()["detail"][0]["msg"]
    matches = (await client.get(f"/participants/{person['id']}/matches")).json()["items"]
    assert matches == []

    published = await client.post(f"/opportunities/{draft['id']}/publish")
    assert published.status_code == 200 and published.json()["status"] == "open"
    assert (await client.post(f"/opportunities/{draft['id']}/publish")).status_code == 409
    [event] = of_type(await outbox(ctx), "opportunity-published")
    assert event["topic"] == PLACEMENT_PUBLIC and event["partition_key"] == draft["id"]
    data = event["data"]
    assert data["places"] == 2 and data["provider_kind"] == "non_profit"
    assert data["legal_bases"] == ["asylblg_5"] and data["effective_date"] == str(TODAY)
    assert "street" not in event["payload"].decode()  # the work site stays internal
    matches = (await client.get(f"/participants/{person['id']}/matches")).json()["items"]
    assert [m["opportunity_id"] for m in matches] == [draft["id"]]

    plc = await placement(client, person["id"], draft["id"], START)
    other = await participant(client, given_name="Yusuf")
    await proposal(client, other["id"], draft["id"], START)
    below = await client.patch(f"/opportunities/{draft['id']}", json={"places": 1})
    assert below.status_code == 409 and field_of(below) == ["body", "places"]
    assert "2 Plätze belegt" in below.json()["detail"][0]["msg"]
    changed = await client.patch(
        f"/opportunities/{draft['id']}",
        json={"places": 3, "hours_per_week": "15", "description": "Neu", "end_date": None},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["places"] == 3 and changed.json()["free_places"] == 1
    [change] = of_type(await outbox(ctx), "opportunity-changed")
    assert change["data"]["places"] == 3 and change["data"]["hours_per_week"] == "15.00"
    assert change["data"]["start_date"] == data["start_date"]  # the whole state
    same = await client.patch(f"/opportunities/{draft['id']}", json={"places": 3})
    assert same.status_code == 200 and len(of_type(await outbox(ctx), "opportunity-changed")) == 1

    closed = await client.post(f"/opportunities/{draft['id']}/close")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert closed.json()["closed_date"] == str(TODAY)
    [close] = of_type(await outbox(ctx), "opportunity-closed")
    assert close["data"] == {"opportunity_id": draft["id"], "closed_date": str(TODAY)} | {
        k: close["data"][k] for k in close["data"] if k not in ("opportunity_id", "closed_date")
    }
    assert (await client.post(f"/opportunities/{draft['id']}/close")).status_code == 409
    assert (
        await client.patch(f"/opportunities/{draft['id']}", json={"places": 4})
    ).status_code == 409
    third = await participant(client, given_name="Lina")
    after = await client.post("/placements", json={**body, "participant_id": third["id"]})
    assert after.status_code == 422 and "geschlossen" in after.json()["detail"][0]["msg"]
    # running placements go on: hours are still logged
    hours = await client.post(
        f"/placements/{plc['id']}/hours", json={"work_date": str(START), "worked_minutes": 120}
    )
    assert hours.status_code == 201, hours.text


async def test_publish_needs_site_instructions_and_attestations(sqlite_app: App) -> None:
    _, client = sqlite_app
    prov = await provider(client)
    bare = await created(
        client,
        "/opportunities",
        opportunity_body(prov["id"], site_address=None, reporting_instructions=None),
    )
    no_site = await client.post(f"/opportunities/{bare['id']}/publish")
    assert no_site.status_code == 422 and field_of(no_site) == ["body", "site_address"]
    await client.patch(f"/opportunities/{bare['id']}", json={"site_address": SITE})
    no_text = await client.post(f"/opportunities/{bare['id']}/publish")
    assert no_text.status_code == 422 and field_of(no_text) == ["body", "reporting_instructions"]
    await client.patch(f"/opportunities/{bare['id']}", json={"reporting_instructions": REPORTING})
    assert (await client.post(f"/opportunities/{bare['id']}/publish")).status_code == 200

    for missing in ("additional", "public_interest", "competition_neutral"):
        body = opportunity_body(
            prov["id"], legal_bases=["sgb2_16d"], attestations={**ATTESTED, missing: False}
        )
        sgb2 = await created(client, "/opportunities", body)
        refused = await client.post(f"/opportunities/{sgb2['id']}/publish")
        assert refused.status_code == 422, refused.text
        assert field_of(refused) == ["body", "attestations", missing]
        assert "§ 16d SGB II" in refused.json()["detail"][0]["msg"]
    unattested = await created(
        client,
        "/opportunities",
        opportunity_body(prov["id"], legal_bases=["sgb2_16d"], attestations=None),
    )
    refused = await client.post(f"/opportunities/{unattested['id']}/publish")
    assert field_of(refused) == ["body", "attestations", "additional"]
    fixed = await client.patch(
        f"/opportunities/{unattested['id']}", json={"attestations": ATTESTED}
    )
    attestations = fixed.json()["attestations"]
    assert attestations["attested_by"] == "local-dev" and attestations["attested_at"]
    assert (await client.post(f"/opportunities/{unattested['id']}/publish")).status_code == 200
    withdraw = await client.patch(
        f"/opportunities/{unattested['id']}",
        json={"attestations": {**ATTESTED, "additional": False}},
    )
    assert withdraw.status_code == 422 and field_of(withdraw) == [
        "body",
        "attestations",
        "additional",
    ]


async def test_proposal_start_end_and_events(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    prov = await provider(client)
    opp = await opportunity(client, prov["id"], places=1)
    person = await participant(client)
    proposed = await proposal(
        client,
        person["id"],
        opp["id"],
        START,
        end_date=str(START + timedelta(days=90)),
        reporting_instructions="Dienstag 10 Uhr im Büro melden.",
    )
    assert proposed["status"] == "proposed" and proposed["proposed_date"] == str(TODAY)
    assert (await client.get(f"/opportunities/{opp['id']}")).json()["free_places"] == 0
    other = await participant(client, given_name="Yusuf")
    full = await client.post(
        "/placements",
        json={"participant_id": other["id"], "opportunity_id": opp["id"], "start_date": str(START)},
    )
    assert full.status_code == 409  # a proposal holds the place

    hours = await client.post(
        f"/placements/{proposed['id']}/hours", json={"work_date": str(START), "worked_minutes": 60}
    )
    assert hours.status_code == 409 and "noch nicht angetreten" in hours.json()["detail"][0]["msg"]
    batch = await client.post(
        "/hours/batch",
        json={
            "entries": [
                {"placement_id": proposed["id"], "work_date": str(START), "worked_minutes": 60}
            ]
        },
    )
    assert batch.status_code == 422

    events = await outbox(ctx)
    [public] = of_type(events, "proposed")
    [internal] = of_type(events, "assignment-issued")
    assert public["seq"] + 1 == internal["seq"]  # one transaction
    assert public["topic"] == PLACEMENT_PUBLIC and internal["topic"] == PLACEMENT_INTERNAL
    assert public["data"]["end_date"] == str(START + timedelta(days=90))
    assert public["data"]["proposed_date"] == str(TODAY)
    for secret in ("Am Gografenhof", "Dienstag", "Amina", "Tafel"):
        assert secret not in public["payload"].decode()
    assert internal["headers"]["ce_dataclassification"] == "personal"
    assert internal["partition_key"] == person["participant_ref"]
    assert internal["data"]["site_address"] == SITE
    assert internal["data"]["reporting_instructions"] == "Dienstag 10 Uhr im Büro melden."
    assert internal["data"]["provider_name"] == "Tafel Bad Iburg e. V."
    assert internal["data"]["issued_date"] == str(TODAY)

    staff = as_role(ctx, "provider_staff", prov["id"])
    stranger = as_role(ctx, "provider_staff", "00000000-0000-4000-8000-000000000001")
    start_url = f"/placements/{proposed['id']}/start"
    assert (await client.post(start_url, headers=stranger)).status_code == 403
    future = await client.post(start_url, json={"start_date": str(TODAY + timedelta(days=1))})
    assert future.status_code == 422 and field_of(future) == ["body", "start_date"]
    actual = START + timedelta(days=2)
    started = await client.post(start_url, json={"start_date": str(actual)}, headers=staff)
    assert started.status_code == 200, started.text
    assert started.json()["status"] == "started" and started.json()["start_date"] == str(actual)
    assert (await client.post(start_url)).status_code == 409
    [start_event] = of_type(await outbox(ctx), "started")
    assert start_event["data"]["start_date"] == str(actual)
    assert set(start_event["data"]) >= {
        "placement_id", "opportunity_id", "provider_id", "provider_kind", "municipality_key",
        "legal_basis", "start_date", "hours_per_week", "category", "participant_ref",
    }  # fmt: skip
    early = await client.post(
        f"/placements/{proposed['id']}/hours", json={"work_date": str(START), "worked_minutes": 60}
    )
    assert early.status_code == 422  # before the actual start
    ok = await client.post(
        f"/placements/{proposed['id']}/hours", json={"work_date": str(actual), "worked_minutes": 60}
    )
    assert ok.status_code == 201

    # a proposal cancelled before its start ends without hours
    opp2 = await opportunity(client, prov["id"], places=1)
    cancelled = await proposal(client, other["id"], opp2["id"], TODAY)
    end = await client.post(
        f"/placements/{cancelled['id']}/end",
        json={"end_date": str(TODAY - timedelta(days=1)), "reason": "cancelled"},
    )
    assert end.status_code == 200 and end.json()["status"] == "ended"
    assert (await client.get(f"/opportunities/{opp2['id']}")).json()["free_places"] == 1
    assert (await client.post(f"/placements/{cancelled['id']}/start")).status_code == 409


async def test_refused_and_no_show_free_the_place(sqlite_app: App) -> None:
    _, client = sqlite_app
    prov = await provider(client)
    opp = await opportunity(client, prov["id"], places=1)
    for kind in ("refused", "no_show"):
        person = await participant(client)
        proposed = await proposal(client, person["id"], opp["id"], START)
        assert (await client.get(f"/opportunities/{opp['id']}")).json()["free_places"] == 0
        refusal = await client.post(
            "/refusals",
            json={
                "participant_id": person["id"],
                "placement_id": proposed["id"],
                "kind": kind,
                "refusal_date": str(START),
                "justified": False,
                "legal_notice_given": True,
            },
        )
        assert refusal.status_code == 201, refusal.text
        after = (await client.get(f"/placements/{proposed['id']}")).json()
        assert after["status"] == kind and after["end_date"] is None
        assert (await client.get(f"/opportunities/{opp['id']}")).json()["free_places"] == 1
        assert (await client.post(f"/placements/{proposed['id']}/start")).status_code == 409
        ended = await client.post(
            f"/placements/{proposed['id']}/end",
            json={"end_date": str(TODAY), "reason": "cancelled"},
        )
        assert ended.status_code == 409

    # a broken-off started placement keeps its status (it is ended separately)
    person = await participant(client)
    started = await placement(client, person["id"], opp["id"], START)
    await client.post(
        "/refusals",
        json={
            "participant_id": person["id"],
            "placement_id": started["id"],
            "kind": "broke_off",
            "refusal_date": str(TODAY),
            "justified": False,
            "legal_notice_given": True,
        },
    )
    assert (await client.get(f"/placements/{started['id']}")).json()["status"] == "started"


async def test_obligation_and_details_events(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    person = await participant(client)
    child = await participant(client, birth_date=str(TODAY - timedelta(days=365 * 10)))
    obligations = of_type(await outbox(ctx), "obligation-changed")
    assert [e["data"]["obliged"] for e in obligations] == [True, False]
    first = obligations[0]
    assert (
        first["topic"] == PLACEMENT_PUBLIC and first["partition_key"] == person["participant_ref"]
    )
    assert first["data"]["effective_date"] == str(TODAY) and "reasons" not in first["data"]
    assert child["id"]

    url = f"/participants/{person['id']}"
    same = await client.patch(url, json={"able_to_work": True, "preferred_language": "ar"})
    assert same.status_code == 200
    assert len(of_type(await outbox(ctx), "obligation-changed")) == 2  # unchanged: no event
    details = [e for e in await outbox(ctx) if e["event_type"].endswith("details-changed.v1")]
    assert details == []

    employed = await client.patch(url, json={"currently_employed": True})
    assert employed.status_code == 200 and employed.json()["currently_employed"] is True
    latest = of_type(await outbox(ctx), "obligation-changed")[-1]
    assert (
        latest["data"]["obliged"] is False and latest["partition_key"] == person["participant_ref"]
    )
    assert [e for e in await outbox(ctx) if e["event_type"].endswith("details-changed.v1")] == []

    await client.patch(url, json={"currently_employed": False})
    assert of_type(await outbox(ctx), "obligation-changed")[-1]["data"]["obliged"] is True
    exemption = await client.post(
        f"{url}/exemptions", json={"category": "illness", "valid_from": str(TODAY)}
    )
    assert exemption.status_code == 201
    assert of_type(await outbox(ctx), "obligation-changed")[-1]["data"]["obliged"] is False
    count = len(of_type(await outbox(ctx), "obligation-changed"))
    await client.post(f"{url}/exemptions", json={"category": "other", "valid_from": str(TODAY)})
    assert len(of_type(await outbox(ctx), "obligation-changed")) == count

    moved = await client.patch(
        url,
        json={
            "email": "neu@example.org",
            "postal_address": {
                "street": "Neue Straße 2",
                "postal_code": "49186",
                "city": "Bad Iburg",
            },
        },
    )
    assert moved.status_code == 200 and moved.json()["email"] == "neu@example.org"
    [changed] = [e for e in await outbox(ctx) if e["event_type"].endswith("details-changed.v1")]
    assert changed["topic"] == PARTICIPANT_INTERNAL
    assert changed["data"]["given_name"] == "Amina"  # the whole snapshot
    assert changed["data"]["postal_address"]["street"] == "Neue Straße 2"
    public = [e for e in await outbox(ctx) if e["topic"] == PLACEMENT_PUBLIC]
    assert all("Neue Straße" not in e["payload"].decode() for e in public)
    cleared = await client.patch(url, json={"email": None})
    assert cleared.json()["email"] is None
    bad = await client.patch(url, json={"municipality_key": "12"})
    assert bad.status_code == 422 and field_of(bad) == ["body", "municipality_key"]
    ghost = await client.patch("/participants/00000000-0000-4000-8000-000000000000", json={})
    assert ghost.status_code == 404
    staff = as_role(ctx, "provider_staff", "*")
    assert (await client.patch(url, json={}, headers=staff)).status_code == 403


async def test_provider_contact_events(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    contact = {
        "contact_name": "Frau Meyer",
        "email": "meyer@tafel.example.org",
        "postal_address": {"street": "Lager 1", "postal_code": "49186", "city": "Bad Iburg"},
    }
    pending = await provider(client, approve=False, **contact)
    assert pending["contact_name"] == "Frau Meyer"
    assert [e for e in await outbox(ctx) if e["topic"] == PLACEMENT_INTERNAL] == []
    update = await client.patch(f"/providers/{pending['id']}", json={"contact_name": "Herr Kaya"})
    assert update.status_code == 200 and update.json()["contact_name"] == "Herr Kaya"
    assert [e for e in await outbox(ctx) if e["topic"] == PLACEMENT_INTERNAL] == []  # pending
    await client.post(f"/providers/{pending['id']}/approve")
    [approved] = [e for e in await outbox(ctx) if e["topic"] == PLACEMENT_INTERNAL]
    assert approved["event_type"] == "de.gemeinwerk.placement.provider-contact-recorded.v1"
    assert approved["partition_key"] == pending["id"]
    assert approved["data"]["contact_name"] == "Herr Kaya"
    assert approved["data"]["email"] == "meyer@tafel.example.org"
    assert approved["headers"]["ce_dataclassification"] == "personal"
    changed = await client.patch(
        f"/providers/{pending['id']}",
        json={"email": "neu@tafel.example.org", "postal_address": None},
    )
    assert changed.status_code == 200 and changed.json()["postal_address"] is None
    latest = [e for e in await outbox(ctx) if e["topic"] == PLACEMENT_INTERNAL][-1]
    assert latest["data"]["email"] == "neu@tafel.example.org"
    assert (
        latest["data"]["postal_address"] is None and latest["data"]["contact_name"] == "Herr Kaya"
    )
    staff = as_role(ctx, "provider_staff", pending["id"])
    other = as_role(ctx, "provider_staff", "00000000-0000-4000-8000-000000000009")
    url = f"/providers/{pending['id']}"
    assert (await client.patch(url, json={"contact_name": "X"}, headers=staff)).status_code == 200
    assert (await client.patch(url, json={"contact_name": "Y"}, headers=other)).status_code == 403
    assert (await client.patch(url, json={"email": "kaputt"})).status_code == 422


async def test_starting_a_placement_waives_open_sanction_proposals(sqlite_app: App) -> None:
    """Taking up the work (the provider confirms a start) ends the refusal: the open sanction
    proposal of an earlier, broken-off placement is waived in the same transaction."""
    from test_placement_sanctions_api import deliver, notice, refusal_body, refuse

    ctx, client = sqlite_app
    prov = await provider(client)
    opp = await opportunity(client, prov["id"], places=3)
    person = await participant(client)
    first = await placement(client, person["id"], opp["id"], START)
    await deliver(ctx, notice(first["id"], person["participant_ref"], delivered_on=START))
    refused = await refuse(client, refusal_body(person, first))
    sanction_id = refused["sanction"]["sanction_id"]
    assert sanction_id is not None, refused
    end = {"end_date": str(TODAY - timedelta(days=1)), "reason": "cancelled"}
    assert (await client.post(f"/placements/{first['id']}/end", json=end)).status_code == 200

    second = await proposal(client, person["id"], opp["id"], TODAY)
    assert (await client.get(f"/sanctions/{sanction_id}")).json()["status"] == "proposed"
    assert (await client.post(f"/placements/{second['id']}/start")).status_code == 200
    sanction = (await client.get(f"/sanctions/{sanction_id}")).json()
    assert (sanction["status"], sanction["waiver_reason"]) == ("waived", "work_taken_up")
    types = [e["event_type"] for e in await outbox(ctx)]
    assert types.index(
        "de.gemeinwerk.placement.started.v1",
        types.index("de.gemeinwerk.placement.sanction-proposed.v1"),
    ) < types.index("de.gemeinwerk.placement.sanction-waived.v1")
