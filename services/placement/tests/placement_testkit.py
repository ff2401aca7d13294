"""Request builders shared by the placement API tests (a unique module name: the tests
of all services run in one pytest process)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import httpx
from chassis.store import outbox_table
from placement import clock
from placement.context import PlacementContext
from sqlalchemy import func, select

MUNICIPALITY = "03459004"  # Bad Iburg


async def created(client: httpx.AsyncClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    """POST and insist on 201."""
    response = await client.post(path, json=body)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data


async def provider(client: httpx.AsyncClient, approve: bool = True, **extra: Any) -> dict[str, Any]:
    """A provider, approved by the (anonymous) coordinator unless `approve` is false."""
    body = {"name": "Tafel Bad Iburg e. V.", "kind": "non_profit", "municipality_key": MUNICIPALITY}
    registered = await created(client, "/providers", {**body, **extra})
    if not approve:
        return registered
    response = await client.post(f"/providers/{registered['id']}/approve")
    assert response.status_code == 200, response.text
    approved: dict[str, Any] = response.json()
    return approved


SITE = {"street": "Am Gografenhof 4", "postal_code": "49186", "city": "Bad Iburg"}
REPORTING = "Montag 9 Uhr bei Frau Meyer im Lager melden."
ATTESTED = {"additional": True, "public_interest": True, "competition_neutral": True}


def opportunity_body(provider_id: str, places: int = 1, **extra: Any) -> dict[str, Any]:
    """A complete opportunity body (publishable; § 16d attested)."""
    return {
        "provider_id": provider_id,
        "title": "Ausgabe von Lebensmitteln",
        "category": "food_bank",
        "municipality_key": MUNICIPALITY,
        "places": places,
        "hours_per_week": "20",
        "legal_bases": ["asylblg_5"],
        "start_date": (TODAY - timedelta(days=800)).isoformat(),
        "site_address": SITE,
        "reporting_instructions": REPORTING,
        "attestations": ATTESTED,
        **extra,
    }


async def opportunity(
    client: httpx.AsyncClient,
    provider_id: str,
    places: int = 1,
    publish: bool = True,
    **extra: Any,
) -> dict[str, Any]:
    """An opportunity, published (open) unless `publish` is false (then a draft)."""
    draft = await created(client, "/opportunities", opportunity_body(provider_id, places, **extra))
    if not publish:
        return draft
    response = await client.post(f"/opportunities/{draft['id']}/publish")
    assert response.status_code == 200, response.text
    published: dict[str, Any] = response.json()
    return published


async def participant(client: httpx.AsyncClient, **extra: Any) -> dict[str, Any]:
    body = {
        "given_name": "Amina",
        "family_name": "Haddad",
        "birth_date": "1994-05-17",
        "preferred_language": "ar",
        "email": "amina.haddad@example.org",
        "postal_address": {"street": "Große Straße 1", "postal_code": "49186", "city": "Bad Iburg"},
        "municipality_key": MUNICIPALITY,
        "legal_basis": "asylblg_5",
        **extra,
    }
    return await created(client, "/participants", body)


async def proposal(
    client: httpx.AsyncClient,
    participant_id: str,
    opportunity_id: str,
    start: date,
    **extra: Any,
) -> dict[str, Any]:
    """A proposed placement (a Zuweisung issued, not started)."""
    body = {
        "participant_id": participant_id,
        "opportunity_id": opportunity_id,
        "start_date": start.isoformat(),
        **extra,
    }
    return await created(client, "/placements", body)


async def placement(
    client: httpx.AsyncClient, participant_id: str, opportunity_id: str, start: date
) -> dict[str, Any]:
    """A placement proposed and started (the provider confirmed the start)."""
    proposed = await proposal(client, participant_id, opportunity_id, start)
    response = await client.post(f"/placements/{proposed['id']}/start")
    assert response.status_code == 200, response.text
    started: dict[str, Any] = response.json()
    return started


def field_of(response: httpx.Response) -> list[Any]:
    """The loc of the first error of a 4xx answer."""
    loc: list[Any] = response.json()["detail"][0]["loc"]
    return loc


App = tuple[PlacementContext, httpx.AsyncClient]
TODAY = clock.today()
START = TODAY - timedelta(days=20)
GHOST = "00000000-0000-4000-8000-000000000000"


async def outbox(ctx: PlacementContext) -> list[dict[str, Any]]:
    """Events in the outbox (the runtime is not started in SQLite tests, so they stay)."""
    async with ctx.runtime.database.session() as session:
        rows = (await session.execute(select(outbox_table).order_by(outbox_table.c.seq))).all()
    return [
        {**row._mapping, "headers": dict(json.loads(row.headers)), "data": json.loads(row.payload)}
        for row in rows
    ]


async def count(ctx: PlacementContext, table: Any) -> int:
    """Rows in a table."""
    async with ctx.runtime.database.session() as session:
        return int((await session.execute(select(func.count()).select_from(table))).scalar_one())


async def placed(client: httpx.AsyncClient, places: int = 1) -> tuple[dict[str, Any], ...]:
    """Provider, opportunity, participant and a placement starting at START."""
    prov = await provider(client)
    opp = await opportunity(client, prov["id"], places=places)
    person = await participant(client)
    return prov, opp, person, await placement(client, person["id"], opp["id"], START)


def as_role(ctx: PlacementContext, role: str, scope: str = "*") -> dict[str, str]:
    """Headers of a caller in `role` with `scope` (a dev token)."""
    from chassis.auth import Principal, Role, issue_dev_token

    secret = ctx.settings.auth_dev_secret.get_secret_value()
    principal = Principal(subject=f"{role}-1", role=Role(role), scope=scope)
    return {"Authorization": f"Bearer {issue_dev_token(principal, secret)}"}
