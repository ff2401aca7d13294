"""Writing facts from events (idempotent upserts) and reading them back as domain rows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from gemeinwerk_contracts import (
    HoursCorrected,
    HoursLogged,
    PlacementEnded,
    PlacementStarted,
    RefusalRecorded,
)
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from reporting.domain.facts import HoursFact, PlacementFact, RefusalFact
from reporting.store.tables import hours_entry_table, placement_table, refusal_table
from reporting.store.upsert import upsert, upsert_many

_START_COLUMNS = (
    "participant_ref",
    "opportunity_id",
    "provider_id",
    "provider_kind",
    "municipality_key",
    "legal_basis",
    "category",
    "hours_per_week",
    "start_date",
    "start_event_at",
)
_END_COLUMNS = ("participant_ref", "end_date", "end_reason", "end_event_at")
_HOURS_COLUMNS = ("placement_id", "work_date", "minutes", "last_event_at")


def utc(at: datetime) -> datetime:
    """An event time in UTC (a ce_time without offset is taken as UTC), comparable as stored."""
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


async def record_start(session: AsyncSession, event: PlacementStarted, at: datetime) -> None:
    """Store a start (`at`: its ce_time); an end stored earlier for the placement is kept."""
    values = {
        "placement_id": str(event.placement_id),
        "participant_ref": str(event.participant_ref),
        "opportunity_id": str(event.opportunity_id),
        "provider_id": str(event.provider_id),
        "provider_kind": event.provider_kind.value,
        "municipality_key": event.municipality_key,
        "legal_basis": event.legal_basis.value,
        "category": event.category.value,
        "hours_per_week": event.hours_per_week,
        "start_date": event.start_date,
        "start_event_at": utc(at),
    }
    await upsert(
        session, placement_table, values, ["placement_id"], _START_COLUMNS, "start_event_at"
    )


async def record_end(session: AsyncSession, event: PlacementEnded, at: datetime) -> None:
    """Store an end; if the start is not known yet, the row waits for it with start None."""
    values = {
        "placement_id": str(event.placement_id),
        "participant_ref": str(event.participant_ref),
        "end_date": event.end_date,
        "end_reason": event.reason.value,
        "end_event_at": utc(at),
    }
    await upsert(session, placement_table, values, ["placement_id"], _END_COLUMNS, "end_event_at")


async def record_hours(
    session: AsyncSession, logged: Sequence[tuple[HoursLogged | HoursCorrected, datetime]]
) -> None:
    """Store hours entries or their corrections (each with its ce_time), one multi-row upsert.

    An entry id seen again (logged again or corrected; 0 minutes: withdrawn) replaces the
    stored minutes unless its ce_time is older. A correction read before its entry creates
    the row (it carries placement and work date too); the older entry then changes nothing.
    """
    rows = [
        {
            "entry_id": str(event.entry_id),
            "placement_id": str(event.placement_id),
            "work_date": event.work_date,
            "minutes": event.worked_minutes,
            "last_event_at": utc(at),
        }
        for event, at in logged
    ]
    await upsert_many(
        session, hours_entry_table, rows, ["entry_id"], _HOURS_COLUMNS, "last_event_at"
    )


async def record_refusal(session: AsyncSession, event: RefusalRecorded, at: datetime) -> None:
    """Store a refusal; the same refusal id again, with a later ce_time, replaces it."""
    values = {
        "refusal_id": str(event.refusal_id),
        "participant_ref": str(event.participant_ref),
        "placement_id": str(event.placement_id) if event.placement_id else None,
        "opportunity_id": str(event.opportunity_id) if event.opportunity_id else None,
        "kind": event.kind.value,
        "refusal_date": event.refusal_date,
        "justified": event.justified,
        "justification_category": (
            event.justification_category.value if event.justification_category else None
        ),
        "legal_notice_given": event.legal_notice_given,
        "last_event_at": utc(at),
    }
    columns = [c for c in values if c != "refusal_id"]
    await upsert(session, refusal_table, values, ["refusal_id"], columns, "last_event_at")


async def load_facts(
    session: AsyncSession,
) -> tuple[list[PlacementFact], list[HoursFact], list[RefusalFact]]:
    """Every stored fact (for checks and small stores; figures use aggregate queries)."""
    h = hours_entry_table.c
    placements = await load_placements(session)
    hours = [
        HoursFact(row.entry_id, row.placement_id, row.work_date, row.minutes)
        for row in await session.execute(select(h.entry_id, h.placement_id, h.work_date, h.minutes))
    ]
    refusals = [
        RefusalFact(
            row.refusal_id,
            row.kind,
            row.refusal_date,
            bool(row.justified),
            row.placement_id,
            row.participant_ref,
        )
        for row in await session.execute(select(refusal_table))
    ]
    return placements, hours, refusals


async def load_placements(session: AsyncSession) -> list[PlacementFact]:
    """Every stored placement row."""
    return [
        PlacementFact(
            placement_id=row.placement_id,
            participant_ref=row.participant_ref,
            legal_basis=row.legal_basis,
            municipality_key=row.municipality_key,
            provider_kind=row.provider_kind,
            category=row.category,
            start_date=row.start_date,
            end_date=row.end_date,
            end_reason=row.end_reason,
        )
        for row in await session.execute(select(placement_table))
    ]
