"""Business figures of issue 6 (places, targets, obliged participants, proposals, exits,
sanctions, payments, notices), computed from fact rows by plain rules.

`compute_business` is the one definition of these figures; the API, the exports, the council
report, the gauges and the rebuild comparison all call it on the facts the store loaded.

Stocks ("on a day") are taken on each month's last day, or on the as-of day for the current
month (`stock_day`). Definitions:
- offered places: sum of `places` of the opportunities open on the day. An opportunity's
  state on a day is its snapshot (OpportunityPublished/Changed) with the latest effective
  date on or before the day (of two snapshots with one effective date the newer ce_time
  wins, in the store); it is open when its period covers the day and it was not closed
  (OpportunityClosed) on or before the day. A change read before the publication is just
  another snapshot: the order of reading does not matter.
- occupied places: started placements in placement on the day (start ≤ day ≤ end).
- reserved places: Zuweisungen (PlacementProposed) issued on or before the day and not yet
  resolved on it: neither started (start ≤ day), nor ended (end ≤ day), nor refused (a
  refusal of that placement dated ≤ day).
- free places: offered − occupied − reserved, not below 0.
- obliged participants: participants whose latest obligation version (effective date ≤
  day) says obliged; placed: those of them with a started placement in placement that day.
- proposals per month by proposed_date; starts, ends (by reason) as GET /kpis; exit share:
  ends with reason regular_employment / all ends of the period (percent, 1 place).
- hours, refusals and allowance statements as GET /kpis; allowance paid: paid_cents of the
  payment runs for the month (district-wide only).
- sanctions proposed / decided / waived / ended by the date of that step.
- days from proposal to start: placements started in the period whose proposal is known;
  placement duration: placements ended in the period, end − start + 1 days.
- notices delivered / failed by the Europe/Berlin day of the outcome, by notice type
  (district-wide only: notices carry no municipality).

Filters: municipality, provider kind, category and legal basis select opportunities (legal
basis: among the accepted ones), placements and proposals by their attributes. Obligations
know only municipality and legal basis (the other filters do not apply to them). Sanctions
take the legal basis of their proposal and municipality, provider kind and category of their
placement (started or proposed); without a placement the participant's latest obligation
gives the municipality; a sanction whose proposal was not read counts only unfiltered.
Hours, refusals and statements are attributed as in GET /kpis.
Payment runs and notices carry no attributes: under any filter they are None.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from reporting.domain.facts import PlacementFact, StatementFact
from reporting.domain.months import Month

ONE_PLACE = Decimal("0.1")
REGULAR_EMPLOYMENT = "regular_employment"
DEFAULT_TARGETS: dict[str, int] = {"municipal": 150, "district": 50, "non_profit": 100}
"""Places planned per provider kind (Landkreis Osnabrück: 300 in all)."""


@dataclass(frozen=True)
class OpportunityVersion:
    """One snapshot of an opportunity, effective from `effective_date`."""

    opportunity_id: str
    effective_date: date
    provider_kind: str
    municipality_key: str
    category: str
    places: int
    start_date: date
    end_date: date | None
    legal_bases: tuple[str, ...]


@dataclass(frozen=True)
class ObligationVersion:
    """Whether a participant is obliged to work, from `effective_date` on."""

    participant_ref: str
    effective_date: date
    obliged: bool
    legal_basis: str
    municipality_key: str


@dataclass(frozen=True)
class ProposalFact:
    """A Zuweisung issued (PlacementProposed)."""

    placement_id: str
    participant_ref: str
    provider_kind: str
    municipality_key: str
    legal_basis: str
    category: str
    proposed_date: date


@dataclass(frozen=True)
class SanctionFact:
    """A sanction as far as its steps are known."""

    sanction_id: str
    participant_ref: str
    placement_id: str | None = None
    legal_basis: str | None = None
    proposed_date: date | None = None
    decided_date: date | None = None
    waived_date: date | None = None
    ended_date: date | None = None


@dataclass(frozen=True)
class RefusalRow:
    """A refusal as the business figures need it."""

    refusal_id: str
    refusal_date: date
    justified: bool
    placement_id: str | None


@dataclass(frozen=True)
class PaymentRunFact:
    payment_run_id: str
    month: str
    paid_cents: int


@dataclass(frozen=True)
class NoticeOutcome:
    outcome_id: str
    notice_type: str
    outcome: str
    """delivered or failed"""
    outcome_date: date


@dataclass(frozen=True)
class HoursSum:
    """Minutes of one placement's hours entries in one month (newest versions)."""

    placement_id: str
    month: Month
    minutes: int


@dataclass
class BusinessFacts:
    """Everything the business figures are computed from."""

    placements: list[PlacementFact] = field(default_factory=list)
    proposals: list[ProposalFact] = field(default_factory=list)
    opportunities: list[OpportunityVersion] = field(default_factory=list)
    closures: dict[str, date] = field(default_factory=dict)
    obligations: list[ObligationVersion] = field(default_factory=list)
    sanctions: list[SanctionFact] = field(default_factory=list)
    refusals: list[RefusalRow] = field(default_factory=list)
    statements: list[StatementFact] = field(default_factory=list)
    payment_runs: list[PaymentRunFact] = field(default_factory=list)
    notices: list[NoticeOutcome] = field(default_factory=list)
    hours: list[HoursSum] = field(default_factory=list)


@dataclass(frozen=True)
class FigureFilter:
    """Selection of the business figures (None: no restriction)."""

    legal_basis: str | None = None
    municipality_key: str | None = None
    provider_kind: str | None = None
    category: str | None = None

    @property
    def is_empty(self) -> bool:
        return not any((self.legal_basis, self.municipality_key, self.provider_kind, self.category))

    def admits(
        self,
        legal_basis: str | Iterable[str] | None,
        municipality_key: str | None,
        provider_kind: str | None,
        category: str | None,
    ) -> bool:
        """Whether something with these attributes is selected (a list of legal bases: any)."""
        if self.legal_basis is not None:
            bases = (legal_basis,) if isinstance(legal_basis, str | None) else tuple(legal_basis)
            if self.legal_basis not in bases:
                return False
        return (
            (self.municipality_key is None or municipality_key == self.municipality_key)
            and (self.provider_kind is None or provider_kind == self.provider_kind)
            and (self.category is None or category == self.category)
        )

    def admits_placement(self, placement: PlacementFact | None) -> bool:
        if self.is_empty:
            return True
        if placement is None or placement.start_date is None:
            return False
        return self.admits(
            placement.legal_basis,
            placement.municipality_key,
            placement.provider_kind,
            placement.category,
        )


@dataclass(frozen=True)
class DaysFigure:
    """Count, average and median of a number of days (1 decimal place, half up)."""

    count: int
    average: Decimal | None
    median: Decimal | None

    @classmethod
    def of(cls, days: Sequence[int]) -> DaysFigure:
        if not days:
            return cls(0, None, None)
        average = (Decimal(sum(days)) / Decimal(len(days))).quantize(ONE_PLACE, ROUND_HALF_UP)
        median = Decimal(str(statistics.median(sorted(days)))).quantize(ONE_PLACE, ROUND_HALF_UP)
        return cls(len(days), average, median)


@dataclass(frozen=True)
class Places:
    """Places on a day: offered, occupied (started), reserved (proposed), free."""

    offered: int = 0
    occupied: int = 0
    reserved: int = 0

    @property
    def free(self) -> int:
        return max(0, self.offered - self.occupied - self.reserved)


@dataclass(frozen=True)
class PlaceRow:
    """Places of one provider kind with its target."""

    provider_kind: str
    places: Places
    target: int | None

    @property
    def progress_percent(self) -> Decimal | None:
        """Offered places as percent of the target (1 place)."""
        if not self.target:
            return None
        value = Decimal(self.places.offered * 100) / Decimal(self.target)
        return value.quantize(ONE_PLACE, ROUND_HALF_UP)


@dataclass(frozen=True)
class BusinessMonth:
    """The business figures of one month (stocks on its stock day)."""

    month: Month
    stock_day: date
    places: Places
    obliged: int
    obliged_placed: int
    placements_proposed: int
    placements_started: int
    placements_ended: int
    ended_regular_employment: int
    worked_minutes: int
    allowance_statement_cents: int
    allowance_paid_cents: int | None
    refusals_justified: int
    refusals_unjustified: int
    sanctions_proposed: int
    sanctions_decided: int
    sanctions_waived: int
    sanctions_ended: int
    notices_delivered: int | None
    notices_failed: int | None


@dataclass(frozen=True)
class BusinessTotals:
    """Sums and statistics over the whole period."""

    placements_proposed: int
    placements_started: int
    placements_ended: int
    ended_by_reason: dict[str, int]
    exits_regular_employment: int
    worked_minutes: int
    allowance_statement_cents: int
    allowance_paid_cents: int | None
    refusals_justified: int
    refusals_unjustified: int
    sanctions_proposed: int
    sanctions_decided: int
    sanctions_waived: int
    sanctions_ended: int
    proposal_to_start_days: DaysFigure
    placement_duration_days: DaysFigure
    notices_delivered: dict[str, int] | None
    notices_failed: dict[str, int] | None

    @property
    def exit_share_percent(self) -> Decimal | None:
        """Ends into regular employment as percent of all ends (1 place); None: no ends."""
        if not self.placements_ended:
            return None
        value = Decimal(self.exits_regular_employment * 100) / Decimal(self.placements_ended)
        return value.quantize(ONE_PLACE, ROUND_HALF_UP)


@dataclass(frozen=True)
class BusinessReport:
    """The business figures for a period, as of a day."""

    as_of: date
    stock_day: date
    """Day of the stock figures below (last month's stock day)."""
    place_rows: tuple[PlaceRow, ...]
    places: Places
    target_total: int
    obliged: int
    obliged_placed: int
    months: tuple[BusinessMonth, ...]
    totals: BusinessTotals

    @property
    def target_progress_percent(self) -> Decimal | None:
        return PlaceRow("all", self.places, self.target_total).progress_percent


def stock_day(month: Month, as_of: date) -> date:
    """The day a month's stock figures are taken: its last day, or as_of if earlier."""
    return min(month.last_day, as_of)


class _Index:
    """Lookups over the facts, built once per computation."""

    def __init__(self, facts: BusinessFacts) -> None:
        self.facts = facts
        self.placements = {p.placement_id: p for p in facts.placements}
        self.proposals = {p.placement_id: p for p in facts.proposals}
        self.opportunities: dict[str, list[OpportunityVersion]] = {}
        for version in sorted(facts.opportunities, key=lambda v: v.effective_date):
            self.opportunities.setdefault(version.opportunity_id, []).append(version)
        self.obligations: dict[str, list[ObligationVersion]] = {}
        for ob in sorted(facts.obligations, key=lambda v: v.effective_date):
            self.obligations.setdefault(ob.participant_ref, []).append(ob)
        self.refusal_days: dict[str, list[date]] = {}
        for refusal in facts.refusals:
            if refusal.placement_id is not None:
                self.refusal_days.setdefault(refusal.placement_id, []).append(refusal.refusal_date)
        self.placements_of: dict[str, list[PlacementFact]] = {}
        for placement in facts.placements:
            if placement.start_date is not None:
                self.placements_of.setdefault(placement.participant_ref, []).append(placement)

    def opportunity_on(self, opportunity_id: str, day: date) -> OpportunityVersion | None:
        """The opportunity's state on `day` if it is open that day."""
        state = None
        for version in self.opportunities[opportunity_id]:
            if version.effective_date <= day:
                state = version
        if state is None or state.start_date > day:
            return None
        if state.end_date is not None and state.end_date < day:
            return None
        closed = self.facts.closures.get(opportunity_id)
        return None if closed is not None and closed <= day else state

    def obligation_on(self, participant_ref: str, day: date) -> ObligationVersion | None:
        state = None
        for version in self.obligations.get(participant_ref, ()):
            if version.effective_date <= day:
                state = version
        return state

    def sanction_attributes(
        self, sanction: SanctionFact
    ) -> tuple[str | None, str | None, str | None, str | None]:
        """(legal basis, municipality, provider kind, category) of a sanction."""
        placement = self.placements.get(sanction.placement_id or "")
        proposal = self.proposals.get(sanction.placement_id or "")
        if placement is not None and placement.start_date is not None:
            attrs = (placement.municipality_key, placement.provider_kind, placement.category)
        elif proposal is not None:
            attrs = (proposal.municipality_key, proposal.provider_kind, proposal.category)
        else:
            versions = self.obligations.get(sanction.participant_ref)
            attrs = (versions[-1].municipality_key if versions else None, None, None)
        return (sanction.legal_basis, *attrs)


def places_on(index: _Index, day: date, wanted: FigureFilter) -> dict[str, Places]:
    """Places by provider kind on `day`."""
    offered: dict[str, int] = {}
    for opportunity_id in index.opportunities:
        state = index.opportunity_on(opportunity_id, day)
        if state is not None and wanted.admits(
            state.legal_bases, state.municipality_key, state.provider_kind, state.category
        ):
            offered[state.provider_kind] = offered.get(state.provider_kind, 0) + state.places
    occupied: dict[str, int] = {}
    for placement in index.facts.placements:
        if placement.active_on(day) and wanted.admits_placement(placement):
            kind = placement.provider_kind or "unknown"
            occupied[kind] = occupied.get(kind, 0) + 1
    reserved: dict[str, int] = {}
    for proposal in index.facts.proposals:
        if (
            proposal.proposed_date <= day
            and _unresolved(index, proposal, day)
            and wanted.admits(
                proposal.legal_basis,
                proposal.municipality_key,
                proposal.provider_kind,
                proposal.category,
            )
        ):
            reserved[proposal.provider_kind] = reserved.get(proposal.provider_kind, 0) + 1
    kinds = set(offered) | set(occupied) | set(reserved)
    return {
        kind: Places(offered.get(kind, 0), occupied.get(kind, 0), reserved.get(kind, 0))
        for kind in kinds
    }


def _unresolved(index: _Index, proposal: ProposalFact, day: date) -> bool:
    placement = index.placements.get(proposal.placement_id)
    if placement is not None:
        if placement.start_date is not None and placement.start_date <= day:
            return False
        if placement.end_date is not None and placement.end_date <= day:
            return False
    return not any(d <= day for d in index.refusal_days.get(proposal.placement_id, ()))


def obliged_on(index: _Index, day: date, wanted: FigureFilter) -> tuple[int, int]:
    """(obliged, of them placed) on `day`."""
    obliged = placed = 0
    for participant_ref in index.obligations:
        state = index.obligation_on(participant_ref, day)
        if state is None or not state.obliged:
            continue
        if not wanted.admits(state.legal_basis, state.municipality_key, None, None):
            continue
        obliged += 1
        if any(p.active_on(day) for p in index.placements_of.get(participant_ref, ())):
            placed += 1
    return obliged, placed


def _obligation_filter(wanted: FigureFilter) -> FigureFilter:
    return FigureFilter(legal_basis=wanted.legal_basis, municipality_key=wanted.municipality_key)


def _sum_places(rows: Iterable[Places]) -> Places:
    rows = list(rows)
    return Places(
        sum(r.offered for r in rows), sum(r.occupied for r in rows), sum(r.reserved for r in rows)
    )


def _in(day: date | None, first: date, last: date) -> bool:
    return day is not None and first <= day <= last


def compute_business(
    facts: BusinessFacts,
    months: Sequence[Month],
    as_of: date,
    wanted: FigureFilter | None = None,
    targets: Mapping[str, int] | None = None,
) -> BusinessReport:
    """The business figures for `months` (consecutive, ascending) as of `as_of`."""
    wanted = wanted or FigureFilter()
    targets = DEFAULT_TARGETS if targets is None else targets
    index = _Index(facts)
    district = wanted.is_empty
    ob_filter = _obligation_filter(wanted)
    counted = [p for p in facts.placements if p.start_date and wanted.admits_placement(p)]
    proposals = [
        p
        for p in facts.proposals
        if wanted.admits(p.legal_basis, p.municipality_key, p.provider_kind, p.category)
    ]
    sanctions = [
        s
        for s in facts.sanctions
        if district
        or (s.proposed_date is not None and wanted.admits(*index.sanction_attributes(s)))
    ]
    refusals = [
        r
        for r in facts.refusals
        if district or wanted.admits_placement(index.placements.get(r.placement_id or "\0"))
    ]
    minutes: dict[Month, int] = {}
    for item in facts.hours:
        if district or wanted.admits_placement(index.placements.get(item.placement_id)):
            minutes[item.month] = minutes.get(item.month, 0) + item.minutes
    statement_cents: dict[Month, int] = {}
    for statement in facts.statements:
        month = Month.parse(statement.month)
        if district or _statement_admitted(index, statement, month, wanted):
            statement_cents[month] = statement_cents.get(month, 0) + statement.total_cents
    paid: dict[str, int] = {}
    for run in facts.payment_runs:
        paid[run.month] = paid.get(run.month, 0) + run.paid_cents

    result: list[BusinessMonth] = []
    for month in months:
        first, last = month.first_day, month.last_day
        day = stock_day(month, as_of)
        ob, placed = obliged_on(index, day, ob_filter)
        ended = [p for p in counted if _in(p.end_date, first, last)]
        notices = [n for n in facts.notices if _in(n.outcome_date, first, last)]
        month_refusals = [r for r in refusals if _in(r.refusal_date, first, last)]
        result.append(
            BusinessMonth(
                month=month,
                stock_day=day,
                places=_sum_places(places_on(index, day, wanted).values()),
                obliged=ob,
                obliged_placed=placed,
                placements_proposed=sum(1 for p in proposals if _in(p.proposed_date, first, last)),
                placements_started=sum(1 for p in counted if _in(p.start_date, first, last)),
                placements_ended=len(ended),
                ended_regular_employment=sum(
                    1 for p in ended if p.end_reason == REGULAR_EMPLOYMENT
                ),
                worked_minutes=minutes.get(month, 0),
                allowance_statement_cents=statement_cents.get(month, 0),
                allowance_paid_cents=paid.get(str(month), 0) if district else None,
                refusals_justified=sum(1 for r in month_refusals if r.justified),
                refusals_unjustified=sum(1 for r in month_refusals if not r.justified),
                sanctions_proposed=sum(1 for s in sanctions if _in(s.proposed_date, first, last)),
                sanctions_decided=sum(1 for s in sanctions if _in(s.decided_date, first, last)),
                sanctions_waived=sum(1 for s in sanctions if _in(s.waived_date, first, last)),
                sanctions_ended=sum(1 for s in sanctions if _in(s.ended_date, first, last)),
                notices_delivered=(
                    sum(1 for n in notices if n.outcome == "delivered") if district else None
                ),
                notices_failed=(
                    sum(1 for n in notices if n.outcome == "failed") if district else None
                ),
            )
        )

    period_first, period_last = months[0].first_day, months[-1].last_day
    stock = stock_day(months[-1], as_of)
    by_kind = places_on(index, stock, wanted)
    kinds = sorted(set(by_kind) | set(targets))
    place_rows = tuple(PlaceRow(k, by_kind.get(k, Places()), targets.get(k)) for k in kinds)
    ended_all = [p for p in counted if _in(p.end_date, period_first, period_last)]
    by_reason: dict[str, int] = {}
    for placement in ended_all:
        reason = placement.end_reason or "unknown"
        by_reason[reason] = by_reason.get(reason, 0) + 1
    proposal_by_id = {p.placement_id: p for p in facts.proposals}
    waits = [
        (p.start_date - proposal_by_id[p.placement_id].proposed_date).days
        for p in counted
        if p.start_date
        and _in(p.start_date, period_first, period_last)
        and p.placement_id in proposal_by_id
    ]
    durations = [
        (p.end_date - p.start_date).days + 1
        for p in ended_all
        if p.end_date is not None and p.start_date is not None
    ]
    period_notices = [n for n in facts.notices if _in(n.outcome_date, period_first, period_last)]

    def by_type(outcome: str) -> dict[str, int] | None:
        if not district:
            return None
        counts: dict[str, int] = {}
        for notice in period_notices:
            if notice.outcome == outcome:
                counts[notice.notice_type] = counts.get(notice.notice_type, 0) + 1
        return dict(sorted(counts.items()))

    totals = BusinessTotals(
        placements_proposed=sum(m.placements_proposed for m in result),
        placements_started=sum(m.placements_started for m in result),
        placements_ended=sum(m.placements_ended for m in result),
        ended_by_reason=dict(sorted(by_reason.items())),
        exits_regular_employment=sum(m.ended_regular_employment for m in result),
        worked_minutes=sum(m.worked_minutes for m in result),
        allowance_statement_cents=sum(m.allowance_statement_cents for m in result),
        allowance_paid_cents=(
            sum(m.allowance_paid_cents or 0 for m in result) if district else None
        ),
        refusals_justified=sum(m.refusals_justified for m in result),
        refusals_unjustified=sum(m.refusals_unjustified for m in result),
        sanctions_proposed=sum(m.sanctions_proposed for m in result),
        sanctions_decided=sum(m.sanctions_decided for m in result),
        sanctions_waived=sum(m.sanctions_waived for m in result),
        sanctions_ended=sum(m.sanctions_ended for m in result),
        proposal_to_start_days=DaysFigure.of(waits),
        placement_duration_days=DaysFigure.of(durations),
        notices_delivered=by_type("delivered"),
        notices_failed=by_type("failed"),
    )
    obliged, obliged_placed = obliged_on(index, stock, ob_filter)
    return BusinessReport(
        as_of=as_of,
        stock_day=stock,
        place_rows=place_rows,
        places=_sum_places(by_kind.values()),
        target_total=sum(targets.values()),
        obliged=obliged,
        obliged_placed=obliged_placed,
        months=tuple(result),
        totals=totals,
    )


def _statement_admitted(
    index: _Index, statement: StatementFact, month: Month, wanted: FigureFilter
) -> bool:
    """As KpiFilter.admits_statement, with all four filters."""
    return any(
        wanted.admits_placement(p)
        and p.start_date is not None
        and p.start_date <= month.last_day
        and (p.end_date is None or p.end_date >= month.first_day)
        for p in index.placements_of.get(statement.participant_ref, ())
    )


def municipality_keys(facts: BusinessFacts) -> list[str]:
    """Every municipality the facts name (opportunities, placements, proposals, obligations)."""
    keys = {v.municipality_key for v in facts.opportunities}
    keys |= {p.municipality_key for p in facts.placements if p.municipality_key}
    keys |= {p.municipality_key for p in facts.proposals}
    keys |= {o.municipality_key for o in facts.obligations}
    return sorted(keys)


@dataclass(frozen=True)
class BusinessGauges:
    """Values of the business gauges (labels: low-cardinality attributes, never ids)."""

    places: dict[tuple[str, ...], int] = field(default_factory=dict)
    """(provider_kind, municipality_key, state) → places today; state offered, occupied,
    reserved, free."""
    place_targets: dict[tuple[str, ...], int] = field(default_factory=dict)
    """(provider_kind,) → places planned."""
    obliged: dict[tuple[str, ...], int] = field(default_factory=dict)
    """(municipality_key, legal_basis, placed) → obliged participants today."""
    proposed: dict[tuple[str, ...], int] = field(default_factory=dict)
    """(month, legal_basis) → Zuweisungen issued."""
    sanctions: dict[tuple[str, ...], int] = field(default_factory=dict)
    """(month, step) → sanction steps (proposed, decided, waived, ended)."""
    allowance_paid_cents: dict[tuple[str, ...], int] = field(default_factory=dict)
    """(month,) → cents paid by payment runs for the month."""
    notices: dict[tuple[str, ...], int] = field(default_factory=dict)
    """(month, outcome, notice_type) → notice outcomes."""


def business_gauges(
    facts: BusinessFacts, today: date, months: Sequence[Month], targets: Mapping[str, int]
) -> BusinessGauges:
    """The gauge values: stocks as of `today`, flows for `months`."""
    index = _Index(facts)
    wanted = {str(m) for m in months}
    places: dict[tuple[str, ...], int] = {}
    groups = {(v.provider_kind, v.municipality_key) for v in facts.opportunities}
    groups |= {
        (p.provider_kind or "unknown", p.municipality_key or "unknown")
        for p in facts.placements
        if p.start_date
    }
    groups |= {(p.provider_kind, p.municipality_key) for p in facts.proposals}
    for kind, key in sorted(groups):
        selection = FigureFilter(municipality_key=key, provider_kind=kind)
        found = places_on(index, today, selection).get(kind, Places())
        for place_state, value in (
            ("offered", found.offered),
            ("occupied", found.occupied),
            ("reserved", found.reserved),
            ("free", found.free),
        ):
            if value:
                places[(kind, key, place_state)] = value
    obliged: dict[tuple[str, ...], int] = {}
    for participant_ref in index.obligations:
        version = index.obligation_on(participant_ref, today)
        if version is None or not version.obliged:
            continue
        placed = any(p.active_on(today) for p in index.placements_of.get(participant_ref, ()))
        triple = (version.municipality_key, version.legal_basis, "true" if placed else "false")
        obliged[triple] = obliged.get(triple, 0) + 1
    proposed: dict[tuple[str, ...], int] = {}
    for proposal in facts.proposals:
        month = str(Month.of(proposal.proposed_date))
        if month in wanted:
            pair = (month, proposal.legal_basis)
            proposed[pair] = proposed.get(pair, 0) + 1
    sanctions: dict[tuple[str, ...], int] = {}
    for sanction in facts.sanctions:
        for step, day in (
            ("proposed", sanction.proposed_date),
            ("decided", sanction.decided_date),
            ("waived", sanction.waived_date),
            ("ended", sanction.ended_date),
        ):
            if day is not None and str(Month.of(day)) in wanted:
                step_label = (str(Month.of(day)), step)
                sanctions[step_label] = sanctions.get(step_label, 0) + 1
    paid: dict[tuple[str, ...], int] = {}
    for run in facts.payment_runs:
        if run.month in wanted:
            paid[(run.month,)] = paid.get((run.month,), 0) + run.paid_cents
    notices: dict[tuple[str, ...], int] = {}
    for notice in facts.notices:
        month = str(Month.of(notice.outcome_date))
        if month in wanted:
            label = (month, notice.outcome, notice.notice_type)
            notices[label] = notices.get(label, 0) + 1
    return BusinessGauges(
        places=places,
        place_targets={(kind,): target for kind, target in targets.items()},
        obliged=obliged,
        proposed=proposed,
        sanctions=sanctions,
        allowance_paid_cents=paid,
        notices=notices,
    )


def flatten(report: BusinessReport) -> dict[str, object]:
    """Every figure of a report as name → value (for comparing two stores)."""
    items: dict[str, object] = {
        "stock_day": report.stock_day,
        "places": report.places,
        "target_total": report.target_total,
        "obliged": report.obliged,
        "obliged_placed": report.obliged_placed,
    }
    for row in report.place_rows:
        items[f"places[{row.provider_kind}]"] = (row.places, row.target)
    for name, value in vars(report.totals).items():
        items[f"totals.{name}"] = value
    for month in report.months:
        for name, value in vars(month).items():
            if name != "month":
                items[f"{month.month} {name}"] = value
    return items
