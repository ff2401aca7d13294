"""Shared fixtures of the reporting tests: a migrated SQLite store and event builders."""

from __future__ import annotations

import random
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from chassis.store import Database
from chassis.store.migrations import upgrade
from gemeinwerk_contracts import (
    Envelope,
    Event,
    HoursLogged,
    PlacementEnded,
    PlacementStarted,
    RefusalRecorded,
    envelope_for,
)
from gemeinwerk_contracts.vocabulary import (
    EndReason,
    JustificationCategory,
    LegalBasis,
    OpportunityCategory,
    ProviderKind,
    RefusalKind,
)
from reporting.app import MIGRATIONS
from reporting.consumers.read_model import read_model_subscription

from chassis import UnitOfWork

MUNICIPALITIES = ("03459004", "03459008", "03459019")


@pytest.fixture
async def sqlite_db(tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated SQLite store in a temporary file."""
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'reporting.db'}")
    await upgrade(database, MIGRATIONS)
    yield database
    await database.dispose()


async def dispatch(uow: UnitOfWork, items: Sequence[tuple[Envelope, Event]]) -> None:
    """Hand events to the read model handlers as the chassis does: consecutive events of a
    type with a batch handler go to it as one run, every other event alone."""
    subscription = read_model_subscription()
    runs: list[list[tuple[Envelope, Event]]] = []
    for item in items:
        kind = type(item[1])
        if runs and kind in subscription.batch_handlers and type(runs[-1][0][1]) is kind:
            runs[-1].append(item)
        else:
            runs.append([item])
    for run in runs:
        kind = type(run[0][1])
        if kind in subscription.batch_handlers:
            await subscription.batch_handlers[kind](uow, run)
        else:
            ((envelope, event),) = run
            await subscription.handlers[kind](uow, envelope, event)


async def apply(database: Database, events: list[Event]) -> None:
    """Apply events through the read model handlers, one transaction (like one batch)."""
    async with UnitOfWork(database) as uow:
        await dispatch(uow, [(envelope_for(event), event) for event in events])
        await uow.commit()


@dataclass
class RandomHistory:
    """A random but plausible history of placement events (seeded)."""

    seed: int
    placements: int = 40
    events: list[Event] = field(default_factory=list)

    def __post_init__(self) -> None:
        rng = random.Random(self.seed)
        for _ in range(self.placements):
            self.events += self._placement(rng)

    def _placement(self, rng: random.Random) -> list[Event]:
        ref, placement_id = uuid.UUID(int=rng.getrandbits(128)), uuid.UUID(int=rng.getrandbits(128))
        start = date(2025, 1, 1) + timedelta(days=rng.randrange(0, 640))
        events: list[Event] = []
        if rng.random() < 0.93:  # a few starts never arrive
            events.append(
                PlacementStarted(
                    participant_ref=ref,
                    placement_id=placement_id,
                    opportunity_id=uuid.UUID(int=rng.getrandbits(128)),
                    provider_id=uuid.UUID(int=rng.getrandbits(128)),
                    provider_kind=rng.choice(list(ProviderKind)),
                    municipality_key=rng.choice(MUNICIPALITIES),
                    legal_basis=rng.choice(list(LegalBasis)),
                    start_date=start,
                    hours_per_week=Decimal("20.00"),
                    category=rng.choice(list(OpportunityCategory)),
                )
            )
        end: date | None = None
        if rng.random() < 0.7:
            end = start + timedelta(days=rng.choice([0, 1, 13, 27, 30, 31, 59, 90, 200, -3]))
            reason = rng.choice(list(EndReason))
            events.append(
                PlacementEnded(
                    participant_ref=ref, placement_id=placement_id, end_date=end, reason=reason
                )
            )
        for _ in range(rng.randrange(0, 6)):
            events.append(
                HoursLogged(
                    participant_ref=ref,
                    entry_id=uuid.UUID(int=rng.getrandbits(128)),
                    placement_id=placement_id,
                    provider_id=uuid.uuid4(),
                    work_date=start + timedelta(days=rng.randrange(0, 60)),
                    worked_minutes=rng.randrange(1, 600),
                )
            )
        if rng.random() < 0.3:
            justified = rng.random() < 0.4
            events.append(
                RefusalRecorded(
                    participant_ref=ref,
                    refusal_id=uuid.UUID(int=rng.getrandbits(128)),
                    placement_id=placement_id if rng.random() < 0.7 else None,
                    opportunity_id=uuid.UUID(int=rng.getrandbits(128)),
                    kind=rng.choice(list(RefusalKind)),
                    refusal_date=start + timedelta(days=rng.randrange(-20, 40)),
                    justified=justified,
                    justification_category=JustificationCategory.ILLNESS if justified else None,
                    legal_notice_given=True,
                )
            )
        return events

    def shuffled(self, seed: int) -> list[Event]:
        """The same events in another order (ends before starts, hours before starts...)."""
        events = list(self.events)
        random.Random(seed).shuffle(events)
        return events


@pytest.fixture
def apply_events():  # type: ignore[no-untyped-def]
    """`await apply_events(database, events)`: events through the handlers in one batch."""
    return apply


@pytest.fixture
def dispatch_events():  # type: ignore[no-untyped-def]
    """`await dispatch_events(uow, [(envelope, event), ...])`: through the handlers, in runs."""
    return dispatch


@pytest.fixture
def random_history():  # type: ignore[no-untyped-def]
    """`random_history(seed)`: a RandomHistory."""
    return RandomHistory
