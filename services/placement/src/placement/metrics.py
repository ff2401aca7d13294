"""Business metrics of the placement service. Labels are closed vocabularies only —
never a person, placement or provider id."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter


class PlacementMetrics:
    """Counters registered on the runtime's registry (exported under /metrics)."""

    def __init__(self, registry: CollectorRegistry) -> None:
        def counter(name: str, doc: str, labels: tuple[str, ...] = ()) -> Counter:
            return Counter(f"gemeinwerk_placement_{name}", doc, labels, registry=registry)

        self.providers_registered = counter(
            "providers_registered", "Providers (Träger) registered.", ("kind",)
        )
        self.opportunities_created = counter(
            "opportunities_created", "Opportunities created.", ("category",)
        )
        self.participants_registered = counter(
            "participants_registered", "Participants registered.", ("legal_basis",)
        )
        self.placements_proposed = counter(
            "placements_proposed", "Placements proposed (Zuweisungen issued).", ("legal_basis",)
        )
        self.opportunities_published = counter(
            "opportunities_published", "Opportunities published.", ("category",)
        )
        self.opportunities_closed = counter("opportunities_closed", "Opportunities closed.")
        self.timesheet_imports = counter(
            "timesheet_imports", "Asynchronous timesheet imports, by outcome.", ("outcome",)
        )
        self.placements_started = counter(
            "placements_started", "Placements started.", ("legal_basis", "provider_kind")
        )
        self.placements_ended = counter("placements_ended", "Placements ended.", ("reason",))
        self.capacity_conflicts = counter(
            "capacity_conflicts", "Placements refused because the opportunity was full."
        )
        self.hours_entries_logged = counter(
            "hours_entries_logged", "Hours entries logged.", ("channel",)
        )
        self.minutes_logged = counter("minutes_logged", "Minutes of work logged.", ("channel",))
        self.hours_corrections = counter(
            "hours_corrections", "Corrections of hours entries, by kind.", ("kind",)
        )
        self.hours_batches = counter(
            "hours_batches", "Hours batches received, by outcome.", ("outcome",)
        )
        self.refusals_recorded = counter(
            "refusals_recorded", "Refusals recorded.", ("kind", "justified")
        )
