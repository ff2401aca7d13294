"""Composition root: runtime, read model subscription, gauges, routers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fastapi import FastAPI

from chassis import ServiceRuntime
from reporting import use_cases
from reporting.api.council import router as council_router
from reporting.api.exports import router as exports_router
from reporting.api.figures import router as figures_router
from reporting.api.kpis import router as kpis_router
from reporting.consumers.read_model import read_model_subscription
from reporting.domain.months import berlin_today
from reporting.metrics import MetricsRefresher
from reporting.settings import Settings
from reporting.store.metric_queries import MetricsSnapshot

MIGRATIONS = Path(__file__).parent / "store" / "migrations"


def build(settings: Settings | None = None) -> tuple[ServiceRuntime, FastAPI]:
    """The reporting service: a read model of placement facts, key figures and gauges."""
    settings = settings or Settings()
    refresher = MetricsRefresher(
        min_interval=settings.metrics_min_interval_seconds,
        idle_interval=settings.metrics_idle_interval_seconds,
    )
    runtime = ServiceRuntime(
        settings,
        migrations=MIGRATIONS,
        subscriptions=[read_model_subscription(after_commit=refresher.request)],
        title="reporting",
        description="Key figures of community work opportunities (Arbeitsgelegenheiten) "
        "derived from placement, allowance and notification events: places and targets, "
        "obliged participants, proposals, starts, ends, exits, hours, refusals, sanctions, "
        "allowance, notices; council report as PDF.",
    )

    async def load(today: date) -> MetricsSnapshot:
        return await use_cases.read_metrics_snapshot(
            runtime, today, settings.metrics_window_months, settings.place_targets
        )

    refresher.attach(runtime.metrics.registry, load, berlin_today)
    runtime.on_startup.append(refresher.start)
    runtime.on_shutdown.append(refresher.stop)
    app = runtime.create_app(routers=[kpis_router, exports_router, figures_router, council_router])
    app.state.metrics_refresher = refresher
    return runtime, app
