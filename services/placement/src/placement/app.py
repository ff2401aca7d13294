"""Composition root of the placement service."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from gemeinwerk_contracts import (
    AssignmentIssued,
    HoursCorrected,
    HoursLogged,
    OpportunityChanged,
    OpportunityClosed,
    OpportunityPublished,
    ParticipantDetailsChanged,
    ParticipantObligationChanged,
    ParticipantRegistered,
    PlacementEnded,
    PlacementProposed,
    PlacementStarted,
    ProviderContactRecorded,
    RefusalRecorded,
    SanctionDecided,
    SanctionEnded,
    SanctionProposed,
    SanctionWaived,
)

from chassis import ServiceRuntime
from placement.api import (
    corrections,
    duty,
    lifecycle,
    participants,
    placements,
    policies,
    providers,
    sanctions,
    timesheets,
)
from placement.api.errors import install_error_handlers
from placement.consumers.notices import legal_notice_subscription
from placement.context import PlacementContext
from placement.metrics import PlacementMetrics
from placement.settings import Settings

MIGRATIONS = Path(__file__).parent / "store" / "migrations"
PUBLISHES = (
    PlacementStarted,
    PlacementEnded,
    HoursLogged,
    HoursCorrected,
    RefusalRecorded,
    ParticipantRegistered,
    OpportunityPublished,
    OpportunityChanged,
    OpportunityClosed,
    PlacementProposed,
    AssignmentIssued,
    ParticipantObligationChanged,
    ParticipantDetailsChanged,
    ProviderContactRecorded,
    SanctionProposed,
    SanctionDecided,
    SanctionWaived,
    SanctionEnded,
)


def build(settings: Settings | None = None) -> tuple[ServiceRuntime, FastAPI]:
    """The runtime and the ASGI app of the placement service."""
    settings = settings or Settings()
    runtime = ServiceRuntime(
        settings,
        migrations=MIGRATIONS,
        subscriptions=[legal_notice_subscription()],
        publishes=PUBLISHES,
        title="placement",
        description="Providers, opportunities, participants, placements (Zuweisungen), hours "
        "and refusals of community work opportunities (§ 5 AsylbLG, § 16d SGB II).",
    )
    app = runtime.create_app(
        routers=[
            providers.router,
            participants.router,
            duty.router,
            placements.router,
            corrections.router,
            policies.router,
            timesheets.router,
            lifecycle.router,
            sanctions.router,
        ]
    )
    app.state.placement = PlacementContext(
        runtime=runtime, settings=settings, metrics=PlacementMetrics(runtime.metrics.registry)
    )
    install_error_handlers(app)
    return runtime, app
