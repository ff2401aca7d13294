"""Whom a notice is addressed to: the service's copy of a participant's contact data."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PostalAddress:
    """A German postal address (for printed letters)."""

    street: str
    postal_code: str
    city: str


@dataclass(frozen=True)
class Recipient:
    """Contact data of one participant, as last registered."""

    participant_ref: str
    given_name: str
    family_name: str
    preferred_language: str
    email: str | None
    postal_address: PostalAddress | None
    municipality_key: str
    legal_basis: str
    organisation: str | None = None
    """For a provider's contact: the provider, first line of the address window."""

    @property
    def full_name(self) -> str:
        """Given name and family name, as in the salutation."""
        return f"{self.given_name} {self.family_name}".strip()
