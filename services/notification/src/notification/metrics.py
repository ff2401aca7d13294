"""Business metrics of the notification service (labels never identify a person)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge

from notification.domain.notices import NoticeType


class NotificationMetrics:
    """Sent and failed deliveries by notice type, and the pending backlog."""

    def __init__(self, service: str, registry: CollectorRegistry) -> None:
        self.service = service
        labels = ["service", "notice_type"]
        self._sent = Counter(
            "gemeinwerk_notices_sent",
            "Notices the SMTP relay accepted, by notice type.",
            labels,
            registry=registry,
        )
        self._failed = Counter(
            "gemeinwerk_notice_delivery_failures",
            "Failed delivery attempts (retried later), by notice type.",
            labels,
            registry=registry,
        )
        self._pending = Gauge(
            "gemeinwerk_notices_pending",
            "Notices waiting to be sent by e-mail, by notice type.",
            labels,
            registry=registry,
        )
        for notice_type in NoticeType:  # export zeros before the first event
            self._sent.labels(service, notice_type.value)
            self._failed.labels(service, notice_type.value)
            self._pending.labels(service, notice_type.value)

    def sent(self, notice_type: NoticeType) -> None:
        self._sent.labels(self.service, notice_type.value).inc()

    def failed(self, notice_type: NoticeType) -> None:
        self._failed.labels(self.service, notice_type.value).inc()

    def pending(self, counts: dict[NoticeType, int]) -> None:
        for notice_type, count in counts.items():
            self._pending.labels(self.service, notice_type.value).set(count)
