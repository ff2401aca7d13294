"""The one subscription of the service: participant data and placement starts together."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from gemeinwerk_contracts import ParticipantRegistered, PlacementStarted
from gemeinwerk_contracts.topics import PARTICIPANT_INTERNAL, PLACEMENT_PUBLIC

from chassis import Subscription
from notification.consumers.handlers import on_participant_registered, on_placement_started


def notice_subscription(after_commit: Callable[[], Awaitable[None]] | None = None) -> Subscription:
    """Both topics in one consumer group.

    The topics are not ordered against each other: a PlacementStarted may arrive before the
    participant's registration. Its notice then waits (status waiting_for_recipient) until
    the registration arrives. `after_commit` wakes the delivery loop.
    """
    return Subscription(
        name="notices",
        topics=(PARTICIPANT_INTERNAL, PLACEMENT_PUBLIC),
        handlers={
            ParticipantRegistered: on_participant_registered,
            PlacementStarted: on_placement_started,
        },
        description="Recipient directory from ParticipantRegistered; one notice per "
        "PlacementStarted.",
        after_commit=after_commit,
    )
