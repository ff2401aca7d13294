"""Provider approval and the for-profit exclusion from § 5 AsylbLG work."""

from __future__ import annotations

import sys
from pathlib import Path

from gemeinwerk_contracts.topics import PLACEMENT_INTERNAL
from placement.app import build
from placement.domain.provider import check_approvable, check_approved, check_for_profit
from placement.settings import Settings
from placement.store.tables import provider_table
from sqlalchemy import update

sys.path.insert(0, str(Path(__file__).parent))
from placement_testkit import (
    START,
    App,
    as_role,
    field_of,
    opportunity,
    outbox,
    participant,
    provider,
)


def test_provider_rules() -> None:
    assert check_approved(True, "provider_id") is None
    pending = check_approved(False, "provider_id")
    assert pending is not None and pending.field == "provider_id" and not pending.conflict
    assert check_for_profit(False, ["asylblg_5"]) is None
    assert check_for_profit(True, ["sgb2_16d"]) is None
    for_profit = check_for_profit(True, ["sgb2_16d", "asylblg_5"])
    assert for_profit is not None and for_profit.field == "legal_bases"
    assert "gewinnorientierter Träger" in for_profit.message
    assert check_approvable(False) is None
    again = check_approvable(True)
    assert again is not None and again.conflict


async def test_pending_provider_cannot_publish_until_approved(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    pending = await provider(client, approve=False)
    assert pending["status"] == "pending" and pending["approved_at"] is None
    body = {
        "provider_id": pending["id"],
        "title": "Grünpflege",
        "category": "green_space_care",
        "municipality_key": "03459004",
        "places": 2,
        "hours_per_week": "15",
        "legal_bases": ["asylblg_5"],
        "site_address": {"street": "Schlossstraße 1", "postal_code": "49186", "city": "Bad Iburg"},
        "reporting_instructions": "Montag 8 Uhr am Bauhof.",
    }
    draft = await client.post("/opportunities", json=body)
    assert draft.status_code == 201 and draft.json()["status"] == "draft"
    publish = f"/opportunities/{draft.json()['id']}/publish"
    refused = await client.post(publish)
    assert refused.status_code == 422 and field_of(refused) == ["body", "provider_id"]
    assert "noch nicht vom Landkreis zugelassen" in refused.json()["detail"][0]["msg"]

    worker = as_role(ctx, "case_worker", "*")
    url = f"/providers/{pending['id']}/approve"
    assert (await client.post(url, headers=worker)).status_code == 403
    approved = await client.post(url)
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert approved.json()["approved_at"] is not None
    assert (await client.post(url)).status_code == 409
    assert (await client.get(f"/providers/{pending['id']}")).json()["status"] == "approved"
    published = await client.post(publish)
    assert published.status_code == 200 and published.json()["status"] == "open"
    ghost = "/providers/00000000-0000-4000-8000-000000000000/approve"
    assert (await client.post(ghost)).status_code == 404


async def test_for_profit_provider_is_rejected_for_asylblg_work(sqlite_app: App) -> None:
    _, client = sqlite_app
    firm = await provider(client, name="Garten GmbH", kind="municipal", for_profit=True)
    assert firm["for_profit"] is True
    body = {
        "provider_id": firm["id"],
        "title": "Gartenarbeit",
        "category": "green_space_care",
        "municipality_key": "03459004",
        "places": 1,
        "hours_per_week": "10",
        "legal_bases": ["sgb2_16d", "asylblg_5"],
    }
    refused = await client.post("/opportunities", json=body)
    assert refused.status_code == 422 and field_of(refused) == ["body", "legal_bases"]
    assert "§ 5 AsylbLG" in refused.json()["detail"][0]["msg"]
    sgb2 = await client.post("/opportunities", json=body | {"legal_bases": ["sgb2_16d"]})
    assert sgb2.status_code == 201


async def test_placement_needs_an_approved_provider(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    prov = await provider(client)
    opp = await opportunity(client, prov["id"])
    person = await participant(client)
    async with ctx.uow() as uow:  # e.g. an approval withdrawn later
        await uow.session.execute(update(provider_table).values(status="pending"))
        await uow.commit()
    body = {"participant_id": person["id"], "opportunity_id": opp["id"], "start_date": str(START)}
    refused = await client.post("/placements", json=body)
    assert refused.status_code == 422 and field_of(refused) == ["body", "opportunity_id"]


async def test_approval_can_be_switched_off(tmp_path: Path) -> None:
    import httpx
    from chassis.store.migrations import upgrade
    from placement.app import MIGRATIONS

    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'p.db'}",
        provider_approval_required=False,
    )
    runtime, app = build(settings)
    await upgrade(runtime.database, MIGRATIONS)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://p") as c:
        prov = await provider(c, approve=False, contact_name="Frau Meyer")
        assert prov["status"] == "approved" and prov["approved_at"] is not None
        await opportunity(c, prov["id"])
        [contact] = [
            e for e in await outbox(app.state.placement) if e["topic"] == PLACEMENT_INTERNAL
        ]
        assert contact["data"]["provider_id"] == prov["id"]
        assert contact["data"]["contact_name"] == "Frau Meyer"
    await runtime.database.dispose()
