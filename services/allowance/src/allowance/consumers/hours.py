"""Booking a run of HoursLogged events at once (the ledger's batch handler does the I/O
around it): lines from the pure domain rule, one multi-row insert, one read of what was
already booked.

Per event the outcome is the one a handler called event by event would reach: the first
event of an entry books it; any later one (in this run, an earlier run or batch) is a no-op
when it books the same, else it is rejected by its own event id.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from gemeinwerk_contracts import Envelope, HoursLogged
from sqlalchemy.ext.asyncio import AsyncSession

from allowance.domain.ledger import BookingRefused, HoursEntry, LedgerLine, Placement, book
from allowance.domain.rates import RateTable
from allowance.store import ledger as store
from chassis import RejectEvent

log = logging.getLogger(__name__)

Booking = tuple[Envelope, LedgerLine]


def lines_of_run(
    run: Sequence[tuple[Envelope, HoursLogged]],
    placements: Mapping[str, Placement],
    rates: RateTable,
) -> list[Booking]:
    """The line of every event; RejectEvent (its event id) for the first that cannot book."""
    bookings: list[Booking] = []
    for envelope, event in run:
        placement_id = str(event.placement_id)
        placement = placements.get(placement_id)
        if placement is None:
            raise RejectEvent(
                f"hours entry {event.entry_id}: unknown placement {placement_id}",
                event_id=envelope.id,
            )
        entry = HoursEntry(
            entry_id=str(event.entry_id),
            placement_id=placement_id,
            participant_ref=str(event.participant_ref),
            provider_id=str(event.provider_id),
            work_date=event.work_date,
            worked_minutes=event.worked_minutes,
        )
        try:
            bookings.append((envelope, book(entry, placement, rates)))
        except BookingRefused as exc:
            raise RejectEvent(str(exc), event_id=envelope.id) from exc
    return bookings


async def book_lines(session: AsyncSession, bookings: Sequence[Booking]) -> list[LedgerLine]:
    """Book the lines of a run; the lines newly booked (for the metrics).

    Raises RejectEvent naming the first event whose entry is already booked with other data.
    """
    first: dict[str, Booking] = {}
    for booking in bookings:
        first.setdefault(booking[1].entry_id, booking)  # one row per entry in the statement
    inserted = await store.add_lines(
        session, [(line, envelope.id) for envelope, line in first.values()]
    )
    booked = await store.lines_of_entries(session, first.keys() - inserted)
    booked.update((entry_id, first[entry_id][1]) for entry_id in inserted)
    duplicates = 0
    for envelope, line in bookings:
        if line.entry_id in inserted and first[line.entry_id][0].id == envelope.id:
            continue  # this event booked it
        existing = booked.get(line.entry_id)
        if existing is None or not existing.same_booking(line):
            raise RejectEvent(
                f"hours entry {line.entry_id} is already booked with other data",
                event_id=envelope.id,
            )
        duplicates += 1
    if duplicates:
        log.info("%d hours entries were already booked; nothing to do", duplicates)
    return [first[entry_id][1] for entry_id in inserted]
