"""Service settings from the environment (12-factor); secrets never come from the repository."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    """Settings every service shares. A service subclasses it and sets `service_name`."""

    model_config = SettingsConfigDict(extra="ignore", env_nested_delimiter="__")

    service_name: str = Field(default="service", description="Used in logs, metrics, groups.")
    database_url: str = Field(
        default="",
        description="SQLAlchemy URL. Empty: an SQLite file var/<service>.db (embedded default). "
        "postgresql:// URLs are switched to the asyncpg driver.",
    )
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    log_level: str = "INFO"
    var_dir: Path = Field(default=Path("var"), description="Folder for local files (SQLite).")

    topic_partitions: int = Field(default=3, ge=1, description="Partitions of topics we create.")
    consumer_max_records: int = Field(default=500, ge=1, description="Events per batch.")
    consumer_batch_timeout_ms: int = Field(default=100, ge=1)
    outbox_batch_size: int = Field(default=1000, ge=1)
    outbox_poll_seconds: float = Field(default=0.5, gt=0, description="Relay idle poll interval.")
    outbox_lease_seconds: float = Field(default=15.0, gt=0)

    auth_dev_secret: SecretStr = Field(
        default=SecretStr("gemeinwerk-dev-only"),
        description="Key of signed development tokens; production validates OIDC instead.",
    )
    auth_allow_anonymous: bool = Field(
        default=True,
        description="Local runs: requests without a token act as a district coordinator.",
    )

    @model_validator(mode="after")
    def _default_database(self) -> ServiceSettings:
        if not self.database_url:
            path = (self.var_dir / f"{self.service_name}.db").resolve()
            self.database_url = f"sqlite+aiosqlite:///{path}"
        return self

    @property
    def consumer_group(self) -> str:
        """Kafka consumer group: one per service, shared by its instances."""
        return f"gemeinwerk.{self.service_name}"
