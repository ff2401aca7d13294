"""Business gauges of the read model, recomputed from the store (throttled), never per event.

A custom collector serves the latest snapshot, so a scrape never sees half-updated label
sets and label values that disappear from the store disappear from /metrics too.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import date

from prometheus_client import CollectorRegistry
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from reporting.store.metric_queries import Labels, MetricsSnapshot

log = logging.getLogger(__name__)
PREFIX = "gemeinwerk_reporting_"

_FAMILIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "active_placements",
        "Placements active today.",
        ("legal_basis", "municipality_key", "provider_kind"),
    ),
    ("placements_started", "Placements started per month.", ("month", "legal_basis")),
    ("placements_ended", "Placements ended per month, by end reason.", ("month", "reason")),
    ("worked_minutes", "Minutes worked per month (hours entries).", ("month", "legal_basis")),
    ("refusals", "Refusals recorded per month, by whether justified.", ("month", "justified")),
    ("allowance_cents", "Allowance of the statements issued per month, in cents.", ("month",)),
    (
        "places",
        "Places today by provider kind and municipality; state offered, occupied (started), "
        "reserved (proposed), free.",
        ("provider_kind", "municipality_key", "state"),
    ),
    ("place_target", "Places planned per provider kind (settings).", ("provider_kind",)),
    (
        "obliged",
        "People obliged to work today (Arbeitspflicht), by whether they are in placement.",
        ("municipality_key", "legal_basis", "placed"),
    ),
    ("placements_proposed", "Zuweisungen issued per month.", ("month", "legal_basis")),
    (
        "sanctions",
        "Sanction steps per month (proposed, decided, waived, ended).",
        ("month", "step"),
    ),
    ("allowance_paid_cents", "Allowance paid by payment runs per month, in cents.", ("month",)),
    (
        "notices",
        "Notice outcomes per month (delivered, failed) by notice type.",
        ("month", "outcome", "notice_type"),
    ),
)
_AWAITING = "placements_awaiting_start"
_AWAITING_DOC = "Placements whose end was read but not (yet) their start."
_REFRESHED = "refreshed_timestamp_seconds"
_REFRESHED_DOC = "When the gauges were last recomputed from the store (Unix time)."


class ReadModelCollector(Collector):
    """Exposes the latest MetricsSnapshot as gauge families."""

    def __init__(self) -> None:
        self.snapshot = MetricsSnapshot()
        self.refreshed_at: float | None = None

    def update(self, snapshot: MetricsSnapshot) -> None:
        self.snapshot = snapshot  # one reference swap: scrapes see old or new, never a mix
        self.refreshed_at = time.time()

    def describe(self) -> Iterator[GaugeMetricFamily]:
        for name, doc, labels in _FAMILIES:
            yield GaugeMetricFamily(PREFIX + name, doc, labels=labels)
        yield GaugeMetricFamily(PREFIX + _AWAITING, _AWAITING_DOC)
        yield GaugeMetricFamily(PREFIX + _REFRESHED, _REFRESHED_DOC)

    def collect(self) -> Iterator[GaugeMetricFamily]:
        snapshot = self.snapshot
        values: dict[str, dict[Labels, int]] = {
            "active_placements": snapshot.active,
            "placements_started": snapshot.started,
            "placements_ended": snapshot.ended,
            "worked_minutes": snapshot.worked_minutes,
            "refusals": snapshot.refusals,
            "allowance_cents": snapshot.allowance_cents,
            "places": snapshot.places,
            "place_target": snapshot.place_targets,
            "obliged": snapshot.obliged,
            "placements_proposed": snapshot.proposed,
            "sanctions": snapshot.sanctions,
            "allowance_paid_cents": snapshot.allowance_paid_cents,
            "notices": snapshot.notices,
        }
        for name, doc, labels in _FAMILIES:
            family = GaugeMetricFamily(PREFIX + name, doc, labels=labels)
            for label_values, value in sorted(values[name].items()):
                family.add_metric(list(label_values), value)
            yield family
        yield GaugeMetricFamily(PREFIX + _AWAITING, _AWAITING_DOC, value=snapshot.awaiting_start)
        if self.refreshed_at is not None:
            yield GaugeMetricFamily(PREFIX + _REFRESHED, _REFRESHED_DOC, value=self.refreshed_at)


Load = Callable[[date], Awaitable[MetricsSnapshot]]


class MetricsRefresher:
    """Recomputes the gauges when asked, at most once per `min_interval` seconds.

    `request()` (the subscription's after_commit) only sets a flag; a background task does the
    work, so a burst of batches costs one recomputation per interval and never delays the
    consumer. The last request of a burst is always honoured. Without requests the gauges are
    still recomputed every `idle_interval` seconds (today's date and the month window move).
    """

    def __init__(
        self, min_interval: float = 1.0, idle_interval: float = 300.0, retry_interval: float = 5.0
    ) -> None:
        self.collector = ReadModelCollector()
        self.min_interval = min_interval
        self.idle_interval = idle_interval
        self.retry_interval = retry_interval
        self._load: Load | None = None
        self._today: Callable[[], date] | None = None
        self._wanted = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.refreshes = 0

    def attach(self, registry: CollectorRegistry, load: Load, today: Callable[[], date]) -> None:
        """Register the gauges and say how to read a snapshot (done by the composition root)."""
        registry.register(self.collector)
        self._load, self._today = load, today

    async def request(self) -> None:
        """Ask for a recomputation soon (cheap; used as Subscription.after_commit)."""
        self._wanted.set()

    async def refresh(self) -> None:
        """Recompute now."""
        if self._load is None or self._today is None:
            raise RuntimeError("MetricsRefresher.attach() was not called")
        self.collector.update(await self._load(self._today()))
        self.refreshes += 1

    async def start(self) -> None:
        """First recomputation (start-up), then the background task."""
        await self.refresh()
        self._task = asyncio.create_task(self._run(), name="reporting-metrics-refresh")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wanted.wait(), timeout=self.idle_interval)
            self._wanted.clear()
            try:
                await self.refresh()
            except Exception:
                log.exception("recomputing the reporting gauges failed; retrying")
                self._wanted.set()
                await asyncio.sleep(max(self.min_interval, self.retry_interval))
                continue
            await asyncio.sleep(self.min_interval)
