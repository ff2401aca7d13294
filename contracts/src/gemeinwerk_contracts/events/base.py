"""Base class of every event: a frozen pydantic model that knows its type, topic and key."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from gemeinwerk_contracts.envelope import DataClassification


class Event(BaseModel):
    """One fact that happened. One class = one versioned type = one fixed shape.

    Unknown properties are ignored (tolerant reader), not rejected: a producer may add an
    optional property within a version, and consumers that still run the older model of that
    version must go on accepting its events (see gemeinwerk_contracts.compatibility).
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    TYPE: ClassVar[str]
    """CloudEvents type, past tense and versioned."""
    TOPIC: ClassVar[str]
    """Topic the event is published to."""
    SOURCE: ClassVar[str]
    """CloudEvents source: the producing service."""
    CLASSIFICATION: ClassVar[DataClassification] = DataClassification.PSEUDONYMOUS

    def partition_key(self) -> str:
        """Kafka key: the aggregate whose events must stay in order."""
        raise NotImplementedError(f"{type(self).__name__} must define its partition key")

    def subject(self) -> str:
        """CloudEvents subject: the aggregate the event is about."""
        return self.partition_key()
