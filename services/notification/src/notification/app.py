"""Composition root of the notification service."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from chassis import ServiceRuntime
from notification.api.letters import router as letters_router
from notification.api.notices import router as notices_router
from notification.consumers.subscription import notice_subscription
from notification.delivery.doorbell import Doorbell
from notification.delivery.smtp import Mailer, SmtpMailer
from notification.delivery.worker import DeliveryWorker
from notification.events import PUBLISHED
from notification.metrics import NotificationMetrics
from notification.settings import Settings

MIGRATIONS = Path(__file__).parent / "store" / "migrations"


def build(
    settings: Settings | None = None, mailer: Mailer | None = None
) -> tuple[ServiceRuntime, FastAPI]:
    """Runtime and ASGI app: consumer of participants and placements, delivery loop, API."""
    settings = settings or Settings()
    doorbell = Doorbell()
    runtime = ServiceRuntime(
        settings,
        migrations=MIGRATIONS,
        subscriptions=[notice_subscription(after_commit=doorbell.ring)],
        publishes=list(PUBLISHED),
        title="notification",
        description="Tells participants that they were assigned to a work opportunity: "
        "German text plus a translation as a reading aid, as e-mail with the PDF letter "
        "attached or as a printed letter; keeps a directory of their contact data.",
    )
    metrics = NotificationMetrics(settings.service_name, runtime.metrics.registry)
    mailer = mailer or SmtpMailer(settings)
    worker = DeliveryWorker(runtime.uow, mailer, settings, metrics, doorbell)
    runtime.on_startup.append(worker.start)
    runtime.on_shutdown.append(worker.stop)
    app = runtime.create_app(routers=[notices_router, letters_router])
    app.state.delivery = worker
    return runtime, app
