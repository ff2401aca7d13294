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
    delivery_lease_seconds: float | None = Field(
        default=None,
        gt=0,
        description="How long a delivery round's claim lasts (DELIVERY_LEASE_SECONDS); a claim "
        "left by a killed instance is taken over after it. Default: SMTP_TIMEOUT × 22.",
    )
    hearing_response_days: int = Field(
        default=14,
        ge=1,
        le=90,
        description="Days from the proposal the participant has to answer a hearing letter.",
    )
    case_worker_mailbox: str = Field(
        default="sachbearbeitung@gemeinwerk.invalid",
        min_length=3,
        description="Mailbox of the case workers (CASE_WORKER_MAILBOX): hearing information.",
    )
    case_worker_mailboxes: dict[str, str] = Field(
        default_factory=dict,
        description="Per-municipality mailboxes (CASE_WORKER_MAILBOXES, JSON object: AGS → "
        "address); municipalities not listed use CASE_WORKER_MAILBOX.",
    )
    hours_reminder_days: int = Field(
        default=14,
        ge=1,
        description="Days without logged hours after which a provider is reminded.",
    )
    hours_reminder_check_seconds: float = Field(
        default=3600.0,
        gt=0,
        description="Interval of the background check for silent placements.",
    )

    def mailbox_for(self, municipality_key: str) -> str:
        """The case workers' mailbox of a municipality (the default one when not mapped)."""
        return self.case_worker_mailboxes.get(municipality_key) or self.case_worker_mailbox
