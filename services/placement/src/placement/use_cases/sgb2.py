"""§ 16d SGB II months: the effective-dated limit, re-checks and the months a person used."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from chassis.auth import Principal
from sqlalchemy.ext.asyncio import AsyncSession

from chassis import DomainError, NotFound
from placement import clock
from placement.commands import AddSgb2MonthsPolicy, RecordSgb2Recheck
from placement.context import PlacementContext
from placement.domain.access import Action
from placement.domain.models import Participant
from placement.domain.policy import Schedule
from placement.domain.sgb2_months import (
    MonthsUsage,
    Sgb2MonthsPolicy,
    Span,
    check_months,
    usage,
    window_start,
)
from placement.domain.violations import Violation
from placement.settings import Settings
from placement.store import audit as audit_store
from placement.store import participants, sgb2
from placement.use_cases.common import audit, authorize

SGB2 = "sgb2_16d"


async def months_schedule(session: AsyncSession, settings: Settings) -> Schedule[Sgb2MonthsPolicy]:
    """The § 16d limit: the settings' default, then every stored version."""
    default = Sgb2MonthsPolicy(date.min, settings.sgb2_months_limit, settings.sgb2_window_years)
    return Schedule(default, await sgb2.versions(session))


async def check_proposal(
    session: AsyncSession,
    settings: Settings,
    participant: Participant,
    start_date: date,
    end_date: date | None,
) -> Violation | None:
    """The months rule for a new Zuweisung of a § 16d participant (None for others)."""
    if participant.legal_basis.value != SGB2:
        return None
    today = clock.today()
    existing = await sgb2.spans(session, participant.id, today)
    proposed = Span(start_date, end_date or start_date)
    policy = (await months_schedule(session, settings)).on(today)
    start = window_start([*existing, proposed], start_date, policy.window_years)
    rechecked = any(start <= d <= today for d in await sgb2.recheck_dates(session, participant.id))
    return check_months(existing, proposed, policy, rechecked)


@dataclass(frozen=True)
class MonthsView:
    usage: MonthsUsage
    rechecks: list[date]


async def months_used(
    ctx: PlacementContext, principal: Principal, participant_id: str, on: date | None = None
) -> MonthsView:
    """Used and remaining § 16d months of a participant on `on` (default today); audited."""
    day = on or clock.today()
    async with ctx.uow() as uow:
        person = await _person(uow.session, principal, participant_id, Action.VIEW_PARTICIPANT)
        spans = await sgb2.spans(uow.session, person.id, day, used_only=True)
        policy = (await months_schedule(uow.session, ctx.settings)).on(day)
        rechecks = await sgb2.recheck_dates(uow.session, person.id)
        record = audit(principal, "sgb2_months.viewed", person.id, "participant", person.id)
        await audit_store.append(uow.session, [record])
        await uow.commit()
    return MonthsView(usage(spans, day, policy), rechecks)


async def record_recheck(
    ctx: PlacementContext, principal: Principal, participant_id: str, command: RecordSgb2Recheck
) -> tuple[str, date, datetime]:
    """Record a documented re-check for a § 16d participant (422 for others or a future day)."""
    if command.decided_on > clock.today():
        raise DomainError(
            "Das Datum der Prüfung liegt in der Zukunft.", field="decided_on", code="in_future"
        )
    async with ctx.uow() as uow:
        person = await _person(uow.session, principal, participant_id, Action.RECORD_EXEMPTION)
        if person.legal_basis.value != SGB2:
            raise DomainError(
                "Eine Prüfung der Höchstdauer gibt es nur für Zuweisungen nach § 16d SGB II.",
                field="participant_id",
                code="not_sgb2",
            )
        recheck_id = str(uuid.uuid4())
        now = clock.now()
        await sgb2.add_recheck(
            uow.session,
            recheck_id,
            person.id,
            command.decided_on,
            command.note,
            now,
            principal.subject,
        )
        details = {"decided_on": command.decided_on}
        record = audit(
            principal, "sgb2_recheck.recorded", person.id, "sgb2_recheck", recheck_id, details
        )
        await audit_store.append(uow.session, [record])
        await uow.commit()
    return recheck_id, command.decided_on, now


async def add_policy(
    ctx: PlacementContext, principal: Principal, command: AddSgb2MonthsPolicy
) -> Sgb2MonthsPolicy:
    """Store a new version of the § 16d limit (coordinator; 409 when one starts that day)."""
    authorize(principal, Action.MANAGE_POLICY)
    policy = Sgb2MonthsPolicy(command.valid_from, command.months_limit, command.window_years)
    async with ctx.uow() as uow:
        await sgb2.add_version(uow.session, policy, principal.subject)
        await uow.commit()
    return policy


async def list_policies(ctx: PlacementContext, principal: Principal) -> list[Sgb2MonthsPolicy]:
    """The default (valid_from 0001-01-01) and every stored version, oldest first."""
    authorize(principal, Action.VIEW_POLICY)
    async with ctx.uow() as uow:
        return (await months_schedule(uow.session, ctx.settings)).all()


async def _person(
    session: AsyncSession, principal: Principal, participant_id: str, action: Action
) -> Participant:
    person = await participants.get(session, participant_id)
    if person is None:
        raise NotFound("Die teilnehmende Person ist nicht bekannt.")
    authorize(principal, action, [person.municipality_key])
    return person
