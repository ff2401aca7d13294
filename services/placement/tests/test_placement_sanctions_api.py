"""Refusals → sanctions through the API on SQLite: the delivered legal notice (consumed from
NoticeDelivered through the chassis inbox), the proposal or the German reason why none is
possible, the policy versions, hearing, decision and waiver, and the end of running
sanctions when the work is taken up. Events are read from the outbox."""

from __future__ import annotations

import sys
import uuid
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from aiokafka import ConsumerRecord
from chassis.consumer import BatchProcessor
from chassis.store import inbox_table
from gemeinwerk_contracts import NoticeDelivered, encode, envelope_for
from gemeinwerk_contracts.events.notification import NoticeChannel
from gemeinwerk_contracts.topics import NOTIFICATION_PUBLIC
from placement import clock
from placement.consumers.notices import legal_notice_subscription
from placement.context import PlacementContext
from placement.store.sanction_tables import legal_notice_delivery_table, sanction_table
from placement.store.tables import audit_record_table
from placement.use_cases.sanctions import end_running_sanctions
from sqlalchemy import select

from chassis import Subscription

sys.path.insert(0, str(Path(__file__).parent))
from placement_testkit import (
    START,
    TODAY,
    App,
    as_role,
    count,
    field_of,
    opportunity,
    outbox,
    participant,
    placement,
    provider,
)

NO_NOTICE = (
    "Keine Leistungseinschränkung möglich: Für diese Zuweisung ist keine "
    "Rechtsfolgenbelehrung nachweislich zugestellt worden."
)
YESTERDAY = TODAY - timedelta(days=1)


class _NoProducer:
    async def send(self, *_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("nothing is dead-lettered in these tests")


def processor(ctx: PlacementContext, subscription: Subscription | None = None) -> BatchProcessor:
    """The chassis' batch processor of the notice subscription, without Kafka."""
    return BatchProcessor(
        subscription or legal_notice_subscription(),
        ctx.uow,
        _NoProducer(),  # type: ignore[arg-type]
        "gemeinwerk.dlq.placement.v1",
        ctx.runtime.metrics,
    )


def notice(
    placement_id: str,
    participant_ref: str,
    notice_type: str = "assignment",
    delivered_on: date = YESTERDAY,
) -> NoticeDelivered:
    return NoticeDelivered(
        notice_id=uuid.uuid4(),
        notice_type=notice_type,
        participant_ref=uuid.UUID(participant_ref),
        placement_id=uuid.UUID(placement_id),
        channel=NoticeChannel.LETTER,
        delivery_sequence=0,
        delivered_at=datetime.combine(delivered_on, time(10, 0), tzinfo=clock.BERLIN).astimezone(
            UTC
        ),
    )


def record(event: NoticeDelivered, offset: int = 0) -> ConsumerRecord[bytes, bytes]:
    """A Kafka record of the event as the notification service publishes it."""
    value = encode(event)
    return ConsumerRecord(
        topic=NOTIFICATION_PUBLIC,
        partition=0,
        offset=offset,
        timestamp=0,
        timestamp_type=0,
        key=event.partition_key().encode(),
        value=value,
        checksum=None,
        serialized_key_size=0,
        serialized_value_size=len(value),
        headers=envelope_for(event).to_headers(),
    )


async def deliver(ctx: PlacementContext, *events: NoticeDelivered) -> None:
    await processor(ctx).process([record(e, i) for i, e in enumerate(events)])


async def setup(
    client: Any, legal_basis: str = "asylblg_5"
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Opportunity, participant and a placement (through whatever the testkit offers)."""
    prov = await provider(client)
    opp = await opportunity(client, prov["id"], places=3, legal_bases=[legal_basis])
    person = await participant(client, legal_basis=legal_basis)
    plc = await placement(client, person["id"], opp["id"], START)
    return opp, person, plc


def refusal_body(person: dict[str, Any], plc: dict[str, Any] | None, **extra: Any) -> dict:
    body: dict[str, Any] = {
        "participant_id": person["id"],
        "kind": "broke_off",
        "refusal_date": TODAY.isoformat(),
        "justified": False,
        "legal_notice_given": False,
        **extra,
    }
    if plc is not None:
        body["placement_id"] = plc["id"]
    return body


async def refuse(client: Any, body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post("/refusals", json=body)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data


def sample(ctx: PlacementContext, name: str, labels: dict[str, str]) -> float:
    return ctx.runtime.metrics.registry.get_sample_value(name, labels) or 0.0


async def events(ctx: PlacementContext, kind: str) -> list[dict[str, Any]]:
    return [e["data"] for e in await outbox(ctx) if e["event_type"].endswith(kind)]


async def test_unjustified_refusal_after_delivered_notice_proposes_a_sanction(
    sqlite_app: App,
) -> None:
    ctx, client = sqlite_app
    _, person, plc = await setup(client)
    delivered = notice(plc["id"], person["participant_ref"])
    await deliver(ctx, delivered)

    refused = await refuse(client, refusal_body(person, plc))
    assert refused["legal_notice_given"] is True  # from the delivered notice, not the request
    sanction = refused["sanction"]
    assert sanction["status"] == "proposed" and sanction["code"] == "proposed"
    assert sanction["rule"] == "asylblg_1a"
    assert sanction["reduction_percent"] is None
    assert sanction["duration_months"] == 6
    assert sanction["breach_number"] == 1
    assert sanction["rule_valid_from"] == "0001-01-01"

    (recorded,) = await events(ctx, "refusal-recorded.v1")
    assert recorded["legal_notice_given"] is True
    (proposed,) = await events(ctx, "sanction-proposed.v1")
    assert proposed["sanction_id"] == sanction["sanction_id"]
    assert proposed["refusal_id"] == refused["id"]
    assert proposed["placement_id"] == plc["id"]
    assert proposed["participant_ref"] == person["participant_ref"]
    assert proposed["legal_notice_id"] == str(delivered.notice_id)
    assert proposed["rule"] == "asylblg_1a" and proposed["legal_basis"] == "asylblg_5"
    assert proposed["duration_months"] == 6 and proposed["reduction_percent"] is None
    assert person["id"] not in str(proposed)  # pseudonymous: only the participant_ref

    stored = (await client.get(f"/sanctions/{sanction['sanction_id']}")).json()
    assert stored["status"] == "proposed" and stored["refusal_id"] == refused["id"]
    listed = (await client.get("/sanctions", params={"participant_id": person["id"]})).json()
    assert [s["id"] for s in listed["items"]] == [sanction["sanction_id"]]
    steps = {"step": "proposed", "rule": "asylblg_1a"}
    assert sample(ctx, "gemeinwerk_placement_sanction_steps_total", steps) == 1


async def test_the_delivered_legal_notice_of_a_placement_is_shown(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    _, person, plc = await setup(client)
    url = f"/placements/{plc['id']}/legal-notice"
    assert (await client.get(url)).json() == {
        "delivered": False,
        "notice_id": None,
        "channel": None,
        "delivered_at": None,
    }
    await deliver(ctx, notice(plc["id"], person["participant_ref"], notice_type="hearing"))
    assert (await client.get(url)).json()["delivered"] is False  # only the Zuweisung counts
    delivered = notice(plc["id"], person["participant_ref"])
    await deliver(ctx, delivered)
    shown = (await client.get(url)).json()
    assert shown["delivered"] is True
    assert shown["notice_id"] == str(delivered.notice_id)
    assert shown["channel"] == "letter"
    assert (await client.get(f"/placements/{uuid.uuid4()}/legal-notice")).status_code == 404


async def test_without_a_delivered_notice_no_sanction_is_possible(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    _, person, plc = await setup(client)
    # other notice types, a notice for another placement, and one delivered only after the
    # refusal day do not count
    await deliver(
        ctx,
        notice(plc["id"], person["participant_ref"], notice_type="placement_started"),
        notice(str(uuid.uuid4()), person["participant_ref"]),
        notice(plc["id"], str(uuid.uuid4())),  # another person's
    )
    refused = await refuse(
        client,
        refusal_body(person, plc, legal_notice_given=True),  # the request cannot claim it
    )
    assert refused["legal_notice_given"] is False
    assert refused["sanction"] == {
        "status": "not_possible",
        "code": "no_legal_notice",
        "reason": NO_NOTICE,
        "sanction_id": None,
        "rule": None,
        "rule_valid_from": None,
        "breach_number": None,
        "reduction_percent": None,
        "duration_months": None,
    }
    (recorded,) = await events(ctx, "refusal-recorded.v1")
    assert recorded["legal_notice_given"] is False
    assert await events(ctx, "sanction-proposed.v1") == []
    assert await count(ctx, sanction_table) == 0
    reason = {"reason": "no_legal_notice"}
    assert sample(ctx, "gemeinwerk_placement_sanctions_not_possible_total", reason) == 1
    assert await count(ctx, legal_notice_delivery_table) == 2  # two assignment notices

    await deliver(ctx, notice(plc["id"], person["participant_ref"], delivered_on=TODAY))
    later = await refuse(client, refusal_body(person, plc, refusal_date=YESTERDAY.isoformat()))
    assert later["sanction"]["code"] == "no_legal_notice"  # delivered after that refusal
    now = await refuse(client, refusal_body(person, plc))
    assert now["sanction"]["status"] == "proposed"


async def test_justified_or_offer_only_refusals_get_no_sanction(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    opp, person, plc = await setup(client)
    await deliver(ctx, notice(plc["id"], person["participant_ref"]))
    justified = await refuse(
        client,
        refusal_body(person, plc, justified=True, justification_category="illness"),
    )
    assert justified["sanction"]["status"] == "not_possible"
    assert justified["sanction"]["code"] == "justified"
    assert "wichtiger Grund" in justified["sanction"]["reason"]

    other = await opportunity(client, opp["provider_id"], places=1)
    offer = await refuse(
        client,
        refusal_body(
            person, None, kind="refused", opportunity_id=other["id"], legal_notice_given=True
        ),
    )
    assert offer["placement_id"] is None
    assert offer["legal_notice_given"] is True  # no placement: the request's statement stays
    assert offer["sanction"]["code"] == "no_placement"
    assert offer["sanction"]["reason"].startswith("Keine Leistungseinschränkung möglich")
    assert await events(ctx, "sanction-proposed.v1") == []


async def test_notices_are_recorded_once(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    _, person, plc = await setup(client)
    delivered = notice(plc["id"], person["participant_ref"])
    resend = delivered.model_copy(
        update={"delivery_sequence": 1, "delivered_at": delivered.delivered_at + timedelta(hours=1)}
    )
    consumer = processor(ctx)
    same = record(delivered)
    await consumer.process([same, same])
    await consumer.process([same])  # redelivered: skipped by the inbox
    await consumer.process([record(resend, 1)])  # a resend of the same notice: first one kept
    assert await count(ctx, legal_notice_delivery_table) == 1
    async with ctx.runtime.database.session() as session:
        stored = (await session.execute(select(legal_notice_delivery_table))).one()
        inbox = (await session.execute(select(inbox_table))).all()
    assert stored.notice_id == str(delivered.notice_id)
    assert stored.delivered_at.replace(tzinfo=UTC) == delivered.delivered_at
    assert len(inbox) == 2  # the first delivery and the resend, once each


async def test_hearing_then_decision(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    _, person, plc = await setup(client, "sgb2_16d")
    await deliver(ctx, notice(plc["id"], person["participant_ref"]))
    refused = await refuse(client, refusal_body(person, plc))
    sid = refused["sanction"]["sanction_id"]
    assert refused["sanction"]["rule"] == "sgb2_31a"
    assert refused["sanction"]["reduction_percent"] == 10
    assert refused["sanction"]["duration_months"] == 1
    url = f"/sanctions/{sid}"
    first_of_next = (TODAY.replace(day=1) + timedelta(days=32)).replace(day=1)
    until = (first_of_next + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    effective = first_of_next.isoformat()

    early = await client.post(f"{url}/decide", json={"effective_from": effective})
    assert early.status_code == 409
    assert "Anhörung" in early.json()["detail"][0]["msg"]

    future = await client.post(
        f"{url}/hearing", json={"held_on": (TODAY + timedelta(days=1)).isoformat()}
    )
    assert future.status_code == 422 and field_of(future) == ["body", "held_on"]
    summary = "Sagt, der Bus sei ausgefallen; keine Belege."
    heard = await client.post(
        f"{url}/hearing",
        json={"held_on": TODAY.isoformat(), "participant_statement_summary": summary},
    )
    assert heard.status_code == 200, heard.text
    assert heard.json()["hearing_date"] == TODAY.isoformat()
    again = await client.post(f"{url}/hearing", json={"held_on": TODAY.isoformat()})
    assert again.status_code == 409

    above = await client.post(
        f"{url}/decide", json={"effective_from": effective, "reduction_percent": 20}
    )
    assert above.status_code == 422 and field_of(above) == ["body", "reduction_percent"]
    assert "10 %" in above.json()["detail"][0]["msg"]
    longer = await client.post(f"{url}/decide", json={"effective_from": effective, "months": 2})
    assert longer.status_code == 422 and field_of(longer) == ["body", "months"]
    before = await client.post(f"{url}/decide", json={"effective_from": YESTERDAY.isoformat()})
    assert before.status_code == 422 and field_of(before) == ["body", "effective_from"]

    decided = await client.post(f"{url}/decide", json={"effective_from": effective})
    assert decided.status_code == 200, decided.text
    body = decided.json()
    assert body["status"] == "decided" and body["reduction_percent"] == 10
    assert body["effective_until"] == until.isoformat()  # one calendar month
    (event,) = await events(ctx, "sanction-decided.v1")
    assert event["sanction_id"] == sid and event["rule"] == "sgb2_31a"
    assert event["reduction_percent"] == 10
    assert event["effective_from"] == effective
    assert event["hearing_date"] == TODAY.isoformat()
    assert event["decided_date"] == TODAY.isoformat()
    twice = await client.post(f"{url}/decide", json={"effective_from": effective})
    assert twice.status_code == 409
    waive_decided = await client.post(f"{url}/waive", json={"reason": "other"})
    assert waive_decided.status_code == 409

    # the hearing summary is internal: never in an event or the audit trail
    assert all(summary not in str(e["data"]) for e in await outbox(ctx))
    async with ctx.runtime.database.session() as session:
        audits = (await session.execute(select(audit_record_table))).all()
    assert all(summary not in str(a.details) for a in audits)
    actions = {a.action for a in audits if a.entity_type == "sanction"}
    assert {"sanction.proposed", "sanction.hearing_recorded", "sanction.decided"} <= actions
    assert (await client.get(url)).json()["hearing_summary"] == summary


async def test_sgb2_ladder_counts_decided_not_waived_sanctions(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    _, person, plc = await setup(client, "sgb2_16d")
    await deliver(ctx, notice(plc["id"], person["participant_ref"], delivered_on=START))

    async def breach(day: date) -> dict[str, Any]:
        refused = await refuse(client, refusal_body(person, plc, refusal_date=day.isoformat()))
        assert refused["sanction"]["status"] == "proposed", refused
        sanction: dict[str, Any] = refused["sanction"]
        return sanction

    async def decide(sanction: dict[str, Any], day: date) -> None:
        url = f"/sanctions/{sanction['sanction_id']}"
        heard = await client.post(f"{url}/hearing", json={"held_on": day.isoformat()})
        assert heard.status_code == 200, heard.text
        decided = await client.post(f"{url}/decide", json={"effective_from": day.isoformat()})
        assert decided.status_code == 200, decided.text

    first = await breach(START)
    assert (first["breach_number"], first["reduction_percent"]) == (1, 10)
    await decide(first, START + timedelta(days=1))
    second = await breach(START + timedelta(days=2))
    assert (second["breach_number"], second["reduction_percent"]) == (2, 20)
    assert second["duration_months"] == 2
    waived = await client.post(
        f"/sanctions/{second['sanction_id']}/waive", json={"reason": "exceptional_hardship"}
    )
    assert waived.status_code == 200 and waived.json()["status"] == "waived"
    assert waived.json()["waiver_reason"] == "exceptional_hardship"
    third = await breach(START + timedelta(days=3))
    assert (third["breach_number"], third["reduction_percent"]) == (2, 20)  # waived: not counted
    await decide(third, START + timedelta(days=4))
    fourth = await breach(START + timedelta(days=5))
    assert (fourth["breach_number"], fourth["reduction_percent"], fourth["duration_months"]) == (
        3,
        30,
        3,
    )
    # 30 % more while 10 % and 20 % run would break the cap of 30 % at a time
    url = f"/sanctions/{fourth['sanction_id']}"
    day = START + timedelta(days=6)
    assert (
        await client.post(f"{url}/hearing", json={"held_on": day.isoformat()})
    ).status_code == 200
    over = await client.post(f"{url}/decide", json={"effective_from": day.isoformat()})
    assert over.status_code == 422 and field_of(over) == ["body", "reduction_percent"]
    assert "Obergrenze von 30 %" in over.json()["detail"][0]["msg"]
    assert "keine weitere Minderung" in over.json()["detail"][0]["msg"]
    later = (START + timedelta(days=70)).isoformat()  # after both periods
    decided = await client.post(f"{url}/decide", json={"effective_from": later})
    assert decided.status_code == 200, decided.text
    assert decided.json()["reduction_percent"] == 30
    (waived_event,) = await events(ctx, "sanction-waived.v1")
    assert waived_event["reason"] == "exceptional_hardship"
    again = await client.post(f"/sanctions/{second['sanction_id']}/waive", json={"reason": "other"})
    assert again.status_code == 409


async def test_sanction_policy_versions(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    listed = (await client.get("/policies/sanctions")).json()
    assert listed == [
        {
            "legal_basis": "asylblg_5",
            "rule": "asylblg_1a",
            "valid_from": "0001-01-01",
            "steps": [{"percent": None, "months": 6}],
            "cap_percent": None,
            "lookback_months": 12,
        },
        {
            "legal_basis": "sgb2_16d",
            "rule": "sgb2_31a",
            "valid_from": "0001-01-01",
            "steps": [
                {"percent": 10, "months": 1},
                {"percent": 20, "months": 2},
                {"percent": 30, "months": 3},
            ],
            "cap_percent": 30,
            "lookback_months": 12,
        },
    ]
    # the planned reform (Grundsicherungsgeld): 30 % at once
    reform = {
        "legal_basis": "sgb2_16d",
        "valid_from": "2026-07-01",
        "steps": [{"percent": 30, "months": 3}],
        "cap_percent": 30,
    }
    created = await client.post("/policies/sanctions", json=reform)
    assert created.status_code == 201, created.text
    assert created.json()["lookback_months"] == 12
    duplicate = await client.post("/policies/sanctions", json=reform)
    assert duplicate.status_code == 409 and field_of(duplicate) == ["body", "valid_from"]
    sgb2 = (await client.get("/policies/sanctions", params={"legal_basis": "sgb2_16d"})).json()
    assert [p["valid_from"] for p in sgb2] == ["0001-01-01", "2026-07-01"]

    too_long = await client.post(
        "/policies/sanctions",
        json={"legal_basis": "asylblg_5", "valid_from": "2027-01-01", "steps": [{"months": 7}]},
    )
    assert too_long.status_code == 422
    assert field_of(too_long) == ["body", "steps", 0, "months"]
    with_percent = await client.post(
        "/policies/sanctions",
        json={
            "legal_basis": "asylblg_5",
            "valid_from": "2027-01-01",
            "steps": [{"percent": 10, "months": 3}],
        },
    )
    assert with_percent.status_code == 422 and field_of(with_percent) == ["body", "steps"]
    falling = await client.post(
        "/policies/sanctions",
        json={
            "legal_basis": "sgb2_16d",
            "valid_from": "2027-01-01",
            "steps": [{"percent": 20, "months": 1}, {"percent": 10, "months": 1}],
            "cap_percent": 30,
        },
    )
    assert falling.status_code == 422 and "steigen" in falling.json()["detail"][0]["msg"]
    worker = as_role(ctx, "case_worker", "03459004")
    assert (
        await client.post("/policies/sanctions", json=reform, headers=worker)
    ).status_code == 403
    assert (await client.get("/policies/sanctions", headers=worker)).status_code == 200

    # a refusal today (after 2026-07-01) gets the reform's rule and names the version
    _, person, plc = await setup(client, "sgb2_16d")
    await deliver(ctx, notice(plc["id"], person["participant_ref"]))
    refused = await refuse(client, refusal_body(person, plc))
    assert refused["sanction"]["reduction_percent"] == 30
    assert refused["sanction"]["duration_months"] == 3
    (proposed,) = await events(ctx, "sanction-proposed.v1")
    assert proposed["rule_valid_from"] == "2026-07-01"


async def test_access_to_sanctions(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    _, person, plc = await setup(client)
    await deliver(ctx, notice(plc["id"], person["participant_ref"]))
    sid = (await refuse(client, refusal_body(person, plc)))["sanction"]["sanction_id"]
    hearing = {"held_on": TODAY.isoformat()}
    staff = as_role(ctx, "provider_staff", "*")
    assert (
        await client.post(f"/sanctions/{sid}/hearing", json=hearing, headers=staff)
    ).status_code == 403
    assert (await client.get(f"/sanctions/{sid}", headers=staff)).status_code == 403
    elsewhere = as_role(ctx, "case_worker", "03459999")
    assert (await client.get(f"/sanctions/{sid}", headers=elsewhere)).status_code == 403
    listed = await client.get(
        "/sanctions", params={"participant_id": person["id"]}, headers=elsewhere
    )
    assert listed.status_code == 403
    here = as_role(ctx, "case_worker", "03459004")
    heard = await client.post(f"/sanctions/{sid}/hearing", json=hearing, headers=here)
    assert heard.status_code == 200
    assert (await client.get(f"/sanctions/{uuid.uuid4()}")).status_code == 404
    unknown = await client.get("/sanctions", params={"participant_id": str(uuid.uuid4())})
    assert unknown.status_code == 404


async def test_taking_up_the_work_ends_running_sanctions(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    _, person, plc = await setup(client, "sgb2_16d")
    await deliver(ctx, notice(plc["id"], person["participant_ref"], delivered_on=START))

    async def proposed(day: date) -> str:
        refused = await refuse(client, refusal_body(person, plc, refusal_date=day.isoformat()))
        sid: str = refused["sanction"]["sanction_id"]
        return sid

    async def decided(day: date, effective_from: date) -> str:
        sid = await proposed(day)
        url = f"/sanctions/{sid}"
        assert (
            await client.post(f"{url}/hearing", json={"held_on": day.isoformat()})
        ).status_code == 200
        answer = await client.post(
            f"{url}/decide", json={"effective_from": effective_from.isoformat()}
        )
        assert answer.status_code == 200, answer.text
        return sid

    over = await decided(START, START)  # 1 month from START: over before TODAY + 30
    running = await decided(START + timedelta(days=1), START + timedelta(days=1))
    on = START + timedelta(days=32)  # after the first period, inside the second (2 months)
    # after the running one, so that the cap of 30 % at a time holds
    upcoming = await decided(START + timedelta(days=2), START + timedelta(days=70))
    open_one = await proposed(START + timedelta(days=3))
    waived = await proposed(START + timedelta(days=4))
    assert (
        await client.post(f"/sanctions/{waived}/waive", json={"reason": "other"})
    ).status_code == 200

    async with ctx.uow() as uow:
        changed = await end_running_sanctions(uow, person["id"], on)
        await uow.commit()
    assert changed == 3

    async def status(sid: str) -> dict[str, Any]:
        data: dict[str, Any] = (await client.get(f"/sanctions/{sid}")).json()
        return data

    assert (await status(over))["status"] == "decided"
    ended = await status(running)
    assert (ended["status"], ended["end_reason"], ended["end_date"]) == (
        "ended",
        "work_taken_up",
        on.isoformat(),
    )
    assert (await status(upcoming))["status"] == "ended"
    closed = await status(open_one)
    assert (closed["status"], closed["waiver_reason"]) == ("waived", "work_taken_up")
    assert (await status(waived))["waiver_reason"] == "other"

    ended_events = await events(ctx, "sanction-ended.v1")
    assert {e["sanction_id"] for e in ended_events} == {running, upcoming}
    assert all(
        e["reason"] == "work_taken_up" and e["end_date"] == on.isoformat() for e in ended_events
    )
    waived_events = await events(ctx, "sanction-waived.v1")
    assert {e["sanction_id"] for e in waived_events} == {open_one, waived}

    async with ctx.uow() as uow:
        assert await end_running_sanctions(uow, person["id"], on) == 0  # nothing left
        assert await end_running_sanctions(uow, str(uuid.uuid4()), on) == 0
        await uow.commit()

    # a sanction ended because the work was taken up still counts as an earlier breach
    nxt = await refuse(client, refusal_body(person, plc))
    assert nxt["sanction"]["breach_number"] == 4


async def test_migration_0005_up_and_down(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config
    from chassis.store import Database
    from placement.app import MIGRATIONS
    from sqlalchemy import inspect
    from sqlalchemy.engine import Connection

    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'm5.db'}")
    new = {"legal_notice_delivery", "sanction_policy", "sanction"}

    def migrate(connection: Connection, step: str, revision: str) -> set[str]:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        getattr(command, step)(config, revision)
        return set(inspect(connection).get_table_names())

    async with database.engine.begin() as connection:
        assert new <= await connection.run_sync(migrate, "upgrade", "0005")
        assert not new & await connection.run_sync(migrate, "downgrade", "0004")
        assert new <= await connection.run_sync(migrate, "upgrade", "head")
    await database.dispose()
