"""Composition root of the allowance service."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from gemeinwerk_contracts import AllowanceStatementIssued, PaymentRunCompleted
from gemeinwerk_contracts.vocabulary import LegalBasis

from allowance.api.routes import router
from allowance.api.routes_manual import router as manual_router
from allowance.api.routes_months import router as months_router
from allowance.api.routes_payments import router as payments_router
from allowance.api.routes_rates import router as rates_router
from allowance.api.routes_settlements import router as settlements_router
from allowance.consumers.ledger import LedgerConsumer
from allowance.metrics import LedgerMetrics
from allowance.settings import Settings
from allowance.store import rates
from chassis import ServiceRuntime

MIGRATIONS = Path(__file__).parent / "store" / "migrations"


async def seed_rates(runtime: ServiceRuntime) -> None:
    """Give § 16d SGB II its district rate from the setting when the store has none yet
    (the statutory AsylbLG rates are seeded by migration 0002). Later changes: POST /rates."""
    settings = runtime.settings
    assert isinstance(settings, Settings)
    async with runtime.uow() as uow:
        await rates.seed_scheme(
            uow.session, LegalBasis.SGB2_16D.value, settings.sgb2_16d_rate_cents_per_hour
        )
        await uow.commit()


def build(settings: Settings | None = None) -> tuple[ServiceRuntime, FastAPI]:
    """The runtime (store, consumers, relay) and the HTTP app of the allowance service."""
    settings = settings or Settings()
    ledger = LedgerConsumer(settings.placement_cache_size)
    runtime = ServiceRuntime(
        settings,
        migrations=MIGRATIONS,
        subscriptions=[ledger.subscription()],
        publishes=[AllowanceStatementIssued, PaymentRunCompleted],
        title="allowance",
        description="Ledger of Aufwandsentschädigungen: one line per hours entry, monthly "
        "totals per participant, rates, corrections, manual lines, month close and statements, "
        "payment runs (district pays) and provider settlements (provider pays).",
    )
    runtime.on_startup.append(lambda: seed_rates(runtime))
    # The registry exists only once the runtime does; bookings before that are impossible.
    ledger.metrics = LedgerMetrics(runtime.metrics.registry, settings.service_name)
    return runtime, runtime.create_app(
        routers=[
            router,
            rates_router,
            manual_router,
            months_router,
            payments_router,
            settlements_router,
        ]
    )
