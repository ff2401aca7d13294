"""Lifecycles: an opportunity goes draft → open → closed; a placement (Zuweisung) goes
proposed → started → ended, or from proposed to refused, no_show or ended (cancelled)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from placement.domain.models import Address, Attestations
from placement.domain.violations import Violation, de_date

DRAFT = "draft"
OPEN = "open"
CLOSED = "closed"

PROPOSED = "proposed"
STARTED = "started"
ENDED = "ended"
REFUSED = "refused"
NO_SHOW = "no_show"
HOLDING_PLACE = (PROPOSED, STARTED)
"""Statuses that reserve a place of the opportunity (while not ended)."""

_STATUS_DE = {
    DRAFT: "ein Entwurf",
    OPEN: "veröffentlicht",
    CLOSED: "geschlossen",
    PROPOSED: "zugewiesen, aber noch nicht angetreten",
    STARTED: "angetreten",
    ENDED: "beendet",
    REFUSED: "abgelehnt",
    NO_SHOW: "nicht angetreten",
}

ATTESTATION_FIELDS = {
    "additional": "zusätzlich",
    "public_interest": "im öffentlichen Interesse",
    "competition_neutral": "wettbewerbsneutral",
}


def check_publishable(status: str) -> Violation | None:
    """Only a draft is published (once)."""
    if status == DRAFT:
        return None
    return Violation(
        "id",
        f"Die Arbeitsgelegenheit ist {_STATUS_DE[status]} und kann nicht veröffentlicht werden.",
        "not_draft",
        conflict=True,
    )


def check_publish_particulars(
    site_address: Address | None, reporting_instructions: str | None
) -> Violation | None:
    """The Zuweisung letter needs the work site and where and when to report."""
    if site_address is None:
        return Violation(
            "site_address",
            "Für die Veröffentlichung fehlt der Einsatzort (Straße, Postleitzahl, Ort).",
            "site_address_missing",
        )
    if not reporting_instructions:
        return Violation(
            "reporting_instructions",
            "Für die Veröffentlichung fehlt der Hinweis, wo und wann sich die Person meldet.",
            "reporting_instructions_missing",
        )
    return None


def check_sgb2_attestations(
    legal_bases: Collection[str], attestations: Attestations | None
) -> Violation | None:
    """§ 16d SGB II work must be attested zusätzlich, im öffentlichen Interesse and
    wettbewerbsneutral before it is offered; the first missing attestation is named."""
    if "sgb2_16d" not in legal_bases:
        return None
    for name, text in ATTESTATION_FIELDS.items():
        if attestations is None or not getattr(attestations, name):
            return Violation(
                f"attestations.{name}",
                f"Für Arbeitsgelegenheiten nach § 16d SGB II muss bestätigt sein, dass die "
                f"Arbeit {text} ist.",
                "attestation_missing",
            )
    return None


def check_changeable(status: str) -> Violation | None:
    """Drafts and open opportunities change; a closed one does not."""
    if status != CLOSED:
        return None
    return Violation(
        "id", "Die Arbeitsgelegenheit ist geschlossen.", "opportunity_closed", conflict=True
    )


def check_places_not_below_occupied(places: int, occupied: int) -> Violation | None:
    """The places of an opportunity cannot drop below those currently taken (proposed or
    started placements)."""
    if places >= occupied:
        return None
    return Violation(
        "places",
        f"Es sind derzeit {occupied} Plätze belegt; die Zahl der Plätze kann nicht auf {places} "
        "sinken.",
        "below_occupied",
        conflict=True,
    )


def check_closable(status: str) -> Violation | None:
    """Only an open opportunity is closed."""
    if status == OPEN:
        return None
    return Violation(
        "id",
        f"Die Arbeitsgelegenheit ist {_STATUS_DE[status]} und kann nicht geschlossen werden.",
        "not_open",
        conflict=True,
    )


def check_open_for_proposals(status: str) -> Violation | None:
    """New Zuweisungen go only to open (published, not closed) opportunities."""
    if status == OPEN:
        return None
    return Violation(
        "opportunity_id",
        f"Die Arbeitsgelegenheit ist {_STATUS_DE[status]}; Zuweisungen sind nur in "
        "veröffentlichte Arbeitsgelegenheiten möglich.",
        "opportunity_not_open",
    )


def check_planned_end(start_date: date, end_date: date | None) -> Violation | None:
    """A Zuweisung's planned end does not lie before its start."""
    if end_date is None or end_date >= start_date:
        return None
    return Violation(
        "end_date",
        f"Das geplante Ende liegt vor dem Beginn ({de_date(start_date)}).",
        "end_before_start",
    )


def check_startable(status: str) -> Violation | None:
    """The provider confirms the start of a proposed placement, once."""
    if status == PROPOSED:
        return None
    return Violation(
        "id",
        f"Die Zuweisung ist {_STATUS_DE.get(status, status)}; nur eine zugewiesene, noch nicht "
        "angetretene Zuweisung kann beginnen.",
        "not_proposed",
        conflict=True,
    )


def check_endable(status: str) -> Violation | None:
    """Proposed and started placements end; ended, refused and no-show ones do not."""
    if status in HOLDING_PLACE:
        return None
    if status == ENDED:
        return Violation(
            "end_date", "Die Zuweisung ist bereits beendet.", "already_ended", conflict=True
        )
    return Violation(
        "end_date",
        f"Die Zuweisung ist {_STATUS_DE.get(status, status)} und kann nicht beendet werden.",
        "not_running",
        conflict=True,
    )


def check_started_for_hours(started: bool) -> Violation | None:
    """Hours are logged only for placements whose start the provider confirmed."""
    if started:
        return None
    return Violation(
        "placement_id",
        "Die Zuweisung wurde noch nicht angetreten; Stunden können erst nach der "
        "Bestätigung des Beginns erfasst werden.",
        "not_started",
        conflict=True,
    )


def status_after_refusal(status: str, kind: str) -> str | None:
    """The status a proposed placement takes when the participant refuses it (refused) or
    does not turn up (no_show); None when the refusal does not change the placement."""
    if status == PROPOSED and kind in (REFUSED, NO_SHOW):
        return kind
    return None
