"""Subscription "ledger": placements and hours from the placement topic into the ledger."""

from __future__ import annotations

import logging

from gemeinwerk_contracts import Envelope, HoursLogged, PlacementStarted
from gemeinwerk_contracts.topics import PLACEMENT_PUBLIC

from allowance.consumers.cache import Lru
from allowance.consumers.transaction import TransactionState, transaction_state
from allowance.domain.ledger import BookingRefused, HoursEntry, Placement, book
from allowance.domain.rates import RateTable
from allowance.metrics import LedgerMetrics
from allowance.store import ledger as store
from chassis import RejectEvent, Subscription, UnitOfWork

log = logging.getLogger(__name__)


class LedgerConsumer:
    """Books one ledger line per hours entry. One instance per runtime (it owns a cache)."""

    def __init__(self, rates: RateTable, cache_size: int) -> None:
        self.rates = rates
        self.metrics: LedgerMetrics | None = None
        """Set by the composition root once the runtime's registry exists."""
        self.committed: Lru[str, Placement] = Lru(cache_size)
        """Placements known to be committed; they never change, so they never go stale."""

    def subscription(self) -> Subscription:
        """The chassis subscription with both handlers."""
        return Subscription(
            name="ledger",
            topics=(PLACEMENT_PUBLIC,),
            handlers={
                PlacementStarted: self.on_placement_started,
                HoursLogged: self.on_hours_logged,
            },
            description="Stores started placements and books one allowance line per hours entry.",
        )

    async def on_placement_started(
        self, uow: UnitOfWork, envelope: Envelope, event: PlacementStarted
    ) -> None:
        """Remember the placement; the same start again is a no-op, a different one rejected."""
        state = self._state(uow)
        placement = Placement(
            placement_id=str(event.placement_id),
            participant_ref=str(event.participant_ref),
            legal_basis=event.legal_basis.value,
            provider_id=str(event.provider_id),
            municipality_key=event.municipality_key,
            start_date=event.start_date,
        )
        if await store.add_placement(uow.session, placement, envelope.id):
            state.placements[placement.placement_id] = placement
            state.stored.append(placement)
            return
        known = await self._placement(uow, state, placement.placement_id)
        if known != placement:
            raise RejectEvent(
                f"placement {placement.placement_id} was already started with other data"
            )

    async def on_hours_logged(
        self, uow: UnitOfWork, envelope: Envelope, event: HoursLogged
    ) -> None:
        """Book the entry's line; an entry already booked identically is a no-op."""
        state = self._state(uow)
        placement_id = str(event.placement_id)
        placement = await self._placement(uow, state, placement_id)
        if placement is None:
            raise RejectEvent(f"hours entry {event.entry_id}: unknown placement {placement_id}")
        entry = HoursEntry(
            entry_id=str(event.entry_id),
            placement_id=placement_id,
            participant_ref=str(event.participant_ref),
            provider_id=str(event.provider_id),
            work_date=event.work_date,
            worked_minutes=event.worked_minutes,
        )
        try:
            line = book(entry, placement, self.rates)
        except BookingRefused as exc:
            raise RejectEvent(str(exc)) from exc
        if await store.add_line(uow.session, line, envelope.id):
            state.booked(line)
            return
        existing = await store.line_of_entry(uow.session, line.entry_id)
        if existing is None or not existing.same_booking(line):
            raise RejectEvent(f"hours entry {line.entry_id} is already booked with other data")
        log.info("hours entry %s was already booked; nothing to do", line.entry_id)

    def _state(self, uow: UnitOfWork) -> TransactionState:
        return transaction_state(uow.session, self._committed)

    async def _placement(
        self, uow: UnitOfWork, state: TransactionState, placement_id: str
    ) -> Placement | None:
        """A placement from this transaction, the cache of committed ones, or the store."""
        placement = state.placements.get(placement_id) or self.committed.get(placement_id)
        if placement is None:
            found = await store.placements_by_id(uow.session, [placement_id])
            placement = found.get(placement_id)
            if placement is not None:
                # Not stored by this transaction (that would be in state), so committed.
                self.committed.put(placement_id, placement)
        if placement is not None:
            state.placements[placement_id] = placement
        return placement

    def _committed(self, state: TransactionState) -> None:
        for placement in state.stored:
            self.committed.put(placement.placement_id, placement)
        if self.metrics is not None:
            for basis, lines in state.lines.items():
                self.metrics.booked(basis, lines, state.cents[basis])
