"""A synthetic demo district's event stream for 2019 (seeded), built with the contract models.

Landkreis Osnabrück in miniature: 21 municipalities (AGS; the 7 keys confirmed in
shared/data/landkreis-osnabrueck.md, the other 14 follow the 03459nnn pattern and are
ILLUSTRATIVE, not confirmed), opportunities with 150 municipal, 50 district and 100
non-profit places, about 300 obliged participants, Zuweisungen, starts, weekly hours with
corrections (some for earlier months, some read before their entry), refusals with and
without wichtigen Grund, sanctions proposed / decided / waived / ended, ends (some read
before their start), monthly allowance statements, payment runs and notice outcomes.

Every event gets an explicit ce_time (`DemoStream.items`: (Envelope, Event) in stream order).
The stream order is the ce_time order with deliberate disorder: opportunity changes before
their publication, a newer snapshot with the same effective date before the older one, later
obligation versions before earlier ones, ends before starts, corrections before entries.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from gemeinwerk_contracts import (
    AllowanceStatementIssued,
    Envelope,
    Event,
    HoursCorrected,
    HoursLogged,
    NoticeDelivered,
    NoticeFailed,
    OpportunityChanged,
    OpportunityClosed,
    OpportunityPublished,
    ParticipantObligationChanged,
    PaymentRunCompleted,
    PlacementEnded,
    PlacementProposed,
    PlacementStarted,
    RefusalRecorded,
    SanctionDecided,
    SanctionEnded,
    SanctionProposed,
    SanctionWaived,
    envelope_for,
)
from gemeinwerk_contracts.events.notification import NoticeChannel, NoticeFailureReason
from gemeinwerk_contracts.vocabulary import (
    EndReason,
    JustificationCategory,
    LegalBasis,
    OpportunityCategory,
    PaymentPayer,
    ProviderKind,
    RefusalKind,
    SanctionEndReason,
    SanctionRule,
    SanctionWaiverReason,
)

CONFIRMED = ("03459004", "03459006", "03459008", "03459013", "03459015", "03459020", "03459024")
ILLUSTRATIVE = tuple(f"03459{n:03d}" for n in (1, 2, 3, 5, 7, 9, 10, 11, 12, 14, 16, 17, 18, 19))
MUNICIPALITIES = CONFIRMED + ILLUSTRATIVE
YEAR_START, YEAR_END = date(2019, 1, 1), date(2019, 12, 31)
PLACES = {ProviderKind.MUNICIPAL: 150, ProviderKind.DISTRICT: 50, ProviderKind.NON_PROFIT: 100}
RATE_CENTS_PER_HOUR = 80


def _at(day: date, seconds: int = 0) -> datetime:
    """A ce_time on `day` (UTC noon plus `seconds`)."""
    return datetime.combine(day, time(12), tzinfo=UTC) + timedelta(seconds=seconds)


@dataclass
class DemoStream:
    """The demo district's events (seeded); `items` in stream order."""

    seed: int = 6
    participants: int = 300
    items: list[tuple[Envelope, Event]] = field(default_factory=list)
    statement_cents: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self._timed: list[tuple[datetime, int, Event]] = []
        self._early: list[tuple[int, Event]] = []  # (rank, event) to move before its peer
        self._seq = 0
        self._opportunities()
        self._people()
        self._payment_runs()
        self._order()

    def uid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def add(self, event: Event, at: datetime) -> Event:
        self._seq += 1
        self._timed.append((at, self._seq, event))
        return event

    # -- opportunities ----------------------------------------------------------------

    def _opportunities(self) -> None:
        rng = self.rng
        self.opportunities: list[OpportunityPublished] = []
        sizes = {
            ProviderKind.MUNICIPAL: [5] * 30,
            ProviderKind.DISTRICT: [5] * 10,
            ProviderKind.NON_PROFIT: [4] * 24 + [2, 2],
        }
        for kind, places in sizes.items():
            assert sum(places) == PLACES[kind]
            for size in places:
                start = YEAR_START + timedelta(days=rng.randrange(0, 75))
                bases = [LegalBasis.ASYLBLG_5]
                if rng.random() < 0.4:
                    bases.append(LegalBasis.SGB2_16D)
                published = OpportunityPublished(
                    opportunity_id=self.uid(),
                    provider_id=self.uid(),
                    provider_kind=kind,
                    municipality_key=rng.choice(MUNICIPALITIES),
                    category=rng.choice(list(OpportunityCategory)),
                    places=size,
                    hours_per_week=Decimal("15.00"),
                    start_date=start,
                    end_date=None if rng.random() < 0.7 else date(2020, 6, 30),
                    legal_bases=bases,
                    effective_date=start - timedelta(days=rng.randrange(0, 10)),
                )
                self.opportunities.append(published)
                self.add(published, _at(published.effective_date))
                self._changes(published)

    def _changes(self, published: OpportunityPublished) -> None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.15:  # more places from a later day; read BEFORE the publication
            effective = published.start_date + timedelta(days=rng.randrange(60, 200))
            changed = OpportunityChanged(
                **(
                    published.model_dump()
                    | {"places": published.places + 1, "effective_date": effective}
                )
            )
            self.add(changed, _at(effective))
            self._early.append((0, changed))
        elif roll < 0.22:  # two snapshots with one effective date: the newer (fewer) wins
            effective = published.start_date + timedelta(days=rng.randrange(30, 120))
            first = OpportunityChanged(
                **(
                    published.model_dump()
                    | {"places": published.places + 2, "effective_date": effective}
                )
            )
            second = OpportunityChanged(
                **(
                    published.model_dump()
                    | {"places": max(1, published.places - 1), "effective_date": effective}
                )
            )
            self.add(first, _at(effective))
            self.add(second, _at(effective, 3600))
            self._early.append((1, second))  # the newer one read first
        elif roll < 0.30:  # closed in autumn
            closed = OpportunityClosed(
                opportunity_id=published.opportunity_id,
                closed_date=rng.choice([date(2019, 10, 31), date(2019, 11, 30)])
                if rng.random() < 0.5
                else date(2019, 10, 1) + timedelta(days=rng.randrange(0, 40)),
            )
            self.add(closed, _at(closed.closed_date))

    # -- participants -------------------------------------------------------------------

    def _people(self) -> None:
        rng = self.rng
        for _ in range(self.participants):
            ref = self.uid()
            municipality = rng.choice(MUNICIPALITIES)
            basis = LegalBasis.ASYLBLG_5 if rng.random() < 0.75 else LegalBasis.SGB2_16D
            effective = YEAR_START - timedelta(days=20) + timedelta(days=rng.randrange(0, 90))
            self.add(
                ParticipantObligationChanged(
                    participant_ref=ref,
                    obliged=rng.random() > 0.03,
                    legal_basis=basis,
                    municipality_key=municipality,
                    effective_date=effective,
                ),
                _at(effective),
            )
            if rng.random() < 0.08:  # exempted later (read before the first version)
                later = effective + timedelta(days=rng.randrange(60, 250))
                exempt = ParticipantObligationChanged(
                    participant_ref=ref,
                    obliged=False,
                    legal_basis=basis,
                    municipality_key=municipality,
                    effective_date=later,
                )
                self.add(exempt, _at(later))
                self._early.append((2, exempt))
            if rng.random() < 0.75:
                self._placement(ref, basis, effective)
            elif rng.random() < 0.3:  # refused an offered opportunity (no placement)
                opportunity = rng.choice(self.opportunities)
                day = effective + timedelta(days=rng.randrange(5, 120))
                self._refusal(ref, None, opportunity.opportunity_id, day, RefusalKind.REFUSED)

    def _fitting(self, basis: LegalBasis) -> OpportunityPublished:
        return self.rng.choice([o for o in self.opportunities if basis in o.legal_bases])

    def _placement(self, ref: uuid.UUID, basis: LegalBasis, obliged_from: date) -> None:
        rng = self.rng
        opportunity = self._fitting(basis)
        placement_id = self.uid()
        proposed_day = max(obliged_from, opportunity.start_date) + timedelta(
            days=rng.randrange(0, 150)
        )
        planned = proposed_day + timedelta(days=rng.randrange(3, 21))
        attrs = {
            "participant_ref": ref,
            "placement_id": placement_id,
            "opportunity_id": opportunity.opportunity_id,
            "provider_id": opportunity.provider_id,
            "provider_kind": opportunity.provider_kind,
            "municipality_key": opportunity.municipality_key,
            "legal_basis": basis,
            "category": opportunity.category,
            "hours_per_week": Decimal("15.00"),
        }
        self.add(
            PlacementProposed(**attrs, start_date=planned, proposed_date=proposed_day),
            _at(proposed_day),
        )
        self._notice(ref, placement_id, "assignment", proposed_day)
        if rng.random() < 0.12:  # refused before the start: no placement
            day = proposed_day + timedelta(days=rng.randrange(1, 10))
            self._refusal(ref, placement_id, None, day, RefusalKind.REFUSED)
            return
        if rng.random() < 0.05:  # still waiting: stays reserved
            return
        start_day = planned + timedelta(days=rng.randrange(0, 4))
        self.add(PlacementStarted(**attrs, start_date=start_day), _at(start_day))
        self._notice(ref, placement_id, "placement_started", start_day)
        end_day: date | None = None
        reason = EndReason.COMPLETED
        if rng.random() < 0.6:
            end_day = start_day + timedelta(days=rng.randrange(20, 260))
            reason = rng.choices(
                [
                    EndReason.REGULAR_EMPLOYMENT,
                    EndReason.COMPLETED,
                    EndReason.ENTITLEMENT_ENDED,
                    EndReason.CANCELLED,
                    EndReason.MOVED_AWAY,
                ],
                weights=[25, 35, 20, 10, 10],
            )[0]
        self._hours(ref, placement_id, opportunity.provider_id, start_day, end_day)
        if end_day is not None:
            if reason is EndReason.CANCELLED and rng.random() < 0.6:
                self._refusal(ref, placement_id, None, end_day, RefusalKind.BROKE_OFF)
            ended = PlacementEnded(
                participant_ref=ref, placement_id=placement_id, end_date=end_day, reason=reason
            )
            self.add(ended, _at(end_day, 60))
            if rng.random() < 0.1:
                self._early.append((3, ended))  # read before the start
            self._notice(ref, placement_id, "placement_ended", end_day)

    def _hours(
        self,
        ref: uuid.UUID,
        placement_id: uuid.UUID,
        provider_id: uuid.UUID,
        start_day: date,
        end_day: date | None,
    ) -> None:
        rng = self.rng
        last = min(end_day or YEAR_END, YEAR_END)
        day = start_day + timedelta(days=rng.randrange(0, 6))
        per_month: dict[str, int] = {}
        while day <= last:
            minutes = rng.choice([360, 480, 600, 720, 900])
            logged = self.add(
                HoursLogged(
                    participant_ref=ref,
                    entry_id=self.uid(),
                    placement_id=placement_id,
                    provider_id=provider_id,
                    work_date=day,
                    worked_minutes=minutes,
                ),
                _at(day + timedelta(days=1)),
            )
            assert isinstance(logged, HoursLogged)
            month = f"{day:%Y-%m}"
            if rng.random() < 0.06:  # corrected (0: withdrawn), weeks later, next month often
                corrected = rng.choice([0, minutes - 120, minutes + 60])
                correction = HoursCorrected(
                    participant_ref=ref,
                    correction_id=self.uid(),
                    entry_id=logged.entry_id,
                    placement_id=placement_id,
                    provider_id=provider_id,
                    work_date=day,
                    worked_minutes=corrected,
                )
                self.add(correction, _at(day + timedelta(days=rng.randrange(10, 40))))
                if rng.random() < 0.3:
                    self._early.append((4, correction))  # read before its entry
                minutes = corrected
            per_month[month] = per_month.get(month, 0) + minutes
            day += timedelta(days=7)
        for month, minutes in per_month.items():
            year, number = map(int, month.split("-"))
            closed = date(year + number // 12, number % 12 + 1, 5)
            cents = minutes * RATE_CENTS_PER_HOUR // 60
            corrections = -self.rng.randrange(0, 200) if self.rng.random() < 0.1 else 0
            self.add(
                AllowanceStatementIssued(
                    statement_id=self.uid(),
                    participant_ref=ref,
                    month=month,
                    total_cents=cents + corrections,
                    worked_minutes=minutes,
                    lines=4,
                    corrections_cents=corrections,
                ),
                _at(closed),
            )
            self.statement_cents[month] = self.statement_cents.get(month, 0) + cents + corrections

    def _refusal(
        self,
        ref: uuid.UUID,
        placement_id: uuid.UUID | None,
        opportunity_id: uuid.UUID | None,
        day: date,
        kind: RefusalKind,
    ) -> None:
        rng = self.rng
        justified = kind is RefusalKind.REFUSED and rng.random() < 0.4
        refusal = RefusalRecorded(
            participant_ref=ref,
            refusal_id=self.uid(),
            placement_id=placement_id,
            opportunity_id=opportunity_id,
            kind=kind,
            refusal_date=day,
            justified=justified,
            justification_category=JustificationCategory.ILLNESS if justified else None,
            legal_notice_given=True,
        )
        self.add(refusal, _at(day, 30))
        if justified or rng.random() < 0.2:
            return
        sanction_id = self.uid()
        proposed_day = day + timedelta(days=2)
        self.add(
            SanctionProposed(
                sanction_id=sanction_id,
                participant_ref=ref,
                refusal_id=refusal.refusal_id,
                placement_id=placement_id,
                legal_basis=LegalBasis.ASYLBLG_5,
                rule=SanctionRule.ASYLBLG_1A,
                rule_valid_from=date(2016, 8, 6),
                breach_number=1,
                duration_months=6,
                legal_notice_id=self.uid(),
                proposed_date=proposed_day,
            ),
            _at(proposed_day),
        )
        self._notice(ref, placement_id, "hearing", proposed_day)
        roll = rng.random()
        if roll < 0.6:
            decided = proposed_day + timedelta(days=rng.randrange(10, 25))
            self.add(
                SanctionDecided(
                    sanction_id=sanction_id,
                    participant_ref=ref,
                    rule=SanctionRule.ASYLBLG_1A,
                    effective_from=decided + timedelta(days=1),
                    effective_until=decided + timedelta(days=180),
                    hearing_date=decided - timedelta(days=3),
                    decided_date=decided,
                ),
                _at(decided),
            )
            self._notice(ref, placement_id, "sanction_decision", decided)
            if rng.random() < 0.3:
                ended = decided + timedelta(days=rng.randrange(20, 90))
                self.add(
                    SanctionEnded(
                        sanction_id=sanction_id,
                        participant_ref=ref,
                        reason=SanctionEndReason.WORK_TAKEN_UP,
                        end_date=ended,
                    ),
                    _at(ended),
                )
        elif roll < 0.9:
            waived = proposed_day + timedelta(days=rng.randrange(5, 20))
            self.add(
                SanctionWaived(
                    sanction_id=sanction_id,
                    participant_ref=ref,
                    reason=SanctionWaiverReason.JUSTIFIED_AT_HEARING,
                    waived_date=waived,
                ),
                _at(waived),
            )

    def _notice(
        self, ref: uuid.UUID, placement_id: uuid.UUID | None, notice_type: str, day: date
    ) -> None:
        rng = self.rng
        # Some outcomes at 23:30 UTC on a month's last day: already the next month in Berlin.
        hour = time(23, 30) if rng.random() < 0.05 else time(9, rng.randrange(0, 60))
        when = datetime.combine(day, hour, tzinfo=UTC)
        if rng.random() < 0.04:
            self.add(
                NoticeFailed(
                    notice_id=self.uid(),
                    notice_type=notice_type,
                    participant_ref=ref,
                    placement_id=placement_id,
                    channel=NoticeChannel.EMAIL,
                    attempts=5,
                    reason=NoticeFailureReason.RETRIES_EXHAUSTED,
                    failed_at=when,
                ),
                when,
            )
            return
        notice_id = self.uid()
        channel = NoticeChannel.LETTER if rng.random() < 0.5 else NoticeChannel.EMAIL
        for sequence in range(2 if rng.random() < 0.05 else 1):  # now and then a resend
            delivered_at = when + timedelta(days=sequence * 3)
            self.add(
                NoticeDelivered(
                    notice_id=notice_id,
                    notice_type=notice_type,
                    participant_ref=ref,
                    placement_id=placement_id,
                    channel=channel,
                    delivery_sequence=sequence,
                    delivered_at=delivered_at,
                ),
                delivered_at,
            )

    def _payment_runs(self) -> None:
        for month, cents in sorted(self.statement_cents.items()):
            if month > "2019-12":
                continue
            year, number = map(int, month.split("-"))
            completed = datetime(year + number // 12, number % 12 + 1, 15, 10, tzinfo=UTC)
            carried = self.rng.randrange(0, 3000)
            self.add(
                PaymentRunCompleted(
                    payment_run_id=self.uid(),
                    month=month,
                    payer=PaymentPayer.DISTRICT,
                    payments=50,
                    paid_cents=max(0, cents - carried),
                    carried_over_cents=carried,
                    completed_at=completed,
                ),
                completed,
            )

    # -- stream order -----------------------------------------------------------------------

    def _order(self) -> None:
        ordered = [event for _at_, _seq, event in sorted(self._timed, key=lambda t: t[:2])]
        times = {id(event): at for at, _seq, event in self._timed}
        early = {id(event) for _rank, event in self._early}
        # Events marked early go to the front of the stream (before their peers).
        stream = [e for e in ordered if id(e) in early] + [e for e in ordered if id(e) not in early]
        for event in stream:
            envelope = envelope_for(event)
            self.items.append((envelope.model_copy(update={"time": times[id(event)]}), event))
