"""Shared fixtures of the reporting tests: a migrated SQLite store and event builders."""

from __future__ import annotations

import random
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from chassis.store import Database
from chassis.store.migrations import upgrade
from gemeinwerk_contracts import (
    AllowanceStatementIssued,
    Envelope,
    Event,
    HoursCorrected,
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
from reporting.domain.months import Month

from chassis import UnitOfWork

MUNICIPALITIES = ("03459004", "03459008", "03459019")
HISTORY_T0 = datetime(2026, 1, 1, tzinfo=UTC)
_EVENT_TIMES: dict[int, tuple[Event, datetime]] = {}
"""id(event) → (event, ce_time) for events of a RandomHistory (the event is kept, so its id
is never reused): `apply` sends them with that time, whatever order they are applied in."""


def event_time(event: Event) -> datetime | None:
    """The ce_time a RandomHistory gave `event` (None: not from a history)."""
    held = _EVENT_TIMES.get(id(event))
    return held[1] if held is not None and held[0] is event else None


def envelope_of(event: Event) -> Envelope:
    """A fresh envelope (new event id); ce_time from the history if the event has one."""
    envelope = envelope_for(event)
    at = event_time(event)
    return envelope if at is None else envelope.model_copy(update={"time": at})


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
        await dispatch(uow, [(envelope_of(event), event) for event in events])
        await uow.commit()


@dataclass
class RandomHistory:
    """A random but plausible history of placement and allowance events (seeded).

    Each event gets a ce_time in the order generated (an hours entry before its corrections),
    used whatever order the events are applied in (see `envelope_of`).
    """

    seed: int
    placements: int = 40
    events: list[Event] = field(default_factory=list)

    def __post_init__(self) -> None:
        rng = random.Random(self.seed)
        for _ in range(self.placements):
            self.events += self._placement(rng)
            self.events += self._statements(rng)
        for i, event in enumerate(self.events):
            _EVENT_TIMES[id(event)] = (event, HISTORY_T0 + timedelta(seconds=i))

    def time_of(self, event: Event) -> datetime:
        """The ce_time of one of this history's events."""
        at = event_time(event)
        assert at is not None
        return at

    def _statements(self, rng: random.Random) -> list[Event]:
        """Statements for the last placement's participant (or, rarely, an unknown one)."""
        last = self.events[-1] if self.events else None
        ref = getattr(last, "participant_ref", None)
        if ref is None or rng.random() < 0.1:
            ref = uuid.UUID(int=rng.getrandbits(128))
        first = date(2025, 1, 1) + timedelta(days=rng.randrange(0, 640))
        return [
            AllowanceStatementIssued(
                statement_id=uuid.UUID(int=rng.getrandbits(128)),
                participant_ref=ref,
                month=str(Month.of(first).shift(k)),
                total_cents=rng.randrange(-2_000, 40_000),
                worked_minutes=rng.randrange(0, 3_000),
                lines=rng.randrange(0, 20),
                corrections_cents=rng.randrange(-500, 1),
            )
            for k in range(rng.randrange(0, 4))
        ]

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
            logged = HoursLogged(
                participant_ref=ref,
                entry_id=uuid.UUID(int=rng.getrandbits(128)),
                placement_id=placement_id,
                provider_id=uuid.uuid4(),
                work_date=start + timedelta(days=rng.randrange(0, 60)),
                worked_minutes=rng.randrange(1, 600),
            )
            events.append(logged)
            for _ in range(rng.choice([0, 0, 0, 1, 1, 2])):  # corrections, 0 = withdrawn
                events.append(
                    HoursCorrected(
                        participant_ref=ref,
                        correction_id=uuid.UUID(int=rng.getrandbits(128)),
                        entry_id=logged.entry_id,
                        placement_id=placement_id,
                        provider_id=logged.provider_id,
                        work_date=logged.work_date,
                        worked_minutes=rng.choice([0, rng.randrange(1, 600)]),
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
