"""Settings of the reporting service (environment variables, no prefix)."""

from __future__ import annotations

from pydantic import Field

from chassis import ServiceSettings
from reporting.domain.business import DEFAULT_TARGETS


class Settings(ServiceSettings):
    """ServiceSettings plus the reporting knobs."""

    service_name: str = "reporting"
    metrics_window_months: int = Field(
        default=24, ge=1, le=120, description="Months (up to the current one) the gauges cover."
    )
    metrics_min_interval_seconds: float = Field(
        default=10.0,
        gt=0,
        description="Gauges are recomputed at most this often. A recomputation reads every "
        "business fact, so during a burst it competes with the consumer; Prometheus scrapes "
        "every 15 s anyway.",
    )
    metrics_idle_interval_seconds: float = Field(
        default=300.0, gt=0, description="Gauges are recomputed at least this often."
    )
    kpi_max_months: int = Field(
        default=120, ge=1, le=600, description="Longest month range GET /kpis accepts."
    )
    place_targets: dict[str, int] = Field(
        default_factory=lambda: dict(DEFAULT_TARGETS),
        description="Places planned per provider kind (JSON, e.g. "
        '{"municipal":150,"district":50,"non_profit":100}); the total target is their sum.',
    )
