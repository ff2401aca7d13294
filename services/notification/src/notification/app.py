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
from notification.use_cases.reminders import HoursReminderTask

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
        subscriptions=[notice_subscription(after_commit=doorbell.ring, settings=settings)],
        publishes=list(PUBLISHED),
        title="notification",
        description="Sends the notices of community work: Zuweisung with "
        "Rechtsfolgenbelehrung, start, end, Anhörung and sanction decisions, monthly "
        "allowance statements to participants (German plus a translation as a reading aid), "
        "start information and hours reminders to providers, hearing information to case "
        "workers; as e-mail with the PDF letter attached or as a printed letter.",
    )
    metrics = NotificationMetrics(settings.service_name, runtime.metrics.registry)
    mailer = mailer or SmtpMailer(settings)
    worker = DeliveryWorker(runtime.uow, mailer, settings, metrics, doorbell)
    reminders = HoursReminderTask(
        runtime.uow,
        settings.hours_reminder_days,
        settings.hours_reminder_check_seconds,
        after=doorbell.ring,
    )
    runtime.on_startup += [worker.start, reminders.start]
    runtime.on_shutdown += [reminders.stop, worker.stop]
    app = runtime.create_app(routers=[notices_router, letters_router])
    app.state.delivery = worker
    app.state.reminders = reminders
    return runtime, app
