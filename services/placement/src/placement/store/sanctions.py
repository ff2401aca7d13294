"""Delivered legal notices, sanction policy versions and sanctions (proposal → decision)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from gemeinwerk_contracts.vocabulary import (
    LegalBasis,
    SanctionEndReason,
    SanctionRule,
    SanctionWaiverReason,
)
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from chassis import Conflict
from placement import clock
from placement.domain.sanctions import (
    Sanction,
    SanctionPolicy,
    SanctionStatus,
    SanctionStep,
)
from placement.domain.violations import de_date
from placement.store.codec import aware
from placement.store.sanction_tables import legal_notice_delivery_table as n
from placement.store.sanction_tables import sanction_policy_table as p
from placement.store.sanction_tables import sanction_table as s

# -- legal notices ------------------------------------------------------------------------


@dataclass(frozen=True)
class LegalNotice:
    """An assignment notice (with Rechtsfolgenbelehrung) that reached its channel."""

    notice_id: str
    placement_id: str
    participant_ref: str
    channel: str
    delivered_at: datetime


async def record_notice(session: AsyncSession, notice: LegalNotice) -> bool:
    """Store the first delivery of a notice; a resend of a known notice changes nothing.
    Returns whether it was new."""
    known = await session.execute(select(n.c.notice_id).where(n.c.notice_id == notice.notice_id))
    if known.first() is not None:
        return False
    await session.execute(
        insert(n).values(
            notice_id=notice.notice_id,
            placement_id=notice.placement_id,
            participant_ref=notice.participant_ref,
            channel=notice.channel,
            delivered_at=aware(notice.delivered_at).astimezone(UTC),
            recorded_at=clock.now(),
        )
    )
    return True


async def first_notice(
    session: AsyncSession, placement_id: str, participant_ref: str
) -> LegalNotice | None:
    """The earliest delivered assignment notice of the placement to this participant."""
    row = (
        await session.execute(
            select(n)
            .where(n.c.placement_id == placement_id, n.c.participant_ref == participant_ref)
            .order_by(n.c.delivered_at, n.c.notice_id)
            .limit(1)
        )
    ).first()
    if row is None:
        return None
    return LegalNotice(
        row.notice_id, row.placement_id, row.participant_ref, row.channel, aware(row.delivered_at)
    )


# -- policies -----------------------------------------------------------------------------


async def policy_versions(session: AsyncSession, legal_basis: LegalBasis) -> list[SanctionPolicy]:
    """The stored versions of one legal basis, oldest first."""
    rows = (
        await session.execute(
            select(p).where(p.c.legal_basis == legal_basis.value).order_by(p.c.valid_from)
        )
    ).all()
    return [
        SanctionPolicy(
            LegalBasis(r.legal_basis),
            r.valid_from,
            tuple(SanctionStep(x["percent"], x["months"]) for x in json.loads(r.steps)),
            r.cap_percent,
            r.lookback_months,
        )
        for r in rows
    ]


async def add_policy(session: AsyncSession, policy: SanctionPolicy, created_by: str) -> None:
    """Store a version (409 when one of the legal basis starts on the same day)."""
    steps = [{"percent": x.percent, "months": x.months} for x in policy.steps]
    try:
        await session.execute(
            insert(p).values(
                legal_basis=policy.legal_basis.value,
                valid_from=policy.valid_from,
                steps=json.dumps(steps),
                cap_percent=policy.cap_percent,
                lookback_months=policy.lookback_months,
                created_at=clock.now(),
                created_by=created_by,
            )
        )
    except IntegrityError as exc:
        raise Conflict(
            f"Ab dem {de_date(policy.valid_from)} gilt für {policy.legal_basis.value} bereits "
            "eine Fassung; Fassungen werden nicht geändert, sondern durch neue ersetzt.",
            field="valid_from",
            code="version_exists",
        ) from exc


# -- sanctions ----------------------------------------------------------------------------


async def add(session: AsyncSession, sanction: Sanction, created_by: str) -> None:
    x = sanction
    await session.execute(
        insert(s).values(
            id=x.id,
            participant_id=x.participant_id,
            refusal_id=x.refusal_id,
            placement_id=x.placement_id,
            legal_basis=x.legal_basis.value,
            rule=x.rule.value,
            rule_valid_from=x.rule_valid_from,
            breach_number=x.breach_number,
            refusal_date=x.refusal_date,
            proposed_percent=x.proposed_percent,
            proposed_months=x.proposed_months,
            legal_notice_id=x.legal_notice_id,
            proposed_date=x.proposed_date,
            status=x.status.value,
            created_at=clock.now(),
            created_by=created_by,
        )
    )


def _sanction(row: Any) -> Sanction:
    return Sanction(
        id=row.id,
        participant_id=row.participant_id,
        refusal_id=row.refusal_id,
        placement_id=row.placement_id,
        legal_basis=LegalBasis(row.legal_basis),
        rule=SanctionRule(row.rule),
        rule_valid_from=row.rule_valid_from,
        breach_number=row.breach_number,
        refusal_date=row.refusal_date,
        proposed_percent=row.proposed_percent,
        proposed_months=row.proposed_months,
        legal_notice_id=row.legal_notice_id,
        proposed_date=row.proposed_date,
        status=SanctionStatus(row.status),
        hearing_date=row.hearing_date,
        hearing_summary=row.hearing_summary,
        reduction_percent=row.reduction_percent,
        effective_from=row.effective_from,
        effective_until=row.effective_until,
        decided_date=row.decided_date,
        waiver_reason=SanctionWaiverReason(row.waiver_reason) if row.waiver_reason else None,
        waived_date=row.waived_date,
        end_reason=SanctionEndReason(row.end_reason) if row.end_reason else None,
        end_date=row.end_date,
    )


async def get(session: AsyncSession, sanction_id: str, lock: bool = False) -> Sanction | None:
    """A sanction; `lock` takes its row lock (PostgreSQL) before a change of state."""
    query = select(s).where(s.c.id == sanction_id)
    if lock:
        query = query.with_for_update()
    row = (await session.execute(query)).first()
    return _sanction(row) if row else None


async def for_participant(
    session: AsyncSession, participant_id: str, lock: bool = False
) -> list[Sanction]:
    """All sanctions of a participant, oldest proposal first."""
    query = (
        select(s)
        .where(s.c.participant_id == participant_id)
        .order_by(s.c.proposed_date, s.c.created_at, s.c.id)
    )
    if lock:
        query = query.with_for_update()
    return [_sanction(r) for r in (await session.execute(query)).all()]


async def earlier_starts(
    session: AsyncSession, participant_id: str, rule: SanctionRule
) -> list[date]:
    """Start days of the participant's decided sanctions under `rule` that count as previous
    breaches: decided, or ended because the work was taken up (not waived, not revoked)."""
    counted = (SanctionStatus.DECIDED.value, SanctionStatus.ENDED.value)
    rows = (
        await session.execute(
            select(s.c.effective_from, s.c.end_reason).where(
                s.c.participant_id == participant_id,
                s.c.rule == rule.value,
                s.c.status.in_(counted),
                s.c.effective_from.is_not(None),
            )
        )
    ).all()
    return [r.effective_from for r in rows if r.end_reason != SanctionEndReason.REVOKED.value]


async def change(session: AsyncSession, sanction_id: str, values: Mapping[str, object]) -> None:
    """Write a change of state (the caller checked it against the rules)."""
    await session.execute(update(s).where(s.c.id == sanction_id).values(**values))
