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
    hours_weekly_limit_minutes: int = Field(
        default=1800,
        ge=1,
        le=10080,
        description="Default weekly limit (ISO week Mon–Sun) per placement before the first "
        "stored hours policy version (HOURS_WEEKLY_LIMIT_MINUTES; default 1800 = 30 h).",
    )
    hours_monthly_limit_minutes: int = Field(
        default=6000,
        ge=1,
        le=44640,
        description="Default monthly limit (calendar month) per placement before the first "
        "stored hours policy version (HOURS_MONTHLY_LIMIT_MINUTES; default 6000 = 100 h).",
    )
    duty_min_age_years: int = Field(
        default=18,
        ge=14,
        le=99,
        description="Default age from which a person is past school age, before the first "
        "stored duty policy version (DUTY_MIN_AGE_YEARS; default 18).",
    )
    sgb2_months_limit: int = Field(
        default=24,
        ge=1,
        le=120,
        description="§ 16d Abs. 6 SGB II: most months of assignments within the window, before "
        "the first stored policy version (SGB2_MONTHS_LIMIT; default 24).",
    )
    sgb2_window_years: int = Field(
        default=5,
        ge=1,
        le=20,
        description="§ 16d Abs. 6 SGB II: years from the first entry the months are counted in "
        "(SGB2_WINDOW_YEARS; default 5).",
    )
    provider_approval_required: bool = Field(
        default=True,
        description="Providers start pending and need a coordinator's approval before their "
        "opportunities are published or placed (PROVIDER_APPROVAL_REQUIRED). When false, "
        "providers are approved on registration.",
    )
    matching_neighbours: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Neighbouring municipalities per AGS for matching, as JSON "
        '(MATCHING_NEIGHBOURS=\'{"03459004": ["03459006"]}\'). An AGS not listed counts '
        "every AGS with the same first 5 digits (the district) as neighbouring.",
    )
