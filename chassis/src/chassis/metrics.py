"""Prometheus metrics of the chassis; services register their own on the same registry."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge


class ChassisMetrics:
    """Delivery metrics every service exports under the same names."""

    def __init__(self, service: str, registry: CollectorRegistry | None = None) -> None:
        self.service = service
        self.registry = registry or CollectorRegistry()
        labels = ["service"]
        self.outbox_backlog = Gauge(
            "gemeinwerk_outbox_backlog",
            "Events committed to the outbox but not yet published.",
            labels,
            registry=self.registry,
        ).labels(service)
        self.outbox_oldest_age = Gauge(
            "gemeinwerk_outbox_oldest_age_seconds",
            "Age of the oldest unpublished outbox event.",
            labels,
            registry=self.registry,
        ).labels(service)
        self.outbox_published = Counter(
            "gemeinwerk_outbox_published",
            "Events the relay published to Kafka.",
            labels,
            registry=self.registry,
        ).labels(service)
        self._applied = Counter(
            "gemeinwerk_events_applied",
            "Events applied by a consumer (effect committed).",
            ["service", "event_type"],
            registry=self.registry,
        )
        self.duplicates_skipped = Counter(
            "gemeinwerk_inbox_duplicates_skipped",
            "Redelivered events skipped because the inbox had them.",
            labels,
            registry=self.registry,
        ).labels(service)
        self._dead_lettered = Counter(
            "gemeinwerk_dead_lettered",
            "Events sent to the dead-letter topic, by cause (contract or handler).",
            ["service", "cause"],
            registry=self.registry,
        )
        self.batch_failures = Counter(
            "gemeinwerk_consumer_batch_failures",
            "Batches rolled back and redelivered after an error.",
            labels,
            registry=self.registry,
        ).labels(service)

    def applied(self, event_type: str, count: int = 1) -> None:
        self._applied.labels(self.service, event_type).inc(count)

    def dead_lettered(self, cause: str) -> None:
        self._dead_lettered.labels(self.service, cause).inc()
