"""The read model subscription: public placement, allowance and notification events become
stored facts.

Handlers only upsert facts keyed by their natural ids, so applying an event twice, or
events in any order, leaves the same rows; figures are aggregated from the rows later.
Hours entries, the bulk of the traffic, are written a run at a time (a batch handler).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from gemeinwerk_contracts import (
    AllowanceStatementIssued,
    Envelope,
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
)
from gemeinwerk_contracts.topics import ALLOWANCE_PUBLIC, NOTIFICATION_PUBLIC, PLACEMENT_PUBLIC

from chassis import Subscription, UnitOfWork
from reporting.store import business_facts, facts, statements

SUBSCRIPTION_NAME = "read_model"
TOPICS = (PLACEMENT_PUBLIC, ALLOWANCE_PUBLIC, NOTIFICATION_PUBLIC)
"""Every topic the subscription reads (the rebuild replays exactly these)."""


async def on_placement_started(
    uow: UnitOfWork, envelope: Envelope, event: PlacementStarted
) -> None:
    """Store the start (completing a row an earlier-read end created)."""
    await facts.record_start(uow.session, event, envelope.time)


async def on_placement_ended(uow: UnitOfWork, envelope: Envelope, event: PlacementEnded) -> None:
    """Store the end, even before the start is known."""
    await facts.record_end(uow.session, event, envelope.time)


async def on_hours_logged_run(uow: UnitOfWork, run: Sequence[tuple[Envelope, HoursLogged]]) -> None:
    """Store a run of hours entries with one multi-row upsert (batch handler).

    The most frequent event by far. A repeated entry id replaces the earlier minutes unless
    its ce_time is older, within the run (newest kept) as across runs (guarded in SQL).
    """
    await facts.record_hours(uow.session, [(event, envelope.time) for envelope, event in run])


async def on_hours_corrected_run(
    uow: UnitOfWork, run: Sequence[tuple[Envelope, HoursCorrected]]
) -> None:
    """Store a run of corrections on their hours entries' rows (batch handler).

    The entry gets the corrected minutes (0: withdrawn) unless a newer version is stored; a
    correction read before its HoursLogged creates the row, the older entry then loses.
    """
    await facts.record_hours(uow.session, [(event, envelope.time) for envelope, event in run])


async def on_statement_issued(
    uow: UnitOfWork, envelope: Envelope, event: AllowanceStatementIssued
) -> None:
    """Store the allowance statement."""
    await statements.record_statement(uow.session, event, envelope.time)


async def on_refusal_recorded(uow: UnitOfWork, envelope: Envelope, event: RefusalRecorded) -> None:
    """Store the refusal."""
    await facts.record_refusal(uow.session, event, envelope.time)


async def on_opportunity(
    uow: UnitOfWork, envelope: Envelope, event: OpportunityPublished | OpportunityChanged
) -> None:
    """Store the snapshot as the version effective from its effective_date."""
    await business_facts.record_opportunity(uow.session, event, envelope.time)


async def on_opportunity_closed(
    uow: UnitOfWork, envelope: Envelope, event: OpportunityClosed
) -> None:
    await business_facts.record_closure(uow.session, event, envelope.time)


async def on_obligation_changed(
    uow: UnitOfWork, envelope: Envelope, event: ParticipantObligationChanged
) -> None:
    await business_facts.record_obligation(uow.session, event, envelope.time)


async def on_placement_proposed(
    uow: UnitOfWork, envelope: Envelope, event: PlacementProposed
) -> None:
    await business_facts.record_proposal(uow.session, event, envelope.time)


async def on_sanction(
    uow: UnitOfWork,
    envelope: Envelope,
    event: SanctionProposed | SanctionDecided | SanctionWaived | SanctionEnded,
) -> None:
    """Store one step of a sanction (proposed, decided, waived, ended)."""
    await business_facts.record_sanction(uow.session, event, envelope.time)


async def on_payment_run(uow: UnitOfWork, envelope: Envelope, event: PaymentRunCompleted) -> None:
    await business_facts.record_payment_run(uow.session, event, envelope.time)


async def on_notice(
    uow: UnitOfWork, envelope: Envelope, event: NoticeDelivered | NoticeFailed
) -> None:
    await business_facts.record_notice(uow.session, event, envelope.time)


def read_model_subscription(
    after_commit: Callable[[], Awaitable[None]] | None = None,
) -> Subscription:
    """The one subscription of the service; `after_commit` asks for fresh gauges."""
    return Subscription(
        name=SUBSCRIPTION_NAME,
        topics=TOPICS,
        handlers={
            PlacementStarted: on_placement_started,
            PlacementEnded: on_placement_ended,
            RefusalRecorded: on_refusal_recorded,
            AllowanceStatementIssued: on_statement_issued,
            OpportunityPublished: on_opportunity,
            OpportunityChanged: on_opportunity,
            OpportunityClosed: on_opportunity_closed,
            ParticipantObligationChanged: on_obligation_changed,
            PlacementProposed: on_placement_proposed,
            SanctionProposed: on_sanction,
            SanctionDecided: on_sanction,
            SanctionWaived: on_sanction,
            SanctionEnded: on_sanction,
            PaymentRunCompleted: on_payment_run,
            NoticeDelivered: on_notice,
            NoticeFailed: on_notice,
        },
        batch_handlers={HoursLogged: on_hours_logged_run, HoursCorrected: on_hours_corrected_run},
        description="Placement proposals, starts, ends, hours (and their corrections), refusals, "
        "opportunities, obligations, sanctions, allowance statements, payment runs and notice "
        "outcomes as facts of the reporting read model (key: participant reference).",
        after_commit=after_commit,
    )
