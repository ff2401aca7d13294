"""Facts of the business figures: written from the issue-6 events, read back as domain rows."""

from __future__ import annotations

from datetime import datetime

from gemeinwerk_contracts import (
    NoticeDelivered,
    NoticeFailed,
    OpportunityChanged,
    OpportunityClosed,
    OpportunityPublished,
    ParticipantObligationChanged,
    PaymentRunCompleted,
    PlacementProposed,
    SanctionDecided,
    SanctionEnded,
    SanctionProposed,
    SanctionWaived,
)
from sqlalchemy import extract, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from reporting.domain.business import (
    BusinessFacts,
    HoursSum,
    NoticeOutcome,
    ObligationVersion,
    OpportunityVersion,
    PaymentRunFact,
    ProposalFact,
    RefusalRow,
    SanctionFact,
)
from reporting.domain.months import BERLIN, Month
from reporting.store.facts import load_placements, utc
from reporting.store.statements import load_statements
from reporting.store.tables import (
    hours_entry_table,
    notice_outcome_table,
    obligation_version_table,
    opportunity_closure_table,
    opportunity_version_table,
    payment_run_table,
    placement_proposal_table,
    refusal_table,
    sanction_table,
)
from reporting.store.upsert import upsert

LAST = "last_event_at"


def _others(values: dict[str, object], *key: str) -> list[str]:
    return [name for name in values if name not in key]


async def record_opportunity(
    session: AsyncSession, event: OpportunityPublished | OpportunityChanged, at: datetime
) -> None:
    """Store a snapshot as the version effective from its effective_date."""
    values: dict[str, object] = {
        "opportunity_id": str(event.opportunity_id),
        "effective_date": event.effective_date,
        "provider_kind": event.provider_kind.value,
        "municipality_key": event.municipality_key,
        "category": event.category.value,
        "places": event.places,
        "start_date": event.start_date,
        "end_date": event.end_date,
        "legal_bases": ",".join(sorted(b.value for b in event.legal_bases)),
        LAST: utc(at),
    }
    key = ("opportunity_id", "effective_date")
    await upsert(session, opportunity_version_table, values, key, _others(values, *key), LAST)


async def record_closure(session: AsyncSession, event: OpportunityClosed, at: datetime) -> None:
    values: dict[str, object] = {
        "opportunity_id": str(event.opportunity_id),
        "closed_date": event.closed_date,
        LAST: utc(at),
    }
    key = ("opportunity_id",)
    await upsert(session, opportunity_closure_table, values, key, _others(values, *key), LAST)


async def record_obligation(
    session: AsyncSession, event: ParticipantObligationChanged, at: datetime
) -> None:
    values: dict[str, object] = {
        "participant_ref": str(event.participant_ref),
        "effective_date": event.effective_date,
        "obliged": event.obliged,
        "legal_basis": event.legal_basis.value,
        "municipality_key": event.municipality_key,
        LAST: utc(at),
    }
    key = ("participant_ref", "effective_date")
    await upsert(session, obligation_version_table, values, key, _others(values, *key), LAST)


async def record_proposal(session: AsyncSession, event: PlacementProposed, at: datetime) -> None:
    values: dict[str, object] = {
        "placement_id": str(event.placement_id),
        "participant_ref": str(event.participant_ref),
        "opportunity_id": str(event.opportunity_id),
        "provider_kind": event.provider_kind.value,
        "municipality_key": event.municipality_key,
        "legal_basis": event.legal_basis.value,
        "category": event.category.value,
        "planned_start_date": event.start_date,
        "proposed_date": event.proposed_date,
        LAST: utc(at),
    }
    key = ("placement_id",)
    await upsert(session, placement_proposal_table, values, key, _others(values, *key), LAST)


async def record_sanction(
    session: AsyncSession,
    event: SanctionProposed | SanctionDecided | SanctionWaived | SanctionEnded,
    at: datetime,
) -> None:
    """Store one step of a sanction; each step is guarded by its own ce_time column."""
    values: dict[str, object] = {
        "sanction_id": str(event.sanction_id),
        "participant_ref": str(event.participant_ref),
    }
    if isinstance(event, SanctionProposed):
        guard = "proposed_event_at"
        values |= {
            "placement_id": str(event.placement_id) if event.placement_id else None,
            "legal_basis": event.legal_basis.value,
            "rule": event.rule.value,
            "proposed_date": event.proposed_date,
        }
    elif isinstance(event, SanctionDecided):
        guard = "decided_event_at"
        values |= {"decided_date": event.decided_date}
    elif isinstance(event, SanctionWaived):
        guard = "waived_event_at"
        values |= {"waived_date": event.waived_date, "waived_reason": event.reason.value}
    else:
        guard = "ended_event_at"
        values |= {"ended_date": event.end_date, "end_reason": event.reason.value}
    values[guard] = utc(at)
    key = ("sanction_id",)
    await upsert(session, sanction_table, values, key, _others(values, *key), guard)


async def record_payment_run(
    session: AsyncSession, event: PaymentRunCompleted, at: datetime
) -> None:
    values: dict[str, object] = {
        "payment_run_id": str(event.payment_run_id),
        "month": str(Month.parse(event.month)),
        "payer": event.payer.value,
        "payments": event.payments,
        "paid_cents": event.paid_cents,
        "carried_over_cents": event.carried_over_cents,
        LAST: utc(at),
    }
    key = ("payment_run_id",)
    await upsert(session, payment_run_table, values, key, _others(values, *key), LAST)


async def record_notice(
    session: AsyncSession, event: NoticeDelivered | NoticeFailed, at: datetime
) -> None:
    """A delivery (per delivery sequence) or a failure of a notice, by its Berlin day."""
    if isinstance(event, NoticeDelivered):
        outcome_id = f"{event.notice_id}:delivered:{event.delivery_sequence}"
        outcome, when, reason = "delivered", event.delivered_at, None
    else:
        outcome_id = f"{event.notice_id}:failed"
        outcome, when, reason = "failed", event.failed_at, event.reason.value
    values: dict[str, object] = {
        "outcome_id": outcome_id,
        "notice_id": str(event.notice_id),
        "notice_type": event.notice_type,
        "outcome": outcome,
        "outcome_date": utc(when).astimezone(BERLIN).date(),
        "reason": reason,
        LAST: utc(at),
    }
    key = ("outcome_id",)
    await upsert(session, notice_outcome_table, values, key, _others(values, *key), LAST)


async def load_business_facts(session: AsyncSession) -> BusinessFacts:
    """Every fact the business figures need; hours summed per placement and month in SQL."""
    c, r, h = opportunity_closure_table.c, refusal_table.c, hours_entry_table.c
    pr, n = payment_run_table.c, notice_outcome_table.c
    facts = BusinessFacts(placements=await load_placements(session))
    facts.opportunities = [
        OpportunityVersion(
            row.opportunity_id,
            row.effective_date,
            row.provider_kind,
            row.municipality_key,
            row.category,
            int(row.places),
            row.start_date,
            row.end_date,
            tuple(row.legal_bases.split(",")),
        )
        for row in await session.execute(select(opportunity_version_table))
    ]
    facts.closures = {
        row.opportunity_id: row.closed_date
        for row in await session.execute(select(c.opportunity_id, c.closed_date))
    }
    facts.obligations = [
        ObligationVersion(
            row.participant_ref,
            row.effective_date,
            bool(row.obliged),
            row.legal_basis,
            row.municipality_key,
        )
        for row in await session.execute(select(obligation_version_table))
    ]
    facts.proposals = [
        ProposalFact(
            row.placement_id,
            row.participant_ref,
            row.provider_kind,
            row.municipality_key,
            row.legal_basis,
            row.category,
            row.proposed_date,
        )
        for row in await session.execute(select(placement_proposal_table))
    ]
    facts.sanctions = [
        SanctionFact(
            row.sanction_id,
            row.participant_ref,
            row.placement_id,
            row.legal_basis,
            row.proposed_date,
            row.decided_date,
            row.waived_date,
            row.ended_date,
        )
        for row in await session.execute(select(sanction_table))
    ]
    facts.refusals = [
        RefusalRow(row.refusal_id, row.refusal_date, bool(row.justified), row.placement_id)
        for row in await session.execute(
            select(r.refusal_id, r.refusal_date, r.justified, r.placement_id)
        )
    ]
    facts.statements = await load_statements(session)
    facts.payment_runs = [
        PaymentRunFact(row.payment_run_id, row.month, int(row.paid_cents))
        for row in await session.execute(select(pr.payment_run_id, pr.month, pr.paid_cents))
    ]
    facts.notices = [
        NoticeOutcome(row.outcome_id, row.notice_type, row.outcome, row.outcome_date)
        for row in await session.execute(
            select(n.outcome_id, n.notice_type, n.outcome, n.outcome_date)
        )
    ]
    year, month = extract("year", h.work_date), extract("month", h.work_date)
    rows = await session.execute(
        select(h.placement_id, year, month, func.sum(h.minutes)).group_by(
            h.placement_id, year, month
        )
    )
    facts.hours = [
        HoursSum(placement_id, Month(int(y), int(m)), int(total or 0))
        for placement_id, y, m, total in rows
    ]
    return facts
