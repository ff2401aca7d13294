"""Settings of the notification service, read from the environment."""

from __future__ import annotations

from pydantic import Field, SecretStr

from chassis import ServiceSettings


class Settings(ServiceSettings):
    """Chassis settings plus the SMTP relay and the delivery loop."""

    service_name: str = "notification"

    smtp_host: str = Field(default="127.0.0.1", description="SMTP relay host (SMTP_HOST).")
    smtp_port: int = Field(default=1025, ge=1, le=65535, description="SMTP relay port.")
    smtp_starttls: bool = Field(
        default=False, description="Upgrade the connection with STARTTLS before sending."
    )
    smtp_username: SecretStr | None = Field(
        default=None, description="Login at the relay; no login when empty."
    )
    smtp_password: SecretStr | None = Field(default=None, description="Password of the login.")
    smtp_sender: str = Field(
        default="gemeinwerk <noreply@gemeinwerk.invalid>",
        description="From header and envelope sender; its domain names the Message-IDs.",
    )
    smtp_timeout: float = Field(default=30.0, gt=0, description="Seconds per SMTP operation.")
    letter_sender_lines: list[str] = Field(
        default=[
            "Landkreis Musterkreis",
            "Fachdienst Soziales – Team Arbeitsgelegenheiten",
            "Kreishausstraße 1",
            "12345 Musterstadt",
        ],
        description="Letterhead of the PDF letters (LETTER_SENDER_LINES, JSON list): name "
        "first, postal code and city last; first and last two lines form the return address.",
    )
    delivery_poll_seconds: float = Field(
        default=5.0, gt=0, description="Idle interval of the delivery loop; base of the backoff."
    )
    delivery_max_attempts: int = Field(
        default=10,
        ge=1,
        description="Attempts of one delivery (DELIVERY_MAX_ATTEMPTS); when the last one fails "
        "the notice is `failed` and NoticeFailed (retries_exhausted) is published.",
    )
