"""The duty to work: one unit test per rule, the effective-dated age, and the API."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from gemeinwerk_contracts.vocabulary import JustificationCategory as J
from placement.domain.duty import ExemptionPeriod, age_on, assess_duty, check_exemption_period

sys.path.insert(0, str(Path(__file__).parent))
from placement_testkit import App, as_role, field_of, participant

ON = date(2026, 6, 15)
ADULT = date(1990, 1, 1)


def _assess(**changes: object) -> tuple[bool, dict[str, tuple[bool, str]]]:
    facts: dict[str, object] = {
        "birth_date": ADULT,
        "able_to_work": True,
        "currently_employed": False,
        "exemptions": [],
        "min_age_years": 18,
        "on": ON,
    }
    result = assess_duty(**{**facts, **changes})  # type: ignore[arg-type]
    assert result.on == ON
    return result.obliged, {r.rule: (r.met, r.text) for r in result.reasons}


def test_obliged_when_every_rule_is_met_and_all_reasons_are_given() -> None:
    obliged, reasons = _assess()
    assert obliged
    assert list(reasons) == ["able_to_work", "not_employed", "past_school_age", "no_exemption"]
    assert all(met for met, _ in reasons.values())
    assert reasons["past_school_age"][1] == (
        "Die Person ist 36 Jahre alt und hat das Mindestalter von 18 erreicht."
    )


def test_not_able_to_work_is_not_obliged() -> None:
    obliged, reasons = _assess(able_to_work=False)
    assert not obliged and reasons["able_to_work"] == (False, "Die Person ist nicht arbeitsfähig.")


def test_employed_is_not_obliged() -> None:
    obliged, reasons = _assess(currently_employed=True)
    assert not obliged and reasons["not_employed"] == (False, "Die Person ist erwerbstätig.")


def test_school_age_ends_on_the_birthday_of_the_set_age() -> None:
    assert age_on(date(2008, 6, 15), ON) == 18 and age_on(date(2008, 6, 16), ON) == 17
    assert _assess(birth_date=date(2008, 6, 15))[0]
    obliged, reasons = _assess(birth_date=date(2008, 6, 16))
    assert not obliged
    assert reasons["past_school_age"] == (
        False,
        "Die Person ist 17 Jahre alt; das Mindestalter ist 18 Jahre.",
    )
    assert _assess(birth_date=date(2008, 6, 16), min_age_years=16)[0]


def test_unknown_birth_date_is_not_obliged() -> None:
    obliged, reasons = _assess(birth_date=None)
    assert not obliged and "Geburtsdatum ist nicht erfasst" in reasons["past_school_age"][1]


def test_a_valid_exemption_on_the_day_frees_from_the_duty() -> None:
    course = ExemptionPeriod(J.INTEGRATION_COURSE, date(2026, 6, 1), date(2026, 6, 15))
    obliged, reasons = _assess(exemptions=[course])
    assert not obliged
    assert reasons["no_exemption"] == (
        False,
        "Wichtiger Grund: Teilnahme an einem Integrationskurs (01.06.2026 bis 15.06.2026).",
    )
    expired = ExemptionPeriod(J.ILLNESS, date(2026, 5, 1), date(2026, 6, 14))
    future = ExemptionPeriod(J.ILLNESS, date(2026, 6, 16), None)
    assert _assess(exemptions=[expired, future])[0]
    open_ended = ExemptionPeriod(J.CARING_FOR_RELATIVES, date(2026, 1, 1), None)
    assert "seit 01.01.2026, unbefristet" in _assess(exemptions=[open_ended])[1]["no_exemption"][1]


def test_exemption_period_must_not_end_before_it_starts() -> None:
    assert check_exemption_period(ON, None) is None and check_exemption_period(ON, ON) is None
    bad = check_exemption_period(ON, date(2026, 6, 14))
    assert bad is not None and bad.field == "valid_until"


async def test_duty_api_with_exemption_and_age_policy(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    person = await participant(client, birth_date="2009-03-01")
    url = f"/participants/{person['id']}"
    assert person["able_to_work"] is True and person["currently_employed"] is False

    young = await client.get(f"{url}/duty", params={"on": "2026-06-15"})
    assert young.status_code == 200 and young.json()["obliged"] is False
    age_policy = {"valid_from": "2026-01-01", "min_age_years": 17}
    assert (await client.post("/policies/duty", json=age_policy)).status_code == 201
    now_obliged = (await client.get(f"{url}/duty", params={"on": "2026-06-15"})).json()
    assert now_obliged["obliged"] is True and len(now_obliged["reasons"]) == 4
    before_policy = (await client.get(f"{url}/duty", params={"on": "2025-12-31"})).json()
    assert before_policy["obliged"] is False  # 16 years old then, and 18 applied

    body = {"category": "illness", "valid_from": "2026-06-01", "valid_until": "2026-06-30"}
    added = await client.post(f"{url}/exemptions", json=body)
    assert added.status_code == 201 and added.json()["category"] == "illness"
    ill = (await client.get(f"{url}/duty", params={"on": "2026-06-15"})).json()
    assert ill["obliged"] is False
    assert ill["reasons"][3]["text"] == "Wichtiger Grund: Krankheit (01.06.2026 bis 30.06.2026)."
    assert (await client.get(f"{url}/duty", params={"on": "2026-07-01"})).json()["obliged"]

    backwards = await client.post(f"{url}/exemptions", json=body | {"valid_until": "2026-05-01"})
    assert backwards.status_code == 422 and field_of(backwards) == ["body", "valid_until"]
    unknown = await client.post(
        "/participants/00000000-0000-4000-8000-000000000000/exemptions", json=body
    )
    assert unknown.status_code == 404
    elsewhere = as_role(ctx, "case_worker", "03459008")
    assert (await client.get(f"{url}/duty", headers=elsewhere)).status_code == 403
    provider_staff = as_role(ctx, "provider_staff", "*")
    assert (
        await client.post(f"{url}/exemptions", json=body, headers=provider_staff)
    ).status_code == 403

    employed = await participant(client, currently_employed=True)
    duty = (await client.get(f"/participants/{employed['id']}/duty")).json()
    assert duty["obliged"] is False and duty["reasons"][1]["met"] is False
