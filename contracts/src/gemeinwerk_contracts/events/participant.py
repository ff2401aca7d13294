"""Internal participant events: the only ones that carry personal data."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from gemeinwerk_contracts.envelope import DataClassification
from gemeinwerk_contracts.events.base import Event
from gemeinwerk_contracts.events.placement import MunicipalityKey, ParticipantRef
from gemeinwerk_contracts.topics import PARTICIPANT_INTERNAL
from gemeinwerk_contracts.vocabulary import LegalBasis


class PostalAddress(BaseModel):
    """A German postal address."""

    model_config = ConfigDict(frozen=True, extra="ignore")  # tolerant reader, like Event

    street: str = Field(min_length=1, max_length=200, description="Street and house number.")
    postal_code: str = Field(pattern=r"^\d{5}$")
    city: str = Field(min_length=1, max_length=100)


class ParticipantRegistered(Event):
    """A case worker registered a participant. Internal topic only."""

    TYPE: ClassVar[str] = "de.gemeinwerk.participant.registered.v1"
    TOPIC: ClassVar[str] = PARTICIPANT_INTERNAL
    SOURCE: ClassVar[str] = "/placement"
    CLASSIFICATION: ClassVar[DataClassification] = DataClassification.PERSONAL

    participant_ref: ParticipantRef
    given_name: str = Field(min_length=1, max_length=100)
    family_name: str = Field(min_length=1, max_length=100)
    preferred_language: str = Field(
        pattern=r"^[a-z]{2,3}$", description="ISO 639 code of the preferred language, e.g. ar."
    )
    email: EmailStr | None = None
    postal_address: PostalAddress | None = None
    municipality_key: MunicipalityKey
    legal_basis: LegalBasis

    def partition_key(self) -> str:
        return str(self.participant_ref)


class ParticipantDetailsChanged(ParticipantRegistered):
    """A participant's master data changed (contact data, language, municipality).
    Carries the whole new state. Internal topic only; the public side learns nothing."""

    TYPE: ClassVar[str] = "de.gemeinwerk.participant.details-changed.v1"
