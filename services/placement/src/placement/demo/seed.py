"""Fill a placement service with the demo district through its REST API (synthetic people).

Everything goes through the API, so every rule applies and every event is published.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import date, timedelta

import httpx

from placement.demo.district import (
    FAMILY_NAMES,
    GIVEN_NAMES,
    LANGUAGES,
    MUNICIPAL_CATEGORIES,
    MUNICIPALITIES,
)
from placement.demo.offers import Json, post, providers_and_offers


async def seed(
    client: httpx.AsyncClient,
    *,
    today: date,
    participants: int = 300,
    months: int = 3,
    seed_value: int = 3459,
) -> Counter[str]:
    """Providers (approved), 66 published opportunities, participants, Zuweisungen chosen by
    matching (most started, some refused or not taken up, a few still proposed), monthly
    sheets of hours, some ends and refusals. Returns what was created."""
    rng = random.Random(seed_value)
    made: Counter[str] = Counter()
    first_start = today - timedelta(days=30 * months)
    offers = await providers_and_offers(client, rng, made, first_start - timedelta(days=30))
    people = await _participants(client, rng, participants, made)
    placed: dict[str, list[tuple[str, date]]] = defaultdict(list)  # provider → placements
    for index, person in enumerate(people):
        if index % 11 == 10:  # about 1 in 11 has a wichtiger Grund: not obliged, not placed
            await _exemption(client, rng, person["id"], today, made)
            continue
        matches = (await client.get(f"/participants/{person['id']}/matches?limit=10")).json()
        # only the demo's own offers: the store may hold others (e.g. from the README's flow)
        ours = [m["opportunity_id"] for m in matches["items"] if m["opportunity_id"] in offers]
        if not ours or rng.random() < 0.1:
            continue
        top = ours[0]
        if rng.random() < 0.08:
            await _refusal(client, rng, person["id"], top, today, made)
            continue
        start = first_start + timedelta(days=rng.randrange(0, 30 * months - 7))
        body = {"participant_id": person["id"], "opportunity_id": top, "start_date": str(start)}
        response = await client.post("/placements", json=body)
        if response.status_code == 201:
            made["proposals"] += 1
            placement_id = response.json()["id"]
            if await _take_up(client, rng, person["id"], placement_id, start, today, made):
                placed[offers[top]].append((placement_id, start))
                made["placements"] += 1
        elif rng.random() < 0.3:
            await _refusal(client, rng, person["id"], top, today, made)
    for provider_id, rows in placed.items():
        await _sheet(client, rng, provider_id, rows, today, made)
    for rows in placed.values():
        for placement_id, start in rows[:1]:
            end = {"end_date": str(today - timedelta(days=1)), "reason": "regular_employment"}
            if start < today - timedelta(days=1):
                await post(client, f"/placements/{placement_id}/end", end)
                made["placements_ended"] += 1
    return made


async def _take_up(
    client: httpx.AsyncClient,
    rng: random.Random,
    participant_id: str,
    placement_id: str,
    start: date,
    today: date,
    made: Counter[str],
) -> bool:
    """Most Zuweisungen are taken up (the provider confirms the start); some are refused or
    not taken up (recorded as refusals of the placement), a few stay proposed."""
    roll = rng.random()
    if start > today:
        return False
    if roll < 0.85:
        await post(client, f"/placements/{placement_id}/start")
        return True
    if roll < 0.95:
        justified = rng.random() < 0.3
        body = {
            "participant_id": participant_id,
            "placement_id": placement_id,
            "kind": "no_show" if roll < 0.9 else "refused",
            "refusal_date": str(min(start, today)),
            "justified": justified,
            "justification_category": "illness" if justified else None,
            "legal_notice_given": True,
        }
        await post(client, "/refusals", body)
        made["refusals"] += 1
        made["proposals_refused"] += 1
    return False


async def _participants(
    client: httpx.AsyncClient, rng: random.Random, count: int, made: Counter[str]
) -> list[Json]:
    people = []
    for index in range(count):
        m = rng.choice(MUNICIPALITIES)
        body = {
            "given_name": rng.choice(GIVEN_NAMES),
            "family_name": rng.choice(FAMILY_NAMES),
            "birth_date": str(
                date(rng.randint(1965, 2006), rng.randint(1, 12), rng.randint(1, 28))
            ),
            "preferred_language": rng.choice(LANGUAGES),
            "email": f"demo.{index}@example.org",
            "municipality_key": m.key,
            "legal_basis": "sgb2_16d" if rng.random() < 0.2 else "asylblg_5",
            "preferred_categories": rng.sample(
                sorted(set(MUNICIPAL_CATEGORIES) | {"food_bank", "animal_shelter"}), 2
            ),
        }
        people.append(await post(client, "/participants", body))
        made["participants"] += 1
    return people


async def _exemption(
    client: httpx.AsyncClient,
    rng: random.Random,
    participant_id: str,
    today: date,
    made: Counter[str],
) -> None:
    category = rng.choice(["integration_course", "illness", "raising_small_child"])
    body = {
        "category": category,
        "valid_from": str(today - timedelta(days=rng.randint(10, 60))),
        "valid_until": str(today + timedelta(days=rng.randint(30, 180))),
    }
    await post(client, f"/participants/{participant_id}/exemptions", body)
    made["exemptions"] += 1


async def _refusal(
    client: httpx.AsyncClient,
    rng: random.Random,
    participant_id: str,
    opportunity_id: str,
    today: date,
    made: Counter[str],
) -> None:
    justified = rng.random() < 0.4
    body = {
        "participant_id": participant_id,
        "opportunity_id": opportunity_id,
        "kind": "refused",
        "refusal_date": str(today - timedelta(days=rng.randint(1, 20))),
        "justified": justified,
        "justification_category": "illness" if justified else None,
        "legal_notice_given": True,
    }
    await post(client, "/refusals", body)
    made["refusals"] += 1


async def _sheet(
    client: httpx.AsyncClient,
    rng: random.Random,
    provider_id: str,
    rows: list[tuple[str, date]],
    today: date,
    made: Counter[str],
) -> None:
    """One CSV sheet (semicolon, Windows-1252, German dates) for all of a provider's placements:
    3 to 4 hours on weekdays (at most 20 h a week and 92 h a month)."""
    lines = ["Zuweisung;Datum;Stunden;Tätigkeit"]
    for placement_id, start in rows:
        day = start
        while day < today - timedelta(days=1):
            if day.weekday() < 5:
                lines.append(
                    f"{placement_id};{day:%d.%m.%Y};{rng.choice(['3', '3,5', '4'])};Arbeit"
                )
            day += timedelta(days=1)
    data = "\r\n".join(lines).encode("cp1252")
    report = await _post_file(client, f"/providers/{provider_id}/timesheets", data)
    made["hours_entries"] += int(report["applied"])


async def _post_file(client: httpx.AsyncClient, path: str, data: bytes) -> Json:
    response = await client.post(
        path, files={"file": ("stunden.csv", data, "text/csv")}, timeout=300
    )
    if response.status_code != 200:
        raise RuntimeError(f"POST {path}: {response.status_code} {response.text}")
    report: Json = response.json()
    return report
