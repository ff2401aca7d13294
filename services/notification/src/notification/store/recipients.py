"""The recipient directory: participants' contact data, one row per participant."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from notification.domain.recipients import PostalAddress, Recipient
from notification.store.tables import recipient_table as t
from notification.store.timestamps import as_utc


async def get_recipient(session: AsyncSession, participant_ref: str) -> Recipient | None:
    """The participant's contact data, or None when not registered (yet)."""
    row = (await session.execute(select(t).where(t.c.participant_ref == participant_ref))).first()
    return None if row is None else recipient_from_row(row._mapping)


async def save_recipient(
    session: AsyncSession, recipient: Recipient, registered_at: datetime, event_id: str
) -> bool:
    """Insert or overwrite; an older registration never overwrites a newer one.

    Returns whether the row now holds this registration.
    """
    values = {
        "given_name": recipient.given_name,
        "family_name": recipient.family_name,
        "preferred_language": recipient.preferred_language,
        "email": recipient.email,
        "street": recipient.postal_address.street if recipient.postal_address else None,
        "postal_code": recipient.postal_address.postal_code if recipient.postal_address else None,
        "city": recipient.postal_address.city if recipient.postal_address else None,
        "municipality_key": recipient.municipality_key,
        "legal_basis": recipient.legal_basis,
        "registered_at": registered_at,
        "source_event_id": event_id,
    }
    current = (
        await session.execute(
            select(t.c.registered_at).where(t.c.participant_ref == recipient.participant_ref)
        )
    ).scalar_one_or_none()
    if current is None:
        await session.execute(insert(t).values(participant_ref=recipient.participant_ref, **values))
        return True
    stored = as_utc(current)
    if stored is not None and stored > registered_at:
        return False
    await session.execute(
        update(t).where(t.c.participant_ref == recipient.participant_ref).values(**values)
    )
    return True


def recipient_from_row(row: Any) -> Recipient:
    """A Recipient from a row mapping holding the recipient columns."""
    address = None
    if row["street"] and row["postal_code"] and row["city"]:
        address = PostalAddress(row["street"], row["postal_code"], row["city"])
    return Recipient(
        participant_ref=row["participant_ref"],
        given_name=row["given_name"],
        family_name=row["family_name"],
        preferred_language=row["preferred_language"],
        email=row["email"],
        postal_address=address,
        municipality_key=row["municipality_key"],
        legal_basis=row["legal_basis"],
    )
