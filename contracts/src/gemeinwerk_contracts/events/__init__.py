"""Version-1 events."""

from gemeinwerk_contracts.events.allowance import AllowanceStatementIssued, PaymentRunCompleted
from gemeinwerk_contracts.events.base import Event
from gemeinwerk_contracts.events.casework import AssignmentIssued, ProviderContactRecorded
from gemeinwerk_contracts.events.notification import (
    NoticeChannel,
    NoticeDelivered,
    NoticeFailed,
    NoticeFailureReason,
)
from gemeinwerk_contracts.events.participant import (
    ParticipantDetailsChanged,
    ParticipantRegistered,
    PostalAddress,
)
from gemeinwerk_contracts.events.placement import (
    HoursCorrected,
    HoursLogged,
    OpportunityChanged,
    OpportunityClosed,
    OpportunityPublished,
    ParticipantObligationChanged,
    PlacementEnded,
    PlacementProposed,
    PlacementStarted,
    RefusalRecorded,
)
from gemeinwerk_contracts.events.sanction import (
    SanctionDecided,
    SanctionEnded,
    SanctionProposed,
    SanctionWaived,
)

__all__ = [
    "AllowanceStatementIssued",
    "AssignmentIssued",
    "Event",
    "HoursCorrected",
    "HoursLogged",
    "NoticeChannel",
    "NoticeDelivered",
    "NoticeFailed",
    "NoticeFailureReason",
    "OpportunityChanged",
    "OpportunityClosed",
    "OpportunityPublished",
    "ParticipantDetailsChanged",
    "ParticipantObligationChanged",
    "ParticipantRegistered",
    "PaymentRunCompleted",
    "PlacementEnded",
    "PlacementProposed",
    "PlacementStarted",
    "PostalAddress",
    "ProviderContactRecorded",
    "RefusalRecorded",
    "SanctionDecided",
    "SanctionEnded",
    "SanctionProposed",
    "SanctionWaived",
]
