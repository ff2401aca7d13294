"""CloudEvents 1.0 envelope in Kafka binary content mode.

The event data is the Kafka message value (JSON); the context attributes travel as
`ce_*` headers. `correlationid` and `dataclassification` are extension attributes;
CloudEvents attribute names allow only lower-case letters and digits, hence no underscore.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

SPEC_VERSION = "1.0"
CONTENT_TYPE = "application/json"


class DataClassification(StrEnum):
    """What kind of data an event carries; decides which topic class it may go to."""

    PSEUDONYMOUS = "pseudonymous"
    """References only; allowed on public topics."""
    PERSONAL = "personal"
    """Names, contact data: internal topics only."""


class EnvelopeError(ValueError):
    """The Kafka headers do not form a valid CloudEvents envelope."""


class Envelope(BaseModel):
    """CloudEvents context attributes of one event."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(default_factory=lambda: str(uuid.uuid4()), description="Unique event id.")
    type: str = Field(description="Versioned type, e.g. de.gemeinwerk.placement.started.v1.")
    source: str = Field(description="URI reference of the producing service, e.g. /placement.")
    time: datetime = Field(
        default_factory=lambda: datetime.now(UTC), description="When it happened (UTC)."
    )
    subject: str | None = Field(default=None, description="Aggregate the event is about.")
    specversion: str = SPEC_VERSION
    datacontenttype: str = CONTENT_TYPE
    correlationid: str | None = Field(default=None, description="Request or flow it belongs to.")
    dataclassification: DataClassification = DataClassification.PSEUDONYMOUS

    def to_headers(self) -> list[tuple[str, bytes]]:
        """Kafka headers in CloudEvents binary mode."""
        headers = [
            ("ce_specversion", self.specversion),
            ("ce_id", self.id),
            ("ce_type", self.type),
            ("ce_source", self.source),
            ("ce_time", self.time.isoformat()),
            ("content-type", self.datacontenttype),
            ("ce_dataclassification", self.dataclassification.value),
        ]
        if self.subject is not None:
            headers.append(("ce_subject", self.subject))
        if self.correlationid is not None:
            headers.append(("ce_correlationid", self.correlationid))
        return [(name, value.encode()) for name, value in headers]

    @classmethod
    def from_headers(cls, headers: Iterable[tuple[str, bytes]] | Mapping[str, bytes]) -> Envelope:
        """Read the envelope back; raises EnvelopeError when a required attribute is missing."""
        items = headers.items() if isinstance(headers, Mapping) else headers
        values: dict[str, str] = {}
        for name, raw in items:
            value = raw.decode() if isinstance(raw, bytes | bytearray) else str(raw)
            if name == "content-type":
                values["datacontenttype"] = value
            elif name.startswith("ce_"):
                values[name[3:]] = value
        missing = [a for a in ("id", "type", "source", "specversion") if a not in values]
        if missing:
            names = ", ".join("ce_" + m for m in missing)
            raise EnvelopeError(f"missing CloudEvents headers: {names}")
        if values["specversion"] != SPEC_VERSION:
            raise EnvelopeError(f"unsupported ce_specversion {values['specversion']!r}")
        try:
            return cls.model_validate(values)
        except ValueError as exc:
            raise EnvelopeError(str(exc)) from exc
