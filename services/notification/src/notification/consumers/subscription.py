"""The one subscription of the service: directories, placements, sanctions, statements."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from gemeinwerk_contracts import (
    AllowanceStatementIssued,
    AssignmentIssued,
    HoursLogged,
    ParticipantDetailsChanged,
    ParticipantRegistered,
    PlacementEnded,
    PlacementStarted,
    ProviderContactRecorded,
    RefusalRecorded,
    SanctionDecided,
    SanctionProposed,
    SanctionWaived,
)
from gemeinwerk_contracts.topics import (
    ALLOWANCE_PUBLIC,
    PARTICIPANT_INTERNAL,
    PLACEMENT_INTERNAL,
    PLACEMENT_PUBLIC,
)

from chassis import Subscription
from notification.consumers.handlers import (
    on_allowance_statement_issued,
    on_assignment_issued,
    on_hours_logged,
    on_participant_registered,
    on_placement_ended,
    on_placement_started,
    on_provider_contact_recorded,
    on_refusal_recorded,
    on_sanction_decided,
    on_sanction_proposed_with,
    on_sanction_waived,
)
from notification.settings import Settings


def notice_subscription(
    after_commit: Callable[[], Awaitable[None]] | None = None, settings: Settings | None = None
) -> Subscription:
    """All topics in one consumer group.

    The topics are not ordered against each other: a notice's trigger may arrive before the
    participant's registration or the provider's contact. The notice then waits (status
    waiting_for_recipient) until they arrive. `after_commit` wakes the delivery loop.
    """
    settings = settings or Settings()
    return Subscription(
        name="notices",
        topics=(PARTICIPANT_INTERNAL, PLACEMENT_INTERNAL, PLACEMENT_PUBLIC, ALLOWANCE_PUBLIC),
        handlers={
            ParticipantRegistered: on_participant_registered,
            ParticipantDetailsChanged: on_participant_registered,
            ProviderContactRecorded: on_provider_contact_recorded,
            AssignmentIssued: on_assignment_issued,
            PlacementStarted: on_placement_started,
            HoursLogged: on_hours_logged,
            PlacementEnded: on_placement_ended,
            RefusalRecorded: on_refusal_recorded,
            SanctionProposed: on_sanction_proposed_with(settings),
            SanctionDecided: on_sanction_decided,
            SanctionWaived: on_sanction_waived,
            AllowanceStatementIssued: on_allowance_statement_issued,
        },
        description="Recipient directory (ParticipantRegistered/DetailsChanged), provider "
        "contacts; one notice per assignment, start (participant and provider), end, "
        "sanction proposal (hearing + case workers), decision or waiver, allowance "
        "statement; placement tracking for hours reminders.",
        after_commit=after_commit,
    )
