"""Whom a notice goes to: the participant, a provider's contact or a staff mailbox.

Provider contacts are kept like the recipient directory (a newer ProviderContactRecorded
wins). Open notices follow what is known: they wait until both the participant (whose name
every notice carries) and the addressee are known.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from notification.domain.notices import OPEN_STATUSES, Addressee, NoticeStatus, status_for
from notification.domain.recipients import PostalAddress, Recipient
from notification.store.recipients import get_recipient
from notification.store.tables import notice_table as n
from notification.store.tables import provider_contact_table as p
from notification.store.timestamps import as_utc

MAILBOX_NAME = "Sachbearbeitung Arbeitsgelegenheiten"


def mailbox_recipient(address: str, municipality_key: str) -> Recipient:
    """A staff mailbox as an addressee: e-mail only, German."""
    return Recipient(
        participant_ref="",
        given_name=MAILBOX_NAME,
        family_name="",
        preferred_language="de",
        email=address,
        postal_address=None,
        municipality_key=municipality_key,
        legal_basis="",
    )


def provider_recipient(row: Any) -> Recipient:
    """A provider's contact as an addressee: German, e-mail or postal address."""
    address = None
    if row["street"] and row["postal_code"] and row["city"]:
        address = PostalAddress(row["street"], row["postal_code"], row["city"])
    contact = row["contact_name"]
    return Recipient(
        participant_ref="",
        given_name=contact or row["provider_name"],
        family_name="",
        preferred_language="de",
        email=row["email"],
        postal_address=address,
        municipality_key=row["municipality_key"],
        legal_basis="",
        organisation=row["provider_name"] if contact else None,
    )


async def get_provider(session: AsyncSession, provider_id: str) -> Recipient | None:
    """The provider's contact, None before its ProviderContactRecorded."""
    row = (await session.execute(select(p).where(p.c.provider_id == provider_id))).first()
    return None if row is None else provider_recipient(row._mapping)


async def save_provider(
    session: AsyncSession, values: dict[str, Any], recorded_at: datetime, event_id: str
) -> bool:
    """Insert or overwrite a provider contact; an older event never overwrites a newer one."""
    provider_id = values["provider_id"]
    current = (
        await session.execute(select(p.c.recorded_at).where(p.c.provider_id == provider_id))
    ).scalar_one_or_none()
    row = {**values, "recorded_at": recorded_at, "source_event_id": event_id}
    if current is None:
        await session.execute(insert(p).values(**row))
        return True
    stored = as_utc(current)
    if stored is not None and stored > recorded_at:
        return False
    await session.execute(update(p).where(p.c.provider_id == provider_id).values(**row))
    return True


async def addressee_of(
    session: AsyncSession,
    addressee: str,
    addressee_id: str | None,
    participant: Recipient | None,
    municipality_key: str = "",
) -> Recipient | None:
    """The addressee of a notice, None while unknown."""
    kind = Addressee(addressee or Addressee.PARTICIPANT.value)
    if kind is Addressee.PARTICIPANT:
        return participant
    if not addressee_id:
        return None
    if kind is Addressee.PROVIDER:
        return await get_provider(session, addressee_id)
    return mailbox_recipient(addressee_id, municipality_key)


async def notice_status(
    session: AsyncSession,
    participant_ref: str,
    addressee: Addressee,
    addressee_id: str | None,
) -> NoticeStatus:
    """The status a new (or still unsent) notice gets from what is known now."""
    participant = await get_recipient(session, participant_ref)
    target = await addressee_of(session, addressee.value, addressee_id, participant)
    return status_for(target, participant is not None)


async def reassess(
    session: AsyncSession,
    at: datetime,
    *,
    participant_ref: str | None = None,
    provider_id: str | None = None,
) -> dict[NoticeStatus, int]:
    """Give the open notices of a participant (or to a provider) the status they have now.

    Also fills in a notice's municipality (the scope staff read it in) when its triggering
    event did not carry one. Returns how many moved to which status.
    """
    query = select(
        n.c.id,
        n.c.status,
        n.c.participant_ref,
        n.c.addressee,
        n.c.addressee_id,
        n.c.municipality_key,
    ).where(n.c.status.in_([s.value for s in OPEN_STATUSES]))
    if participant_ref is not None:
        query = query.where(n.c.participant_ref == participant_ref)
    else:
        query = query.where(
            n.c.addressee == Addressee.PROVIDER.value, n.c.addressee_id == provider_id
        )
    moved: dict[NoticeStatus, int] = {}
    for row in (await session.execute(query)).all():
        participant = await get_recipient(session, row.participant_ref)
        target = await addressee_of(session, row.addressee, row.addressee_id, participant)
        status = status_for(target, participant is not None)
        values: dict[str, Any] = {}
        if status.value != row.status:
            values |= {"status": status.value, "updated_at": at, "next_attempt_at": None}
            moved[status] = moved.get(status, 0) + 1
        if not row.municipality_key and participant is not None:
            values["municipality_key"] = participant.municipality_key
        if values:
            await session.execute(update(n).where(n.c.id == row.id).values(**values))
    return moved
