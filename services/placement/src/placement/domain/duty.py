"""The duty to work (§ 5 Abs. 4 AsylbLG): derived, never stored, and always explained.

A person is obliged when able to work (arbeitsfähig), not employed (nicht erwerbstätig),
past school age (the age is an effective-dated policy setting, default 18) and without a
valid exemption (wichtiger Grund) on the day in question.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from gemeinwerk_contracts.vocabulary import JustificationCategory

from placement.domain.violations import Violation, de_date

CATEGORY_DE: dict[JustificationCategory, str] = {
    JustificationCategory.REDUCED_EARNING_CAPACITY: "verminderte Erwerbsfähigkeit",
    JustificationCategory.ILLNESS: "Krankheit",
    JustificationCategory.DISABILITY: "Behinderung",
    JustificationCategory.CARING_FOR_RELATIVES: "Pflege von Angehörigen",
    JustificationCategory.PENSION_AGE: "Erreichen der Altersgrenze",
    JustificationCategory.RAISING_SMALL_CHILD: "Erziehung eines kleinen Kindes",
    JustificationCategory.INTEGRATION_COURSE: "Teilnahme an einem Integrationskurs",
    JustificationCategory.WORK_TRAINING_OR_STUDY: "Aufnahme von Arbeit, Ausbildung oder Studium",
    JustificationCategory.OTHER: "sonstiger wichtiger Grund",
}


@dataclass(frozen=True)
class ExemptionPeriod:
    """A wichtiger Grund: its category and the days it is valid (`valid_until` open)."""

    category: JustificationCategory
    valid_from: date
    valid_until: date | None

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


@dataclass(frozen=True)
class DutyReason:
    """One rule of the duty to work: whether it is met, and why, in German."""

    rule: str
    met: bool
    text: str


@dataclass(frozen=True)
class DutyAssessment:
    """Obliged exactly when every rule is met."""

    on: date
    obliged: bool
    reasons: tuple[DutyReason, ...]


def age_on(birth_date: date, day: date) -> int:
    """Completed years of life on `day`."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def assess_duty(
    *,
    birth_date: date | None,
    able_to_work: bool,
    currently_employed: bool,
    exemptions: Sequence[ExemptionPeriod],
    min_age_years: int,
    on: date,
) -> DutyAssessment:
    """Whether a person is obliged to work on day `on`, with one reason per rule."""
    reasons = (
        _able(able_to_work),
        _not_employed(currently_employed),
        _age(birth_date, min_age_years, on),
        _no_exemption(exemptions, on),
    )
    return DutyAssessment(on, all(r.met for r in reasons), reasons)


def _able(able_to_work: bool) -> DutyReason:
    if able_to_work:
        return DutyReason("able_to_work", True, "Die Person ist arbeitsfähig.")
    return DutyReason("able_to_work", False, "Die Person ist nicht arbeitsfähig.")


def _not_employed(employed: bool) -> DutyReason:
    if employed:
        return DutyReason("not_employed", False, "Die Person ist erwerbstätig.")
    return DutyReason("not_employed", True, "Die Person ist nicht erwerbstätig.")


def _age(birth_date: date | None, min_age: int, on: date) -> DutyReason:
    if birth_date is None:
        return DutyReason(
            "past_school_age",
            False,
            "Das Geburtsdatum ist nicht erfasst; das Alter kann nicht geprüft werden.",
        )
    age = age_on(birth_date, on)
    if age >= min_age:
        text = f"Die Person ist {age} Jahre alt und hat das Mindestalter von {min_age} erreicht."
        return DutyReason("past_school_age", True, text)
    text = f"Die Person ist {age} Jahre alt; das Mindestalter ist {min_age} Jahre."
    return DutyReason("past_school_age", False, text)


def _no_exemption(exemptions: Sequence[ExemptionPeriod], on: date) -> DutyReason:
    valid = sorted((e for e in exemptions if e.valid_on(on)), key=lambda e: e.valid_from)
    if not valid:
        return DutyReason("no_exemption", True, "Es liegt kein gültiger wichtiger Grund vor.")
    texts = [f"{CATEGORY_DE[e.category]} ({_period_de(e)})" for e in valid]
    return DutyReason("no_exemption", False, "Wichtiger Grund: " + "; ".join(texts) + ".")


def _period_de(exemption: ExemptionPeriod) -> str:
    if exemption.valid_until is None:
        return f"seit {de_date(exemption.valid_from)}, unbefristet"
    return f"{de_date(exemption.valid_from)} bis {de_date(exemption.valid_until)}"


def check_exemption_period(valid_from: date, valid_until: date | None) -> Violation | None:
    """An exemption does not end before it starts."""
    if valid_until is None or valid_until >= valid_from:
        return None
    return Violation(
        "valid_until",
        f"Das Ende liegt vor dem Beginn ({de_date(valid_from)}).",
        "end_before_start",
    )
