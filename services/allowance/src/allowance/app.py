"""Composition root of the allowance service."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from allowance.api.routes import router
from allowance.consumers.ledger import LedgerConsumer
from allowance.domain.rates import RateTable, default_rate_table
from allowance.metrics import LedgerMetrics
from allowance.settings import Settings
from chassis import ServiceRuntime

MIGRATIONS = Path(__file__).parent / "store" / "migrations"


def rate_table(settings: Settings) -> RateTable:
    """Statutory AsylbLG rates plus the district's SGB II rate from the settings."""
    return default_rate_table(settings.sgb2_16d_rate_cents_per_hour)


def build(settings: Settings | None = None) -> tuple[ServiceRuntime, FastAPI]:
    """The runtime (store, consumers, relay) and the HTTP app of the allowance service."""
    settings = settings or Settings()
    ledger = LedgerConsumer(rate_table(settings), settings.placement_cache_size)
    runtime = ServiceRuntime(
        settings,
        migrations=MIGRATIONS,
        subscriptions=[ledger.subscription()],
        publishes=[],
        title="allowance",
        description="Ledger of Aufwandsentschädigungen: one line per hours entry, monthly "
        "totals per participant.",
    )
    # The registry exists only once the runtime does; bookings before that are impossible.
    ledger.metrics = LedgerMetrics(runtime.metrics.registry, settings.service_name)
    return runtime, runtime.create_app(routers=[router])
