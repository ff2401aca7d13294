"""Open the one notice that tells a participant about a started placement."""

from __future__ import annotations

from datetime import datetime

from chassis import UnitOfWork
from notification.domain.notices import NoticeType
from notification.domain.placement_notice import PlacementFacts
from notification.use_cases.open_notice import open_notice


async def open_placement_notice(
    uow: UnitOfWork, participant_ref: str, facts: PlacementFacts, event_id: str, at: datetime
) -> bool:
    """Create the notice unless the placement has one; part of the caller's transaction.

    Returns whether a notice was created. A PlacementStarted redelivered under a new event
    id finds the existing notice and changes nothing.
    """
    return await open_notice(
        uow,
        NoticeType.PLACEMENT_STARTED,
        facts.placement_id,
        participant_ref,
        facts.to_json(),
        event_id,
        at,
        municipality_key=facts.municipality_key,
        placement_id=facts.placement_id,
    )
