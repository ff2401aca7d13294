"""Effective-dated policy versions (hours limits, duty age)."""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from chassis import Conflict
from placement import clock
from placement.domain.policy import DutyPolicy, HoursPolicy
from placement.domain.violations import de_date
from placement.store.tables import duty_policy_table as d
from placement.store.tables import hours_policy_table as h


async def hours_versions(session: AsyncSession) -> list[HoursPolicy]:
    """All stored hours policy versions, oldest first."""
    rows = (await session.execute(select(h).order_by(h.c.valid_from))).all()
    return [
        HoursPolicy(
            r.valid_from, r.daily_limit_minutes, r.weekly_limit_minutes, r.monthly_limit_minutes
        )
        for r in rows
    ]


async def duty_versions(session: AsyncSession) -> list[DutyPolicy]:
    """All stored duty policy versions, oldest first."""
    rows = (await session.execute(select(d).order_by(d.c.valid_from))).all()
    return [DutyPolicy(r.valid_from, r.min_age_years) for r in rows]


async def add_hours(session: AsyncSession, policy: HoursPolicy, created_by: str) -> None:
    """Store a new hours policy version (409 when one starts on the same day)."""
    values = {
        "valid_from": policy.valid_from,
        "daily_limit_minutes": policy.daily_limit_minutes,
        "weekly_limit_minutes": policy.weekly_limit_minutes,
        "monthly_limit_minutes": policy.monthly_limit_minutes,
    }
    await _add(session, insert(h).values(**values, **_stamp(created_by)), policy.valid_from)


async def add_duty(session: AsyncSession, policy: DutyPolicy, created_by: str) -> None:
    """Store a new duty policy version (409 when one starts on the same day)."""
    values = {"valid_from": policy.valid_from, "min_age_years": policy.min_age_years}
    await _add(session, insert(d).values(**values, **_stamp(created_by)), policy.valid_from)


def _stamp(created_by: str) -> dict[str, object]:
    return {"created_at": clock.now(), "created_by": created_by}


async def _add(session: AsyncSession, statement: object, valid_from: object) -> None:
    try:
        await session.execute(statement)  # type: ignore[call-overload]
    except IntegrityError as exc:  # the transaction is rolled back with the unit of work
        raise Conflict(
            f"Ab dem {de_date(valid_from)} gilt bereits eine Fassung; "  # type: ignore[arg-type]
            "Fassungen werden nicht geändert, sondern durch neue ersetzt.",
            field="valid_from",
            code="version_exists",
        ) from exc
