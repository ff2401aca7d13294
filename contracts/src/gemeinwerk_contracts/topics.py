"""Kafka topic names.

`gemeinwerk.public.*` topics carry pseudonymous references only and may be read by other
agencies; `gemeinwerk.internal.*` topics may carry personal data and are readable only by
gemeinwerk's own services (see the ACLs in deploy/).
"""

PLACEMENT_PUBLIC = "gemeinwerk.public.placement.v1"
"""Placement lifecycle, hours and refusals. Key: participant reference, so one person's
events stay in order across types (a start is always read before that placement's hours)."""

PARTICIPANT_INTERNAL = "gemeinwerk.internal.participant.v1"
"""Participant master data (names, contact data). Key: participant reference."""

ALLOWANCE_PUBLIC = "gemeinwerk.public.allowance.v1"
"""Allowance statements (sums only, never bank details). Key: participant reference."""

NOTIFICATION_PUBLIC = "gemeinwerk.public.notification.v1"
"""Delivery outcomes of notices (no content). Key: participant reference. Placement relies
on NoticeDelivered for the written legal notice (Rechtsfolgenbelehrung)."""

PLACEMENT_INTERNAL = "gemeinwerk.internal.placement.v1"
"""What notices need beyond the public facts: the particulars of a Zuweisung (work site,
where to report) and providers' contact data. Key: participant reference for Zuweisungen,
provider id for provider contacts."""

ALL_TOPICS = (
    PLACEMENT_PUBLIC,
    PARTICIPANT_INTERNAL,
    PLACEMENT_INTERNAL,
    ALLOWANCE_PUBLIC,
    NOTIFICATION_PUBLIC,
)


def dead_letter_topic(service: str) -> str:
    """Dead-letter topic of one consuming service.

    Internal, because an undecodable message may well carry personal data.
    """
    return f"gemeinwerk.internal.deadletter.{service}.v1"
