"""The lifecycle rules one by one (pure functions of domain/lifecycle.py and the hours rule
for placements that have not started)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from placement.domain.hours import HoursRow, PlacementPeriod, check_batch, check_entry
from placement.domain.hours_limits import Tally
from placement.domain.lifecycle import (
    check_changeable,
    check_closable,
    check_endable,
    check_open_for_proposals,
    check_places_not_below_occupied,
    check_planned_end,
    check_publish_particulars,
    check_publishable,
    check_sgb2_attestations,
    check_startable,
    status_after_refusal,
)
from placement.domain.models import Address, Attestations
from placement.domain.policy import HoursPolicy, Schedule

DAY = date(2026, 3, 2)
SITE = Address("Am Bauhof 1", "49186", "Bad Iburg")
NOW = datetime(2026, 3, 1, tzinfo=UTC)


def attested(**override: bool) -> Attestations:
    values = {"additional": True, "public_interest": True, "competition_neutral": True}
    return Attestations(**{**values, **override}, attested_by="k-1", attested_at=NOW)


def test_only_a_draft_is_published() -> None:
    assert check_publishable("draft") is None
    for status in ("open", "closed"):
        violation = check_publishable(status)
        assert violation is not None and violation.conflict


def test_publishing_needs_site_and_instructions() -> None:
    assert check_publish_particulars(SITE, "Montag 8 Uhr") is None
    assert check_publish_particulars(None, "x").field == "site_address"  # type: ignore[union-attr]
    assert check_publish_particulars(SITE, None).field == "reporting_instructions"  # type: ignore[union-attr]
    assert check_publish_particulars(SITE, "").field == "reporting_instructions"  # type: ignore[union-attr]


@pytest.mark.parametrize("missing", ["additional", "public_interest", "competition_neutral"])
def test_sgb2_work_needs_every_attestation(missing: str) -> None:
    violation = check_sgb2_attestations(["sgb2_16d"], attested(**{missing: False}))
    assert violation is not None and violation.field == f"attestations.{missing}"
    assert not violation.conflict


def test_attestations_only_matter_for_sgb2() -> None:
    assert check_sgb2_attestations(["asylblg_5"], None) is None
    assert check_sgb2_attestations(["asylblg_5", "sgb2_16d"], attested()) is None
    missing = check_sgb2_attestations(["asylblg_5", "sgb2_16d"], None)
    assert missing is not None and missing.field == "attestations.additional"


def test_changes_places_and_closing() -> None:
    assert check_changeable("draft") is None and check_changeable("open") is None
    assert check_changeable("closed").conflict  # type: ignore[union-attr]
    assert check_places_not_below_occupied(3, 3) is None
    below = check_places_not_below_occupied(2, 3)
    assert below is not None and below.conflict and below.field == "places"
    assert check_closable("open") is None
    assert check_closable("draft").conflict and check_closable("closed").conflict  # type: ignore[union-attr]


def test_only_open_opportunities_take_proposals() -> None:
    assert check_open_for_proposals("open") is None
    for status in ("draft", "closed"):
        violation = check_open_for_proposals(status)
        assert violation is not None and violation.field == "opportunity_id"


def test_placement_transitions() -> None:
    assert check_planned_end(DAY, None) is None and check_planned_end(DAY, DAY) is None
    assert check_planned_end(DAY, date(2026, 3, 1)).field == "end_date"  # type: ignore[union-attr]
    assert check_startable("proposed") is None
    for status in ("started", "ended", "refused", "no_show"):
        assert check_startable(status).conflict  # type: ignore[union-attr]
    assert check_endable("proposed") is None and check_endable("started") is None
    assert check_endable("ended").code == "already_ended"  # type: ignore[union-attr]
    assert check_endable("refused").code == "not_running"  # type: ignore[union-attr]


def test_status_after_refusal() -> None:
    assert status_after_refusal("proposed", "refused") == "refused"
    assert status_after_refusal("proposed", "no_show") == "no_show"
    assert status_after_refusal("proposed", "broke_off") is None
    assert status_after_refusal("started", "no_show") is None


def test_hours_only_for_started_placements() -> None:
    limits = Schedule(HoursPolicy(date.min, 480, 1800, 6000))
    row = HoursRow("p", DAY, 60)
    proposed = PlacementPeriod(DAY, None, started=False)
    violation = check_entry(row, proposed, Tally(), limits, DAY)
    assert violation is not None and violation.code == "not_started" and violation.conflict
    assert check_entry(row, PlacementPeriod(DAY, None), Tally(), limits, DAY) is None
    [bad] = check_batch([row], {"p": proposed}, {}, limits, DAY)
    assert bad.index == 0 and bad.violation.code == "not_started"
