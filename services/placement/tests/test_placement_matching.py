"""Matching: the pure ranking with its explanation, and GET /participants/{id}/matches."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from placement.domain.matching import Candidate, Seeker, is_neighbour, is_open_for, rank, score

sys.path.insert(0, str(Path(__file__).parent))
from placement_testkit import START, App, as_role, opportunity, participant, placement, provider

TODAY = date(2026, 6, 15)
HOME = "03459004"  # Bad Iburg
NEAR = "03459006"  # Bad Rothenfelde (same district)
FAR = "03151009"  # another district
SEEKER = Seeker(HOME, "asylblg_5", "ar", {"food_bank"})
BASE = Candidate(
    opportunity_id="o",
    title="Arbeit",
    category="workshop",
    municipality_key=HOME,
    legal_bases=("asylblg_5",),
    language_requirement=None,
    free_places=1,
    end_date=None,
    provider_approved=True,
)


def _c(oid: str, **changes: object) -> Candidate:
    return replace(BASE, opportunity_id=oid, title=oid, **changes)  # type: ignore[arg-type]


def test_neighbours_from_the_map_or_the_same_district() -> None:
    assert is_neighbour(HOME, NEAR, {}) and not is_neighbour(HOME, FAR, {})
    assert not is_neighbour(HOME, NEAR, {HOME: ["03459008"]})
    assert is_neighbour(HOME, FAR, {HOME: [FAR]})


def test_only_open_approved_opportunities_with_a_free_place_for_the_legal_basis() -> None:
    assert is_open_for(BASE, SEEKER, TODAY)
    assert not is_open_for(replace(BASE, free_places=0), SEEKER, TODAY)
    assert not is_open_for(replace(BASE, provider_approved=False), SEEKER, TODAY)
    assert not is_open_for(replace(BASE, end_date=date(2026, 6, 14)), SEEKER, TODAY)
    assert is_open_for(replace(BASE, end_date=TODAY), SEEKER, TODAY)
    assert not is_open_for(replace(BASE, legal_bases=("sgb2_16d",)), SEEKER, TODAY)


def test_score_is_explained_per_criterion() -> None:
    match = score(
        _c("a", category="food_bank", free_places=3, language_requirement="de"), SEEKER, {}
    )
    parts = {p.criterion: (p.points, p.text) for p in match.parts}
    assert parts == {
        "location": (100, "In der Wohngemeinde."),
        "language": (0, "Sprachanforderung (de) nicht erfüllt (bevorzugte Sprache: ar)."),
        "category": (15, "Bevorzugter Tätigkeitsbereich."),
        "capacity": (6, "3 freie Plätze."),
    }
    assert match.score == 121
    assert score(_c("b", language_requirement="ar"), SEEKER, {}).parts[1].points == 20


def test_ranking_order() -> None:
    found = rank(
        SEEKER,
        [
            _c("far-perfect", municipality_key=FAR, category="food_bank", free_places=9),
            _c("near", municipality_key=NEAR),
            _c("home-plain", language_requirement="de"),
            _c("home-preferred", category="food_bank"),
            _c("home-full", free_places=0),
            _c("home-roomy", free_places=4),
        ],
        {},
        TODAY,
    )
    assert [m.candidate.opportunity_id for m in found] == [
        "home-preferred",
        "home-roomy",
        "home-plain",
        "near",
        "far-perfect",
    ]


CANDIDATES = st.lists(
    st.builds(
        Candidate,
        opportunity_id=st.uuids().map(str),
        title=st.text(max_size=5),
        category=st.sampled_from(["food_bank", "workshop", "road_depot"]),
        municipality_key=st.sampled_from([HOME, NEAR, FAR]),
        legal_bases=st.just(("asylblg_5",)),
        language_requirement=st.sampled_from([None, "de", "ar"]),
        free_places=st.integers(0, 12),
        end_date=st.none(),
        provider_approved=st.booleans(),
    ),
    max_size=25,
)


@given(CANDIDATES)
def test_location_always_dominates(candidates: list[Candidate]) -> None:
    """Same municipality before neighbouring before elsewhere, whatever else differs."""
    tiers = {HOME: 0, NEAR: 1, FAR: 2}
    found = rank(SEEKER, candidates, {}, TODAY)
    order = [tiers[m.candidate.municipality_key] for m in found]
    assert order == sorted(order)
    assert all(m.candidate.free_places > 0 and m.candidate.provider_approved for m in found)
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)


async def test_matches_api(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    prov = await provider(client)
    near = await opportunity(client, prov["id"], places=3, municipality_key=NEAR)
    home = await opportunity(client, prov["id"], places=1, language_requirement="ar")
    full = await opportunity(client, prov["id"], places=1)
    sgb2 = await opportunity(client, prov["id"], legal_bases=["sgb2_16d"])
    person = await participant(client, preferred_categories=["food_bank"])
    assert person["preferred_categories"] == ["food_bank"]
    other = await participant(client)
    await placement(client, other["id"], full["id"], START)

    response = await client.get(f"/participants/{person['id']}/matches")
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [i["opportunity_id"] for i in items] == [home["id"], near["id"]]
    assert sgb2["id"] not in {i["opportunity_id"] for i in items}
    assert items[0]["score"] == 100 + 20 + 15 + 2
    assert items[0]["reasons"][1]["text"] == "Sprachanforderung (ar) erfüllt."
    assert items[1]["reasons"][0]["text"] == "In einer Nachbargemeinde."
    limited = await client.get(f"/participants/{person['id']}/matches", params={"limit": 1})
    assert len(limited.json()["items"]) == 1
    provider_staff = as_role(ctx, "provider_staff", prov["id"])
    denied = await client.get(f"/participants/{person['id']}/matches", headers=provider_staff)
    assert denied.status_code == 403
    ghost = "/participants/00000000-0000-4000-8000-000000000000/matches"
    assert (await client.get(ghost)).status_code == 404
