"""The demo district's providers (all approved) and its 66 offers with 300 places."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date
from typing import Any

import httpx

from placement.demo.district import (
    DISTRICT_CATEGORIES,
    MUNICIPAL_CATEGORIES,
    MUNICIPALITIES,
    NON_PROFITS,
)

Json = dict[str, Any]


async def post(client: httpx.AsyncClient, path: str, body: Json | None = None) -> Json:
    """POST and insist on 200 or 201."""
    response = await client.post(path, json=body)
    if response.status_code not in (200, 201):
        raise RuntimeError(f"POST {path}: {response.status_code} {response.text}")
    data: Json = response.json()
    return data


async def providers_and_offers(
    client: httpx.AsyncClient, rng: random.Random, made: Counter[str], start: date
) -> dict[str, str]:
    """66 offers, published from `start`: 36 municipal (150 places), 10 district (50),
    20 non-profit (100)."""
    offers: dict[str, str] = {}

    async def provider(name: str, kind: str, key: str) -> str:
        body = {
            "name": name,
            "kind": kind,
            "municipality_key": key,
            "contact_name": "Koordination Arbeitsgelegenheiten",
            "email": f"agh.{len(offers)}.{rng.randrange(10**6)}@example.org",
            "postal_address": {
                "street": "Hauptstraße 1",
                "postal_code": "49090",
                "city": name[-40:],
            },
        }
        created = await post(client, "/providers", body)
        await post(client, f"/providers/{created['id']}/approve")
        made["providers"] += 1
        return str(created["id"])

    async def offer(provider_id: str, key: str, category: str, places: int, title: str) -> None:
        bases = ["asylblg_5", "sgb2_16d"] if rng.random() < 0.3 else ["asylblg_5"]
        body = {
            "provider_id": provider_id,
            "title": title,
            "category": category,
            "municipality_key": key,
            "places": places,
            "hours_per_week": rng.choice(["15", "20", "25"]),
            "legal_bases": bases,
            "language_requirement": "de" if rng.random() < 0.2 else None,
            "start_date": str(start),
            "site_address": {
                "street": f"Am Bauhof {rng.randint(1, 40)}",
                "postal_code": "49090",
                "city": title.split()[-1][:100],
            },
            "reporting_instructions": "Am ersten Tag um 8 Uhr bei der Leitung vor Ort melden.",
        }
        if "sgb2_16d" in bases:
            body["description"] = "zusätzlich, im öffentlichen Interesse, wettbewerbsneutral"
            body["attestations"] = {
                "additional": True,
                "public_interest": True,
                "competition_neutral": True,
            }
        created = await post(client, "/opportunities", body)
        await post(client, f"/opportunities/{created['id']}/publish")
        offers[created["id"]] = provider_id
        made["opportunities"] += 1
        made["places"] += places

    municipal = [await provider(f"Gemeinde {m.name}", "municipal", m.key) for m in MUNICIPALITIES]
    for index in range(36):
        m = MUNICIPALITIES[index % len(MUNICIPALITIES)]
        category = MUNICIPAL_CATEGORIES[index % len(MUNICIPAL_CATEGORIES)]
        places = 5 if index < 6 else 4
        await offer(
            municipal[index % len(municipal)], m.key, category, places, f"{category} {m.name}"
        )
    district = await provider("Landkreis Osnabrück", "district", MUNICIPALITIES[0].key)
    for index in range(10):
        m = MUNICIPALITIES[(index * 2) % len(MUNICIPALITIES)]
        category = DISTRICT_CATEGORIES[index % len(DISTRICT_CATEGORIES)]
        await offer(district, m.key, category, 5, f"Landkreis: {category} in {m.name}")
    for index in range(20):
        name, category = NON_PROFITS[index % len(NON_PROFITS)]
        m = MUNICIPALITIES[(index * 3) % len(MUNICIPALITIES)]
        charity = await provider(f"{name} {m.name} e. V.", "non_profit", m.key)
        await offer(charity, m.key, category, 5, f"{name} {m.name}")
    return offers
