"""What every use case works with: the chassis runtime, the settings and the metrics."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from chassis import ServiceRuntime, UnitOfWork
from placement.metrics import PlacementMetrics
from placement.settings import Settings


@dataclass(frozen=True)
class PlacementContext:
    """Built once in `app.build()`; reached by routers through `api.deps.Ctx`."""

    runtime: ServiceRuntime
    settings: Settings
    metrics: PlacementMetrics
    background: set[asyncio.Task[None]] = field(default_factory=set, compare=False)
    """Running background jobs (timesheet imports); kept so they are not garbage-collected."""

    def uow(self) -> UnitOfWork:
        """A unit of work: one transaction for a use case's state, audit records and events."""
        return self.runtime.uow()
