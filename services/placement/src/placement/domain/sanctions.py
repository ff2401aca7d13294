"""Sanctions (Leistungseinschränkung § 1a AsylbLG, Leistungsminderung §§ 31, 31a SGB II):
when one may be proposed, which rule applies, and what a person may decide.

The system only proposes. A case worker holds the hearing (Anhörung) and decides or waives.
The rules are effective-dated policy versions per legal basis (`SanctionPolicy`); the
defaults below apply before the first stored version.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from gemeinwerk_contracts.vocabulary import (
    LegalBasis,
    SanctionEndReason,
    SanctionRule,
    SanctionWaiverReason,
)

from placement.domain.policy import Schedule
from placement.domain.violations import Violation, de_date

ASYLBLG_MAX_MONTHS = 6
"""§ 14 Abs. 1 AsylbLG: a § 1a reduction lasts at most six months."""


class SanctionStatus(StrEnum):
    PROPOSED = "proposed"
    DECIDED = "decided"
    WAIVED = "waived"
    ENDED = "ended"


@dataclass(frozen=True)
class SanctionStep:
    """One step of the SGB II ladder: the reduction in percent of the Regelbedarf and its
    duration in months."""

    percent: int | None
    months: int


@dataclass(frozen=True)
class SanctionPolicy:
    """A version of the sanction rule of one legal basis, in force from `valid_from`.

    - `asylblg_5` → rule `asylblg_1a`: benefits reduced to the § 1a level; `steps` holds one
      step without `percent` (no percentage applies) and the proposed duration (≤ 6 months).
    - `sgb2_16d` → rule `sgb2_31a`: the n-th breach within `lookback_months` gets step n (the
      last step for any further breach), capped at `cap_percent`.
    """

    legal_basis: LegalBasis
    valid_from: date
    steps: tuple[SanctionStep, ...]
    cap_percent: int | None
    lookback_months: int

    @property
    def rule(self) -> SanctionRule:
        return rule_for(self.legal_basis)


def rule_for(legal_basis: LegalBasis) -> SanctionRule:
    return SanctionRule.ASYLBLG_1A if legal_basis is LegalBasis.ASYLBLG_5 else SanctionRule.SGB2_31A


DEFAULT_POLICIES: dict[LegalBasis, SanctionPolicy] = {
    LegalBasis.ASYLBLG_5: SanctionPolicy(
        LegalBasis.ASYLBLG_5, date.min, (SanctionStep(None, ASYLBLG_MAX_MONTHS),), None, 12
    ),
    LegalBasis.SGB2_16D: SanctionPolicy(
        LegalBasis.SGB2_16D,
        date.min,
        (SanctionStep(10, 1), SanctionStep(20, 2), SanctionStep(30, 3)),
        30,
        12,
    ),
}
"""The rules before the first stored version: § 1a level for 6 months (AsylbLG);
10 % / 1 month, 20 % / 2 months, 30 % / 3 months within a year, at most 30 % (SGB II)."""


def check_policy(policy: SanctionPolicy) -> Violation | None:
    """A version is consistent with its legal basis and the statutes' outer limits."""
    if any(not 1 <= s.months <= ASYLBLG_MAX_MONTHS for s in policy.steps):
        return Violation(
            "steps",
            f"Eine Stufe dauert 1 bis {ASYLBLG_MAX_MONTHS} Monate (§ 14 AsylbLG, § 31b SGB II).",
            "step_months",
        )
    if policy.legal_basis is LegalBasis.ASYLBLG_5:
        if len(policy.steps) != 1 or policy.steps[0].percent is not None:
            return Violation(
                "steps",
                "Für § 1a AsylbLG gibt es genau eine Stufe ohne Prozentsatz (nur die Dauer).",
                "asylblg_shape",
            )
        if policy.cap_percent is not None:
            return Violation(
                "cap_percent",
                "Für § 1a AsylbLG gibt es keine Obergrenze in Prozent.",
                "asylblg_shape",
            )
        return None
    if policy.cap_percent is None:
        return Violation("cap_percent", "Bitte die Obergrenze in Prozent angeben.", "cap_missing")
    percents = [s.percent for s in policy.steps]
    if any(p is None for p in percents):
        return Violation(
            "steps", "Jede Stufe nach § 31a SGB II nennt ihren Prozentsatz.", "step_percent"
        )
    if percents != sorted(p for p in percents if p is not None):
        return Violation(
            "steps",
            "Die Stufen müssen mit jeder weiteren Pflichtverletzung gleich bleiben oder steigen.",
            "steps_not_monotone",
        )
    return None


@dataclass(frozen=True)
class Proposal:
    """What the policy in force proposes for one unjustified refusal."""

    rule: SanctionRule
    rule_valid_from: date
    breach_number: int
    reduction_percent: int | None
    duration_months: int


def breaches_in_window(
    refusal_date: date, lookback_months: int, earlier_starts: Iterable[date]
) -> int:
    """Earlier decided sanctions that count as previous breaches: those whose period began
    no more than `lookback_months` before the refusal (§ 31a Abs. 1 S. 4 SGB II: "seit dem
    Beginn des vorangegangenen Minderungszeitraums nicht mehr als ein Jahr vergangen")."""
    since = add_months(refusal_date, -lookback_months)
    return sum(1 for start in earlier_starts if start >= since)


def propose(
    policies: Schedule[SanctionPolicy], refusal_date: date, earlier_starts: Iterable[date]
) -> Proposal:
    """The proposal of the version in force on the refusal day.

    `earlier_starts` are the `effective_from` days of the participant's earlier decided
    sanctions under the same rule (waived ones and open proposals do not count).
    """
    policy = policies.on(refusal_date)
    breach = 1 + breaches_in_window(refusal_date, policy.lookback_months, earlier_starts)
    step = policy.steps[min(breach, len(policy.steps)) - 1]
    percent: int | None = None
    if policy.rule is SanctionRule.SGB2_31A:
        assert policy.cap_percent is not None and step.percent is not None
        percent = min(step.percent, policy.cap_percent)
    months = min(step.months, ASYLBLG_MAX_MONTHS)
    return Proposal(policy.rule, policy.valid_from, breach, percent, months)


@dataclass(frozen=True)
class Sanction:
    """A proposal and what became of it."""

    id: str
    participant_id: str
    refusal_id: str
    placement_id: str | None
    legal_basis: LegalBasis
    rule: SanctionRule
    rule_valid_from: date
    breach_number: int
    refusal_date: date
    proposed_percent: int | None
    proposed_months: int
    legal_notice_id: str
    proposed_date: date
    status: SanctionStatus
    hearing_date: date | None = None
    hearing_summary: str | None = None
    """Internal note of the participant's statement; never in an event or the audit."""
    reduction_percent: int | None = None
    effective_from: date | None = None
    effective_until: date | None = None
    decided_date: date | None = None
    waiver_reason: SanctionWaiverReason | None = None
    waived_date: date | None = None
    end_reason: SanctionEndReason | None = None
    end_date: date | None = None


# -- what may happen to a proposal -------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), clamped to the month's last day (and to the
    calendar's first and last day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if year < date.min.year:
        return date.min
    if year > date.max.year:
        return date.max
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_until(effective_from: date, months: int) -> date:
    """The last day of a reduction of `months` months starting `effective_from`."""
    end = add_months(effective_from, months)
    return end if end == date.max else end - timedelta(days=1)


def check_hearing(
    status: SanctionStatus, held_on: date, refusal_date: date, today: date
) -> Violation | None:
    """A hearing belongs to an open proposal and lies between the refusal and today."""
    if status is not SanctionStatus.PROPOSED:
        return _not_open(status)
    if held_on > today:
        return Violation(
            "held_on",
            f"Die Anhörung liegt in der Zukunft (heute ist der {de_date(today)}).",
            "in_future",
        )
    if held_on < refusal_date:
        return Violation(
            "held_on",
            f"Die Anhörung kann nicht vor der Pflichtverletzung ({de_date(refusal_date)}) liegen.",
            "before_refusal",
        )
    return None


def check_decision(
    *,
    status: SanctionStatus,
    hearing_date: date | None,
    rule: SanctionRule,
    proposed_percent: int | None,
    proposed_months: int,
    reduction_percent: int | None,
    months: int | None,
    effective_from: date,
) -> Violation | None:
    """A person decides an open proposal after the hearing; the decision may lower the
    reduction and shorten the period, never raise them."""
    if status is not SanctionStatus.PROPOSED:
        return _not_open(status)
    if hearing_date is None:
        return Violation(
            "",
            "Vor der Entscheidung ist die Anhörung durchzuführen und zu erfassen (§ 24 SGB X).",
            "hearing_missing",
            conflict=True,
        )
    if reduction_percent is not None:
        if rule is SanctionRule.ASYLBLG_1A:
            return Violation(
                "reduction_percent",
                "Bei § 1a AsylbLG gibt es keinen Prozentsatz: die Leistungen werden auf das "
                "unabweisbar Gebotene beschränkt.",
                "percent_not_applicable",
            )
        if proposed_percent is not None and reduction_percent > proposed_percent:
            return Violation(
                "reduction_percent",
                f"Die Minderung darf den Vorschlag von {proposed_percent} % nicht übersteigen.",
                "above_proposal",
            )
    if months is not None and months > proposed_months:
        return Violation(
            "months",
            f"Die Dauer darf den Vorschlag von {proposed_months} Monaten nicht übersteigen.",
            "above_proposal",
        )
    if effective_from < hearing_date:
        return Violation(
            "effective_from",
            f"Die Einschränkung kann nicht vor der Anhörung ({de_date(hearing_date)}) beginnen.",
            "before_hearing",
        )
    return None


def check_overall_cap(
    reduction_percent: int, cap_percent: int, overlapping_percents: Iterable[int]
) -> Violation | None:
    """§ 31a SGB II: reductions that overlap in time reduce by at most `cap_percent` together.

    `overlapping_percents` are the reductions of the participant's other decided sanctions
    whose period overlaps the new one (each overlapping one counts in full, so the sum is
    never exceeded on any day)."""
    running = sum(overlapping_percents)
    if running + reduction_percent <= cap_percent:
        return None
    room = max(cap_percent - running, 0)
    hint = (
        f"höchstens {room} % sind noch möglich."
        if room
        else "es ist keine weitere Minderung möglich; bitte von der Einschränkung absehen."
    )
    return Violation(
        "reduction_percent",
        f"Zusammen mit den Minderungen im selben Zeitraum ({running} %) würde die Obergrenze "
        f"von {cap_percent} % überschritten; {hint}",
        "above_cap",
    )


def overlaps(first: tuple[date, date], second: tuple[date, date]) -> bool:
    """Whether two inclusive periods share a day."""
    return first[0] <= second[1] and second[0] <= first[1]


def check_waiver(status: SanctionStatus) -> Violation | None:
    """Only an open proposal can be waived; a decided sanction is ended instead."""
    if status is not SanctionStatus.PROPOSED:
        return _not_open(status)
    return None


def _not_open(status: SanctionStatus) -> Violation:
    text = {
        SanctionStatus.DECIDED: "bereits entschieden",
        SanctionStatus.WAIVED: "bereits verworfen (es wird keine Einschränkung verhängt)",
        SanctionStatus.ENDED: "bereits beendet",
    }.get(status, status.value)
    return Violation("", f"Der Vorschlag ist {text}.", "not_open", conflict=True)


def running_or_pending(status: SanctionStatus, effective_until: date | None, on: date) -> bool:
    """A decided sanction that still applies on `on` or later (running or not yet begun):
    taking up the work on `on` ends it."""
    return (
        status is SanctionStatus.DECIDED and effective_until is not None and on <= effective_until
    )


# -- why no sanction ----------------------------------------------------------------------

NO_SANCTION_JUSTIFIED = "Keine Leistungseinschränkung: Ein wichtiger Grund wurde anerkannt."
NO_SANCTION_NO_PLACEMENT = (
    "Keine Leistungseinschränkung möglich: Die Ablehnung betrifft keine Zuweisung, sondern "
    "nur ein Angebot; eine Rechtsfolgenbelehrung lässt sich nur für eine Zuweisung nachweisen."
)
NO_SANCTION_NO_NOTICE = (
    "Keine Leistungseinschränkung möglich: Für diese Zuweisung ist keine "
    "Rechtsfolgenbelehrung nachweislich zugestellt worden."
)
