"""Settings of the placement service (environment variables, no prefix)."""

from __future__ import annotations

from pydantic import Field

from chassis import ServiceSettings


class Settings(ServiceSettings):
    """Chassis settings plus the district policy values the placement rules need."""

    service_name: str = Field(default="placement", description="Used in logs, metrics, groups.")
    hours_daily_limit_minutes: int = Field(
        default=480,
        ge=1,
        le=1440,
        description="District policy: most minutes that may be logged for one placement on one "
        "day (HOURS_DAILY_LIMIT_MINUTES; default 480 = 8 h, an assumption of DOMAIN.md).",
    )
