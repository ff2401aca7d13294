"""Use cases on the district's effective-dated policy settings (coordinator only)."""

from __future__ import annotations

from datetime import date

from chassis.auth import Principal
from sqlalchemy.ext.asyncio import AsyncSession

from placement.commands import AddDutyPolicy, AddHoursPolicy
from placement.context import PlacementContext
from placement.domain.access import Action
from placement.domain.policy import DutyPolicy, HoursPolicy, Schedule
from placement.settings import Settings
from placement.store import policies
from placement.use_cases.common import authorize


async def hours_schedule(session: AsyncSession, settings: Settings) -> Schedule[HoursPolicy]:
    """The hour limits: the settings' defaults, then every stored version."""
    default = HoursPolicy(
        date.min,
        settings.hours_daily_limit_minutes,
        settings.hours_weekly_limit_minutes,
        settings.hours_monthly_limit_minutes,
    )
    return Schedule(default, await policies.hours_versions(session))


async def duty_schedule(session: AsyncSession, settings: Settings) -> Schedule[DutyPolicy]:
    """The duty age: the settings' default, then every stored version."""
    default = DutyPolicy(date.min, settings.duty_min_age_years)
    return Schedule(default, await policies.duty_versions(session))


async def add_hours_policy(
    ctx: PlacementContext, principal: Principal, command: AddHoursPolicy
) -> HoursPolicy:
    """Store a new version of the hour limits (409 when a version starts that day)."""
    authorize(principal, Action.MANAGE_POLICY)
    policy = HoursPolicy(
        command.valid_from,
        command.daily_limit_minutes,
        command.weekly_limit_minutes,
        command.monthly_limit_minutes,
    )
    async with ctx.uow() as uow:
        await policies.add_hours(uow.session, policy, principal.subject)
        await uow.commit()
    return policy


async def list_hours_policies(ctx: PlacementContext, principal: Principal) -> list[HoursPolicy]:
    """The default (valid_from = 0001-01-01) and every stored version, oldest first."""
    authorize(principal, Action.VIEW_POLICY)
    async with ctx.uow() as uow:
        return (await hours_schedule(uow.session, ctx.settings)).all()


async def add_duty_policy(
    ctx: PlacementContext, principal: Principal, command: AddDutyPolicy
) -> DutyPolicy:
    """Store a new version of the duty age (409 when a version starts that day)."""
    authorize(principal, Action.MANAGE_POLICY)
    policy = DutyPolicy(command.valid_from, command.min_age_years)
    async with ctx.uow() as uow:
        await policies.add_duty(uow.session, policy, principal.subject)
        await uow.commit()
    return policy


async def list_duty_policies(ctx: PlacementContext, principal: Principal) -> list[DutyPolicy]:
    """The default (valid_from = 0001-01-01) and every stored version, oldest first."""
    authorize(principal, Action.VIEW_POLICY)
    async with ctx.uow() as uow:
        return (await duty_schedule(uow.session, ctx.settings)).all()
