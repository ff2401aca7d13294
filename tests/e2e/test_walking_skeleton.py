"""End to end on real Kafka and PostgreSQL, all four services as separate processes.

A case worker registers a participant, a provider offers a place, the participant starts and
works three days. Then: the allowance to the cent, the German e-mail, the KPIs, CloudEvents
headers on the topics, and no name or e-mail on any public topic.
"""

from __future__ import annotations

import random
import uuid

import httpx
import pytest
from gemeinwerk_contracts.topics import (
    ALLOWANCE_PUBLIC,
    NOTIFICATION_PUBLIC,
    PARTICIPANT_INTERNAL,
    PLACEMENT_PUBLIC,
)

from .flows import (
    assign_and_start,
    create_opportunity,
    eventually,
    post,
    read_topic,
    register_participant,
    start_stack,
)

pytestmark = [pytest.mark.integration, pytest.mark.e2e]

CE_HEADERS = {"ce_id", "ce_type", "ce_source", "ce_specversion", "ce_time", "content-type"}
# Minutes on three days and the allowance they are worth at 80 ct/h, rounded half up per entry:
# 240 min → 320 ct, 200 min → 266.67 → 267 ct, 195 min → 260 ct.
WORKED = {"2026-10-05": 240, "2026-10-06": 200, "2026-10-07": 195}
EXPECTED_CENTS = 320 + 267 + 260


async def test_participant_works_three_days(
    e2e_kafka, postgres, mail_catcher, service_processes
) -> None:
    stack = start_stack(service_processes, e2e_kafka, postgres, mail_catcher)
    placement_url = stack.url("placement")
    # A municipality key of this run only, so that the KPIs can be filtered to it.
    municipality = f"99{random.randint(0, 999999):06d}"
    email = f"amina.haddad.{uuid.uuid4().hex[:6]}@example.org"
    async with httpx.AsyncClient(timeout=30) as client:
        participant = await register_participant(
            client, placement_url, municipality, email, "Amina Haddad"
        )
        ref = participant["participant_ref"]
        _, opportunity_id = await create_opportunity(client, placement_url, municipality, places=2)
        placement = await assign_and_start(
            client, placement_url, participant["id"], opportunity_id, "2026-10-01"
        )
        for day, minutes in WORKED.items():
            await post(
                client,
                f"{placement_url}/placements/{placement['id']}/hours",
                {"work_date": day, "worked_minutes": minutes},
            )
        await post(
            client,
            f"{placement_url}/refusals",
            {
                "participant_id": participant["id"],
                "opportunity_id": opportunity_id,
                "kind": "no_show",
                "refusal_date": "2026-10-08",
                "justified": True,
                "justification_category": "illness",
                "legal_notice_given": True,
            },
        )

        allowance_url = f"{stack.url('allowance')}/participants/{ref}/allowance?month=2026-10"

        async def allowance_complete() -> bool:
            response = await client.get(allowance_url)
            return response.status_code == 200 and response.json()["worked_minutes"] == 635

        await eventually(allowance_complete, what="allowance has all three days")
        allowance = (await client.get(allowance_url)).json()
        assert allowance["total_cents"] == EXPECTED_CENTS

        kpi_url = f"{stack.url('reporting')}/kpis"
        params = {"from": "2026-10", "to": "2026-10", "municipality_key": municipality}

        async def kpis_complete() -> bool:
            month = (await client.get(kpi_url, params=params)).json()["months"][0]
            return month["worked_minutes"] == 635 and month["refusals"] == 1

        await eventually(kpis_complete, what="reporting has the hours and the refusal")
        month = (await client.get(kpi_url, params=params)).json()["months"][0]
        assert month["month"] == "2026-10"
        assert month["placements_started"] == 1
        assert month["placements_ended"] == 0
        assert month["hours_worked"] == "10.58"
        assert month["refusals_unjustified"] == 0
        metrics = (await client.get(f"{stack.url('reporting')}/metrics")).text
        assert "gemeinwerk_reporting_active_placements" in metrics
        assert ref not in metrics

        notices_url = f"{stack.url('notification')}/notices"

        async def notice_sent() -> bool:
            notices = (await client.get(notices_url, params={"participant_ref": ref})).json()
            return sum(n["status"] == "sent" for n in notices) >= 2

        await eventually(notice_sent, what="the assignment letter and the start notice were sent")

    mails = [m for m in mail_catcher.messages if email in str(m["To"])]
    assert len(mails) == 2, "one Zuweisung letter and one start notice for one placement"
    bodies = [m.get_body(preferencelist=("plain",)).get_content() for m in mails]
    assert all("Zuweisung" in str(m["Subject"]) for m in mails)
    assert all("Guten Tag Amina Haddad" in body and "01.10.2026" in body for body in bodies)
    [letter] = [body for body in bodies if "Einsatzort" in body]
    assert "Am Gografenhof 4" in letter and "bei Frau Meyer im Lager" in letter

    public = await read_topic(stack.kafka, PLACEMENT_PUBLIC)
    mine = [r for r in public if r.key == ref.encode()]
    types = sorted(dict(r.headers)["ce_type"].decode() for r in mine)
    assert types == sorted(
        [
            "de.gemeinwerk.placement.obligation-changed.v1",
            "de.gemeinwerk.placement.proposed.v1",
            "de.gemeinwerk.placement.started.v1",
            "de.gemeinwerk.placement.refusal-recorded.v1",
        ]
        + ["de.gemeinwerk.placement.hours-logged.v1"] * 3
    )
    for record in mine:
        headers = dict(record.headers)
        assert set(headers) >= CE_HEADERS, f"missing CloudEvents headers: {headers}"
        assert headers["ce_specversion"] == b"1.0"
        assert headers["ce_dataclassification"] == b"pseudonymous"
    notices = await read_topic(stack.kafka, NOTIFICATION_PUBLIC)
    delivered = [r for r in notices if r.key == ref.encode()]
    outcomes = [dict(r.headers)["ce_type"] for r in delivered]
    # the Zuweisung letter and the start notice to Amina, and the provider's start information
    assert len(outcomes) >= 2
    assert set(outcomes) == {b"de.gemeinwerk.notification.notice-delivered.v1"}
    every_public = public + notices + await read_topic(stack.kafka, ALLOWANCE_PUBLIC, 2.0)
    for record in every_public:
        for secret in (b"Amina", b"Haddad", email.encode(), b"Gografenhof"):
            assert secret not in record.value, "personal data on a public topic"
            assert all(secret not in value for _, value in record.headers)

    internal = await read_topic(stack.kafka, PARTICIPANT_INTERNAL)
    registered = [r for r in internal if r.key == ref.encode()]
    assert len(registered) == 1
    assert dict(registered[0].headers)["ce_dataclassification"] == b"personal"
    assert email.encode() in registered[0].value
