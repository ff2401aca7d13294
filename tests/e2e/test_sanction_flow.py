"""The legal chain across all four services, on real Kafka, PostgreSQL and SMTP.

A sanction is only lawful if the person was told the consequences beforehand in writing:
placement issues a Zuweisung → notification sends the letter with the Rechtsfolgenbelehrung
as PDF and reports `NoticeDelivered` → placement records the delivery → an unjustified refusal
becomes a sanction proposal → notification sends the Anhörung and informs the case workers →
a case worker records the hearing and decides → notification sends the decision letter.
A second person without any channel never receives the letter, so her refusal can lead to no
sanction, and the case worker is told why.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from gemeinwerk_contracts.topics import NOTIFICATION_PUBLIC, PLACEMENT_PUBLIC

from .flows import create_opportunity, eventually, post, read_topic, start_stack

pytestmark = [pytest.mark.integration, pytest.mark.e2e]


def today() -> date:
    return datetime.now(ZoneInfo("Europe/Berlin")).date()


async def register(
    client: httpx.AsyncClient, url: str, municipality: str, email: str | None, name: str
) -> dict[str, Any]:
    given, family = name.split(" ", 1)
    body: dict[str, Any] = {
        "given_name": given,
        "family_name": family,
        "preferred_language": "ar",
        "municipality_key": municipality,
        "legal_basis": "asylblg_5",
    }
    if email is not None:
        body["email"] = email
    return await post(client, f"{url}/participants", body)  # type: ignore[no-any-return]


def mails_to(messages: list[EmailMessage], address: str) -> list[EmailMessage]:
    return [m for m in messages if address in str(m["To"])]


async def test_sanction_only_after_delivered_legal_notice(
    e2e_kafka, postgres, mail_catcher, service_processes
) -> None:
    stack = start_stack(service_processes, e2e_kafka, postgres, mail_catcher)
    placement = stack.url("placement")
    notification = stack.url("notification")
    municipality = f"99{random.randint(0, 999999):06d}"
    email = f"yusuf.karimi.{uuid.uuid4().hex[:6]}@example.org"
    start = today() + timedelta(days=7)
    async with httpx.AsyncClient(timeout=30) as client:
        yusuf = await register(client, placement, municipality, email, "Yusuf Karimi")
        # no e-mail and no postal address: no letter can reach her
        leyla = await register(client, placement, municipality, None, "Leyla Ahmadi")
        _, opportunity = await create_opportunity(client, placement, municipality, places=3)
        zuweisung: dict[str, dict[str, Any]] = {}
        for person in (yusuf, leyla):
            zuweisung[person["id"]] = await post(
                client,
                f"{placement}/placements",
                {
                    "participant_id": person["id"],
                    "opportunity_id": opportunity,
                    "start_date": start.isoformat(),
                },
            )
        yusuf_placement = zuweisung[yusuf["id"]]["id"]
        leyla_placement = zuweisung[leyla["id"]]["id"]

        async def delivered(placement_id: str) -> bool:
            url = f"{placement}/placements/{placement_id}/legal-notice"
            return bool((await client.get(url)).json()["delivered"])

        await eventually(
            lambda: delivered(yusuf_placement),
            what="placement learned that Yusuf's Zuweisung was delivered",
        )

        async def leyla_notice_failed() -> bool:
            notices = (
                await client.get(
                    f"{notification}/notices", params={"participant_ref": leyla["participant_ref"]}
                )
            ).json()
            return any(
                n["notice_type"] == "assignment" and n["status"] == "no_channel" for n in notices
            )

        await eventually(leyla_notice_failed, what="Leyla's Zuweisung failed for want of a channel")
        assert not await delivered(leyla_placement)

        refusal = {
            "opportunity_id": opportunity,
            "kind": "refused",
            "refusal_date": today().isoformat(),
            "justified": False,
            "legal_notice_given": True,  # a claim; the delivered notice decides
        }
        leyla_refusal = await post(
            client,
            f"{placement}/refusals",
            {**refusal, "participant_id": leyla["id"], "placement_id": leyla_placement},
        )
        assert leyla_refusal["sanction"]["status"] == "not_possible"
        assert "Rechtsfolgenbelehrung" in leyla_refusal["sanction"]["reason"]
        assert leyla_refusal["legal_notice_given"] is False

        yusuf_refusal = await post(
            client,
            f"{placement}/refusals",
            {**refusal, "participant_id": yusuf["id"], "placement_id": yusuf_placement},
        )
        proposal = yusuf_refusal["sanction"]
        assert proposal["status"] == "proposed"
        assert proposal["rule"] == "asylblg_1a" and proposal["duration_months"] == 6
        sanction_url = f"{placement}/sanctions/{proposal['sanction_id']}"

        # The system never decides on its own: no decision without a hearing.
        effective_from = (today().replace(day=1) + timedelta(days=32)).replace(day=1)
        early = await client.post(
            f"{sanction_url}/decide", json={"effective_from": effective_from.isoformat()}
        )
        assert early.status_code == 409, early.text

        async def yusuf_notices() -> dict[str, str]:
            notices = (
                await client.get(
                    f"{notification}/notices", params={"participant_ref": yusuf["participant_ref"]}
                )
            ).json()
            return {n["notice_type"]: n["status"] for n in notices if n["addressee"] != "provider"}

        async def hearing_sent() -> bool:
            notices = await yusuf_notices()
            return (
                notices.get("hearing") == "sent"
                and notices.get("case_worker_hearing_info") == "sent"
            )

        await eventually(hearing_sent, what="the Anhörung and the case workers' information")

        await post(client, f"{sanction_url}/hearing", {"held_on": today().isoformat()}, 200)
        decided = await post(
            client, f"{sanction_url}/decide", {"effective_from": effective_from.isoformat()}, 200
        )
        assert decided["status"] == "decided"

        async def decision_sent() -> bool:
            return (await yusuf_notices()).get("sanction_decision") == "sent"

        await eventually(decision_sent, what="the decision letter was sent")

    # What Yusuf received, by e-mail with the PDF attached.
    mine = mails_to(mail_catcher.messages, email)
    subjects = [str(m["Subject"]) for m in mine]
    assert any("Zuweisung" in s for s in subjects), subjects
    assert any(s.startswith("Anhörung") for s in subjects), subjects
    assert any(s.startswith("Bescheid über eine Leistungsminderung") for s in subjects), subjects
    [letter] = [m for m in mine if "Zuweisung" in str(m["Subject"])]
    attachments = [part.get_content_type() for part in letter.iter_attachments()]
    assert attachments == ["application/pdf"]
    body = letter.get_body(preferencelist=("plain",)).get_content()
    assert "Rechtsfolgenbelehrung" in body and "§ 1a" in body
    # The case workers' mailbox (CASE_WORKER_MAILBOX, default) was informed.
    case_workers = mails_to(mail_catcher.messages, "sachbearbeitung@")
    assert any("Anhörung" in str(m["Subject"]) for m in case_workers), case_workers
    # Nobody wrote to Leyla: she has no channel.
    assert not [m for m in mail_catcher.messages if "Leyla" in str(m)]

    public = await read_topic(stack.kafka, PLACEMENT_PUBLIC)
    kinds = [
        dict(r.headers)["ce_type"].decode()
        for r in public
        if r.key == yusuf["participant_ref"].encode()
    ]
    assert kinds.count("de.gemeinwerk.placement.sanction-proposed.v1") == 1
    assert kinds.count("de.gemeinwerk.placement.sanction-decided.v1") == 1
    leyla_kinds = [
        dict(r.headers)["ce_type"].decode()
        for r in public
        if r.key == leyla["participant_ref"].encode()
    ]
    assert "de.gemeinwerk.placement.sanction-proposed.v1" not in leyla_kinds
    outcomes = await read_topic(stack.kafka, NOTIFICATION_PUBLIC)
    for record in public + outcomes:
        for secret in (b"Yusuf", b"Karimi", b"Leyla", email.encode()):
            assert secret not in record.value, "personal data on a public topic"
