"""Placements (Zuweisungen) and the facts about them that rules and events need."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from gemeinwerk_contracts.vocabulary import EndReason
from sqlalchemy import ColumnElement, and_, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from placement.domain.lifecycle import ENDED, HOLDING_PLACE, STARTED
from placement.domain.models import Placement
from placement.store.codec import aware, from_centi, to_centi
from placement.store.tables import opportunity_table as o
from placement.store.tables import participant_table as pa
from placement.store.tables import placement_table as t


@dataclass(frozen=True)
class PlacementFacts:
    """A placement with what hours and end events need: the pseudonym and the provider."""

    placement: Placement
    participant_ref: str
    participant_municipality_key: str
    provider_id: str

    @property
    def scopes(self) -> tuple[str, ...]:
        """Scopes the placement belongs to: the participant's municipality and the provider."""
        return (self.participant_municipality_key, self.provider_id)


def holds_place(on: date) -> ColumnElement[bool]:
    """SQL: the placement holds a place of its opportunity on day `on` (see domain.capacity):
    proposed or started and not ended, or ended on `on` or later."""
    return or_(
        and_(t.c.end_date.is_(None), t.c.status.in_(HOLDING_PLACE)),
        t.c.end_date >= on,
    )


async def add(session: AsyncSession, placement: Placement, created_by: str) -> None:
    """Insert a new placement."""
    p = placement
    await session.execute(
        insert(t).values(
            id=p.id,
            participant_id=p.participant_id,
            opportunity_id=p.opportunity_id,
            start_date=p.start_date,
            hours_per_week_centi=to_centi(p.hours_per_week),
            end_date=p.end_date,
            end_reason=p.end_reason.value if p.end_reason else None,
            created_at=p.created_at,
            created_by=created_by,
            status=p.status,
            planned_end_date=p.planned_end_date,
            reporting_instructions=p.reporting_instructions,
            proposed_date=p.proposed_date,
        )
    )


async def load_facts(
    session: AsyncSession, placement_ids: Sequence[str], *, for_update: bool = False
) -> dict[str, PlacementFacts]:
    """The known placements among `placement_ids` (one query), by id.

    `for_update` locks the placement rows (in id order, so that concurrent batches cannot
    deadlock) until the transaction ends: logging hours and ending a placement exclude
    each other.
    """
    if not placement_ids:
        return {}
    query = (
        select(t, pa.c.participant_ref, pa.c.municipality_key, o.c.provider_id)
        .join(pa, pa.c.id == t.c.participant_id)
        .join(o, o.c.id == t.c.opportunity_id)
        .where(t.c.id.in_(list(placement_ids)))
        .order_by(t.c.id)
    )
    if for_update:
        query = query.with_for_update(of=t)
    facts = {}
    for row in (await session.execute(query)).all():
        m = row._mapping
        facts[m["id"]] = PlacementFacts(
            placement=_placement(m),
            participant_ref=m["participant_ref"],
            participant_municipality_key=m["municipality_key"],
            provider_id=m["provider_id"],
        )
    return facts


async def get(session: AsyncSession, placement_id: str) -> Placement | None:
    """The placement with this id, or None."""
    row = (await session.execute(select(t).where(t.c.id == placement_id))).first()
    return None if row is None else _placement(row._mapping)


async def list_for_participant(session: AsyncSession, participant_id: str) -> list[Placement]:
    """All placements of a participant, oldest start first."""
    query = (
        select(t)
        .where(t.c.participant_id == participant_id)
        .order_by(t.c.start_date, t.c.created_at, t.c.id)
    )
    return [_placement(row._mapping) for row in (await session.execute(query)).all()]


async def has_running(
    session: AsyncSession, participant_id: str, opportunity_id: str, on: date
) -> bool:
    """Whether the participant holds a place in the opportunity on day `on`."""
    query = (
        select(t.c.id)
        .where(t.c.participant_id == participant_id)
        .where(t.c.opportunity_id == opportunity_id)
        .where(holds_place(on))
        .limit(1)
    )
    return (await session.execute(query)).first() is not None


async def latest_in_opportunity(
    session: AsyncSession, participant_id: str, opportunity_id: str
) -> Placement | None:
    """The participant's most recently started placement in the opportunity, or None."""
    query = (
        select(t)
        .where(t.c.participant_id == participant_id)
        .where(t.c.opportunity_id == opportunity_id)
        .order_by(t.c.start_date.desc(), t.c.created_at.desc())
        .limit(1)
    )
    row = (await session.execute(query)).first()
    return None if row is None else _placement(row._mapping)


async def end(
    session: AsyncSession,
    placement_id: str,
    end_date: date,
    reason: EndReason,
    ended_at: datetime,
    ended_by: str,
) -> None:
    """Record the end of a placement."""
    await session.execute(
        update(t)
        .where(t.c.id == placement_id)
        .values(
            end_date=end_date,
            end_reason=reason.value,
            ended_at=ended_at,
            ended_by=ended_by,
            status=ENDED,
        )
    )


async def start(
    session: AsyncSession, placement_id: str, start_date: date, at: datetime, by: str
) -> None:
    """Record the confirmed start of a proposed placement (on its actual first day)."""
    await session.execute(
        update(t)
        .where(t.c.id == placement_id)
        .values(status=STARTED, start_date=start_date, started_at=at, started_by=by)
    )


async def set_status(session: AsyncSession, placement_id: str, status: str) -> None:
    """Move a placement to `status` (a proposed one refused or not taken up)."""
    await session.execute(update(t).where(t.c.id == placement_id).values(status=status))


def _placement(m: Any) -> Placement:
    return Placement(
        id=m["id"],
        participant_id=m["participant_id"],
        opportunity_id=m["opportunity_id"],
        start_date=m["start_date"],
        hours_per_week=from_centi(m["hours_per_week_centi"]),
        end_date=m["end_date"],
        end_reason=EndReason(m["end_reason"]) if m["end_reason"] else None,
        created_at=aware(m["created_at"]),
        status=m["status"],
        planned_end_date=m["planned_end_date"],
        reporting_instructions=m["reporting_instructions"],
        proposed_date=m["proposed_date"],
        started=m["started_at"] is not None,
    )
