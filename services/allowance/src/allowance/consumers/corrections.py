"""HoursCorrected: reverse what was booked for an hours entry and book the corrected minutes.

Corrections are rare, so they are handled event by event (no batch handler). Never an edit:
`store.adjustments.correct_entry` appends a reversal and (unless withdrawn) a new line. A
correction id applied before is a no-op, whatever event id it comes under. Lines of a month
already closed are on no statement yet, so the next close carries them as corrections
naming their original month.
"""

from __future__ import annotations

import logging

from gemeinwerk_contracts import Envelope, HoursCorrected

from allowance.domain.corrections import contradiction
from allowance.store.adjustments import correct_entry
from allowance.store.ledger import lines_of_entries
from chassis import RejectEvent, UnitOfWork

log = logging.getLogger(__name__)


async def on_hours_corrected(uow: UnitOfWork, envelope: Envelope, event: HoursCorrected) -> None:
    """Apply one correction; RejectEvent when its entry was never booked or contradicts it."""
    entry_id = str(event.entry_id)
    correction_id = str(event.correction_id)
    original = (await lines_of_entries(uow.session, [entry_id])).get(entry_id)
    if original is None:
        raise RejectEvent(f"hours correction {correction_id}: unknown hours entry {entry_id}")
    reason = contradiction(
        original,
        placement_id=str(event.placement_id),
        participant_ref=str(event.participant_ref),
        provider_id=str(event.provider_id),
        work_date=event.work_date,
    )
    if reason is not None:
        raise RejectEvent(f"hours correction {correction_id}: {reason}")
    applied = await correct_entry(uow.session, correction_id, entry_id, event.worked_minutes)
    if applied is None:
        log.info("hours correction %s was already applied; nothing to do", correction_id)
