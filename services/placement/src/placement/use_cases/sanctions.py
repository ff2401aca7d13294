"""Use cases of sanctions: legal notices from NoticeDelivered, the proposal after an
unjustified refusal, the hearing, the decision or waiver by a person, and the end of a
running sanction when the work is taken up.

Access reuses the refusal actions of `domain/access.py`: recording a hearing, deciding and
waiving need `RECORD_REFUSAL` (case workers, coordinators); reading needs
`VIEW_PARTICIPANT`; policy versions need `MANAGE_POLICY` / `VIEW_POLICY`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date
from typing import ClassVar, Literal
from weakref import WeakKeyDictionary

from chassis.auth import Principal
from chassis.logs import correlation_id_var
from gemeinwerk_contracts import (
    SanctionDecided,
    SanctionEnded,
    SanctionProposed,
    SanctionWaived,
)
from gemeinwerk_contracts.vocabulary import (
    LegalBasis,
    SanctionEndReason,
    SanctionRule,
    SanctionWaiverReason,
)
from prometheus_client import CollectorRegistry, Counter
from sqlalchemy.ext.asyncio import AsyncSession

from chassis import Conflict, DomainError, NotFound, UnitOfWork
from placement import clock
from placement.context import PlacementContext
from placement.domain.access import Action
from placement.domain.models import Participant, Refusal
from placement.domain.policy import Schedule
from placement.domain.sanctions import (
    DEFAULT_POLICIES,
    NO_SANCTION_JUSTIFIED,
    NO_SANCTION_NO_NOTICE,
    NO_SANCTION_NO_PLACEMENT,
    Sanction,
    SanctionPolicy,
    SanctionStatus,
    check_decision,
    check_hearing,
    check_overall_cap,
    check_policy,
    check_waiver,
    overlaps,
    period_until,
    propose,
    rule_for,
    running_or_pending,
)
from placement.domain.violations import Violation
from placement.store import audit as audit_store
from placement.store import participants
from placement.store import sanctions as store
from placement.store.audit import AuditRecord
from placement.store.sanctions import LegalNotice
from placement.use_cases.common import audit, authorize

SYSTEM_SUBJECT = "system:placement"


class SanctionMetrics:
    """Counters of the sanction process (closed vocabularies only), one set per registry."""

    _by_registry: ClassVar[WeakKeyDictionary[CollectorRegistry, SanctionMetrics]] = (
        WeakKeyDictionary()
    )

    def __init__(self, registry: CollectorRegistry) -> None:
        self.steps = Counter(
            "gemeinwerk_placement_sanction_steps",
            "Sanctions proposed, decided, waived or ended, by rule.",
            ("step", "rule"),
            registry=registry,
        )
        self.not_possible = Counter(
            "gemeinwerk_placement_sanctions_not_possible",
            "Refusals without a sanction proposal, by reason.",
            ("reason",),
            registry=registry,
        )

    @classmethod
    def of(cls, ctx: PlacementContext) -> SanctionMetrics:
        registry = ctx.runtime.metrics.registry
        if registry not in cls._by_registry:
            cls._by_registry[registry] = cls(registry)
        return cls._by_registry[registry]


def count_outcome(ctx: PlacementContext, outcome: SanctionOutcome) -> None:
    """After the commit of a refusal: count the proposal, or why there was none."""
    metrics = SanctionMetrics.of(ctx)
    if outcome.sanction is not None:
        metrics.steps.labels("proposed", outcome.sanction.rule.value).inc()
    else:
        metrics.not_possible.labels(outcome.code).inc()


# -- outcome of a refusal -----------------------------------------------------------------


@dataclass(frozen=True)
class SanctionOutcome:
    """What the refusal means for a sanction: a proposal, or why there can be none."""

    status: Literal["proposed", "not_possible"]
    code: Literal["proposed", "justified", "no_placement", "no_legal_notice"]
    reason: str | None = None
    sanction: Sanction | None = None


async def legal_notice_for(
    session: AsyncSession, placement_id: str | None, participant_ref: str, refusal_date: date
) -> LegalNotice | None:
    """The assignment notice of the placement delivered to the participant on or before the
    refusal day (Europe/Berlin); a notice delivered only afterwards does not count."""
    if placement_id is None:
        return None
    notice = await store.first_notice(session, placement_id, participant_ref)
    if notice is None or notice.delivered_at.astimezone(clock.BERLIN).date() > refusal_date:
        return None
    return notice


async def sanction_schedule(
    session: AsyncSession, legal_basis: LegalBasis
) -> Schedule[SanctionPolicy]:
    """The rule of a legal basis: the default, then every stored version."""
    return Schedule(
        DEFAULT_POLICIES[legal_basis], await store.policy_versions(session, legal_basis)
    )


async def consider_refusal(
    uow: UnitOfWork,
    principal: Principal,
    refusal: Refusal,
    participant: Participant,
    notice: LegalNotice | None,
) -> SanctionOutcome:
    """After a refusal is recorded (same transaction): propose a sanction and publish
    `SanctionProposed` when the refusal was unjustified, concerns a placement and the
    placement's legal notice was delivered; otherwise say why not."""
    if refusal.justified:
        return SanctionOutcome("not_possible", "justified", NO_SANCTION_JUSTIFIED)
    if refusal.placement_id is None:
        return SanctionOutcome("not_possible", "no_placement", NO_SANCTION_NO_PLACEMENT)
    if notice is None:
        return SanctionOutcome("not_possible", "no_legal_notice", NO_SANCTION_NO_NOTICE)
    session = uow.session
    rule = rule_for(participant.legal_basis)
    schedule = await sanction_schedule(session, participant.legal_basis)
    starts = await store.earlier_starts(session, participant.id, rule)
    proposal = propose(schedule, refusal.refusal_date, starts)
    sanction = Sanction(
        id=str(uuid.uuid4()),
        participant_id=participant.id,
        refusal_id=refusal.id,
        placement_id=refusal.placement_id,
        legal_basis=participant.legal_basis,
        rule=proposal.rule,
        rule_valid_from=proposal.rule_valid_from,
        breach_number=proposal.breach_number,
        refusal_date=refusal.refusal_date,
        proposed_percent=proposal.reduction_percent,
        proposed_months=proposal.duration_months,
        legal_notice_id=notice.notice_id,
        proposed_date=clock.today(),
        status=SanctionStatus.PROPOSED,
    )
    await store.add(session, sanction, principal.subject)
    details = {
        "refusal_id": refusal.id,
        "rule": rule.value,
        "breach_number": sanction.breach_number,
    }
    await audit_store.append(
        session,
        [audit(principal, "sanction.proposed", participant.id, "sanction", sanction.id, details)],
    )
    uow.publish(
        SanctionProposed(
            sanction_id=uuid.UUID(sanction.id),
            participant_ref=uuid.UUID(participant.participant_ref),
            refusal_id=uuid.UUID(refusal.id),
            placement_id=uuid.UUID(refusal.placement_id),
            legal_basis=sanction.legal_basis,
            rule=sanction.rule,
            rule_valid_from=sanction.rule_valid_from,
            breach_number=sanction.breach_number,
            reduction_percent=sanction.proposed_percent,
            duration_months=sanction.proposed_months,
            legal_notice_id=uuid.UUID(notice.notice_id),
            proposed_date=sanction.proposed_date,
        )
    )
    return SanctionOutcome("proposed", "proposed", None, sanction)


# -- legal notices (consumer) -------------------------------------------------------------


async def record_legal_notice(uow: UnitOfWork, notice: LegalNotice) -> bool:
    """Remember that the assignment notice of a placement reached the participant."""
    return await store.record_notice(uow.session, notice)


# -- policies -----------------------------------------------------------------------------


async def add_policy(
    ctx: PlacementContext, principal: Principal, policy: SanctionPolicy
) -> SanctionPolicy:
    """Store a new version of a legal basis's sanction rule (coordinator only)."""
    authorize(principal, Action.MANAGE_POLICY)
    _ensure(check_policy(policy))
    async with ctx.uow() as uow:
        await store.add_policy(uow.session, policy, principal.subject)
        await uow.commit()
    return policy


async def list_policies(
    ctx: PlacementContext, principal: Principal, legal_basis: LegalBasis | None
) -> list[SanctionPolicy]:
    """Per legal basis the default (valid_from 0001-01-01) and the stored versions."""
    authorize(principal, Action.VIEW_POLICY)
    bases = [legal_basis] if legal_basis else list(LegalBasis)
    async with ctx.uow() as uow:
        return [p for b in bases for p in (await sanction_schedule(uow.session, b)).all()]


# -- reading ------------------------------------------------------------------------------


async def get_sanction(ctx: PlacementContext, principal: Principal, sanction_id: str) -> Sanction:
    async with ctx.uow() as uow:
        sanction, _ = await _load(uow, principal, sanction_id, Action.VIEW_PARTICIPANT)
        await audit_store.append(
            uow.session,
            [audit(principal, "sanction.viewed", sanction.participant_id, "sanction", sanction.id)],
        )
        await uow.commit()
    return sanction


async def list_sanctions(
    ctx: PlacementContext, principal: Principal, participant_id: str
) -> list[Sanction]:
    async with ctx.uow() as uow:
        participant = await participants.get(uow.session, participant_id)
        if participant is None:
            raise NotFound("Die teilnehmende Person ist nicht bekannt.", "participant_id", "query")
        authorize(principal, Action.VIEW_PARTICIPANT, [participant.municipality_key])
        found = await store.for_participant(uow.session, participant_id)
        record = audit(
            principal,
            "sanctions.listed",
            participant_id,
            "participant",
            participant_id,
            {"count": len(found)},
        )
        await audit_store.append(uow.session, [record])
        await uow.commit()
    return found


# -- hearing, decision, waiver ------------------------------------------------------------


async def record_hearing(
    ctx: PlacementContext,
    principal: Principal,
    sanction_id: str,
    held_on: date,
    statement_summary: str | None,
) -> Sanction:
    """Record the Anhörung of an open proposal; the summary stays internal."""
    async with ctx.uow() as uow:
        sanction, _ = await _load(uow, principal, sanction_id, Action.RECORD_REFUSAL, lock=True)
        _ensure(check_hearing(sanction.status, held_on, sanction.refusal_date, clock.today()))
        if sanction.hearing_date is not None:
            raise Conflict("Die Anhörung ist bereits erfasst.", code="hearing_exists")
        await store.change(
            uow.session,
            sanction.id,
            {
                "hearing_date": held_on,
                "hearing_summary": statement_summary,
                "hearing_recorded_at": clock.now(),
                "hearing_recorded_by": principal.subject,
            },
        )
        record = audit(
            principal,
            "sanction.hearing_recorded",
            sanction.participant_id,
            "sanction",
            sanction.id,
            {"held_on": held_on},
        )
        await audit_store.append(uow.session, [record])
        await uow.commit()
    return replace(sanction, hearing_date=held_on, hearing_summary=statement_summary)


async def decide(
    ctx: PlacementContext,
    principal: Principal,
    sanction_id: str,
    effective_from: date,
    reduction_percent: int | None,
    months: int | None,
) -> Sanction:
    """A person decides the proposal after the hearing; publishes `SanctionDecided`.

    The decision may lower the percentage (SGB II) and shorten the period, never raise them.
    """
    async with ctx.uow() as uow:
        sanction, participant = await _load(uow, principal, sanction_id, Action.RECORD_REFUSAL)
        # Decisions of one person are serialised (the cap counts the others): lock all of
        # their sanctions, always in the same order, and read this one again under the lock.
        others = await store.for_participant(uow.session, sanction.participant_id, lock=True)
        sanction = next(o for o in others if o.id == sanction.id)
        _ensure(
            check_decision(
                status=sanction.status,
                hearing_date=sanction.hearing_date,
                rule=sanction.rule,
                proposed_percent=sanction.proposed_percent,
                proposed_months=sanction.proposed_months,
                reduction_percent=reduction_percent,
                months=months,
                effective_from=effective_from,
            )
        )
        percent = (
            (reduction_percent or sanction.proposed_percent)
            if sanction.rule is SanctionRule.SGB2_31A
            else None
        )
        until = period_until(effective_from, months or sanction.proposed_months)
        if percent is not None:
            schedule = await sanction_schedule(uow.session, sanction.legal_basis)
            cap = schedule.on(sanction.rule_valid_from).cap_percent
            overlapping = [
                o.reduction_percent
                for o in others
                if o.status is SanctionStatus.DECIDED
                and o.reduction_percent is not None
                and o.effective_from is not None
                and o.effective_until is not None
                and overlaps((o.effective_from, o.effective_until), (effective_from, until))
            ]
            _ensure(check_overall_cap(percent, cap or 100, overlapping))
        today = clock.today()
        decided = replace(
            sanction,
            status=SanctionStatus.DECIDED,
            reduction_percent=percent,
            effective_from=effective_from,
            effective_until=until,
            decided_date=today,
        )
        await store.change(
            uow.session,
            sanction.id,
            {
                "status": decided.status.value,
                "reduction_percent": percent,
                "effective_from": effective_from,
                "effective_until": until,
                "decided_date": today,
                "decided_by": principal.subject,
            },
        )
        details = {"effective_from": effective_from, "effective_until": until}
        record = audit(
            principal,
            "sanction.decided",
            sanction.participant_id,
            "sanction",
            sanction.id,
            details,
        )
        await audit_store.append(uow.session, [record])
        uow.publish(
            SanctionDecided(
                sanction_id=uuid.UUID(sanction.id),
                participant_ref=uuid.UUID(participant.participant_ref),
                rule=sanction.rule,
                reduction_percent=percent,
                effective_from=effective_from,
                effective_until=until,
                hearing_date=sanction.hearing_date,
                decided_date=today,
            )
        )
        await uow.commit()
    SanctionMetrics.of(ctx).steps.labels("decided", decided.rule.value).inc()
    return decided


async def waive(
    ctx: PlacementContext, principal: Principal, sanction_id: str, reason: SanctionWaiverReason
) -> Sanction:
    """A person decides against the proposal; publishes `SanctionWaived`."""
    async with ctx.uow() as uow:
        sanction, participant = await _load(
            uow, principal, sanction_id, Action.RECORD_REFUSAL, lock=True
        )
        _ensure(check_waiver(sanction.status))
        waived = await _waive(uow, sanction, participant, reason, principal.subject)
        record = audit(
            principal,
            "sanction.waived",
            sanction.participant_id,
            "sanction",
            sanction.id,
            {"reason": reason.value},
        )
        await audit_store.append(uow.session, [record])
        await uow.commit()
    SanctionMetrics.of(ctx).steps.labels("waived", waived.rule.value).inc()
    return waived


async def _waive(
    uow: UnitOfWork,
    sanction: Sanction,
    participant: Participant,
    reason: SanctionWaiverReason,
    subject: str,
) -> Sanction:
    today = clock.today()
    await store.change(
        uow.session,
        sanction.id,
        {
            "status": SanctionStatus.WAIVED.value,
            "waiver_reason": reason.value,
            "waived_date": today,
            "waived_by": subject,
        },
    )
    uow.publish(
        SanctionWaived(
            sanction_id=uuid.UUID(sanction.id),
            participant_ref=uuid.UUID(participant.participant_ref),
            reason=reason,
            waived_date=today,
        )
    )
    return replace(sanction, status=SanctionStatus.WAIVED, waiver_reason=reason, waived_date=today)


# -- taking up the work -------------------------------------------------------------------


async def end_running_sanctions(uow: UnitOfWork, participant_id: str, on: date) -> int:
    """The participant took up the work on `on`: in the caller's transaction,

    - every decided sanction that still applies on `on` or later (running, or decided but not
      yet begun) ends with `SanctionEnded(reason=work_taken_up, end_date=on)`: from `on`
      there is no reduction any more;
    - every open proposal is waived with `SanctionWaived(reason=work_taken_up)`: the
      refusal no longer persists, so there is nothing left to decide.

    Sanctions whose period ended before `on` stay as they are. Returns how many sanctions
    were ended or waived. The audit records name the system as the actor.
    """
    session = uow.session
    participant = await participants.get(session, participant_id)
    if participant is None:
        return 0
    changed = 0
    records: list[AuditRecord] = []
    for sanction in await store.for_participant(session, participant_id, lock=True):
        if sanction.status is SanctionStatus.PROPOSED:
            await _waive(
                uow, sanction, participant, SanctionWaiverReason.WORK_TAKEN_UP, SYSTEM_SUBJECT
            )
            action = "sanction.waived"
        elif running_or_pending(sanction.status, sanction.effective_until, on):
            await store.change(
                session,
                sanction.id,
                {
                    "status": SanctionStatus.ENDED.value,
                    "end_reason": SanctionEndReason.WORK_TAKEN_UP.value,
                    "end_date": on,
                    "ended_by": SYSTEM_SUBJECT,
                },
            )
            uow.publish(
                SanctionEnded(
                    sanction_id=uuid.UUID(sanction.id),
                    participant_ref=uuid.UUID(participant.participant_ref),
                    reason=SanctionEndReason.WORK_TAKEN_UP,
                    end_date=on,
                )
            )
            action = "sanction.ended"
        else:
            continue
        changed += 1
        records.append(
            AuditRecord(
                occurred_at=clock.now(),
                actor_subject=SYSTEM_SUBJECT,
                actor_role="system",
                actor_scope="*",
                action=action,
                participant_id=participant_id,
                entity_type="sanction",
                entity_id=sanction.id,
                details={"reason": "work_taken_up", "on": on},
                correlation_id=correlation_id_var.get(),
            )
        )
    await audit_store.append(session, records)
    return changed


# -- helpers ------------------------------------------------------------------------------


async def _load(
    uow: UnitOfWork, principal: Principal, sanction_id: str, action: Action, lock: bool = False
) -> tuple[Sanction, Participant]:
    sanction = await store.get(uow.session, sanction_id, lock=lock)
    if sanction is None:
        raise NotFound("Der Sanktionsvorschlag ist nicht bekannt.", "sanction_id")
    participant = await participants.get(uow.session, sanction.participant_id)
    assert participant is not None  # a foreign key
    authorize(principal, action, [participant.municipality_key])
    return sanction, participant


def _ensure(violation: Violation | None) -> None:
    """Like `common.ensure`; a state conflict without a field has no `loc`."""
    if violation is None:
        return
    field = violation.field or None
    if violation.conflict:
        raise Conflict(violation.message, field=field, code=violation.code)
    raise DomainError(violation.message, field=field, code=violation.code)
