"""Subscription "ledger": placements, hours and their corrections from the placement topic
into the ledger."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from gemeinwerk_contracts import Envelope, HoursCorrected, HoursLogged, PlacementStarted
from gemeinwerk_contracts.topics import PLACEMENT_PUBLIC

from allowance.consumers.cache import Lru
from allowance.consumers.corrections import on_hours_corrected
from allowance.consumers.hours import book_lines, lines_of_run
from allowance.consumers.rates import RateCache
from allowance.consumers.transaction import TransactionState, transaction_state
from allowance.domain.ledger import Placement
from allowance.metrics import LedgerMetrics
from allowance.store import ledger as store
from chassis import RejectEvent, Subscription, UnitOfWork


class LedgerConsumer:
    """Books one ledger line per hours entry. One instance per runtime (it owns a cache)."""

    def __init__(self, cache_size: int) -> None:
        self.rates = RateCache()
        """Rate tables from the store, checked once per transaction."""
        self.metrics: LedgerMetrics | None = None
        """Set by the composition root once the runtime's registry exists."""
        self.committed: Lru[str, Placement] = Lru(cache_size)
        """Placements known to be committed; they never change, so they never go stale."""

    def subscription(self) -> Subscription:
        """The chassis subscription: starts and corrections one by one, hours a run at a
        time."""
        return Subscription(
            name="ledger",
            topics=(PLACEMENT_PUBLIC,),
            handlers={
                PlacementStarted: self.on_placement_started,
                HoursCorrected: on_hours_corrected,
            },
            batch_handlers={HoursLogged: self.on_hours_logged_run},
            description="Stores started placements, books one allowance line per hours entry "
            "and books corrections of entries as reversal and new line.",
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
        known = await self._placements(uow, state, [placement.placement_id])
        if known.get(placement.placement_id) != placement:
            raise RejectEvent(
                f"placement {placement.placement_id} was already started with other data"
            )

    async def on_hours_logged_run(
        self, uow: UnitOfWork, run: Sequence[tuple[Envelope, HoursLogged]]
    ) -> None:
        """Book the lines of a run of entries (batch handler); entries already booked
        identically are no-ops, an unbookable or conflicting event is rejected by its id."""
        state = self._state(uow)
        placements = await self._placements(uow, state, {str(e.placement_id) for _, e in run})
        if state.rates is None:
            state.rates = await self.rates.current(uow.session)
        bookings = lines_of_run(run, placements, state.rates)
        for line in await book_lines(uow.session, bookings):
            state.booked(line)

    def _state(self, uow: UnitOfWork) -> TransactionState:
        return transaction_state(uow.session, self._committed)

    async def _placements(
        self, uow: UnitOfWork, state: TransactionState, ids: Collection[str]
    ) -> dict[str, Placement]:
        """Placements from this transaction, the cache of committed ones, or (all missing
        ones in one query) the store; unknown ids are absent."""
        found: dict[str, Placement] = {}
        for placement_id in ids:
            placement = state.placements.get(placement_id) or self.committed.get(placement_id)
            if placement is not None:
                found[placement_id] = placement
        missing = [placement_id for placement_id in ids if placement_id not in found]
        for placement_id, placement in (await store.placements_by_id(uow.session, missing)).items():
            # Not stored by this transaction (that would be in state), so committed.
            self.committed.put(placement_id, placement)
            found[placement_id] = placement
        state.placements.update(found)
        return found

    def _committed(self, state: TransactionState) -> None:
        for placement in state.stored:
            self.committed.put(placement.placement_id, placement)
        if self.metrics is not None:
            for basis, lines in state.lines.items():
                self.metrics.booked(basis, lines, state.cents[basis])
