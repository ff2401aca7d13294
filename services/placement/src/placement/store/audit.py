"""The append-only audit record: who did what, when, on whom (the database refuses
UPDATE and DELETE on the table; see migration 0001)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from placement.store.tables import audit_record_table as t


@dataclass(frozen=True)
class AuditRecord:
    """One action on a person. `details` holds ids and counts only, never personal data."""

    occurred_at: datetime
    actor_subject: str
    actor_role: str
    actor_scope: str
    action: str
    participant_id: str
    entity_type: str
    entity_id: str
    details: Mapping[str, object] = field(default_factory=dict)
    correlation_id: str | None = None


async def append(session: AsyncSession, records: Sequence[AuditRecord]) -> None:
    """Append audit records in the caller's transaction (one bulk insert)."""
    if not records:
        return
    await session.execute(
        insert(t),
        [
            {
                "id": str(uuid.uuid4()),
                "occurred_at": r.occurred_at,
                "actor_subject": r.actor_subject,
                "actor_role": r.actor_role,
                "actor_scope": r.actor_scope,
                "action": r.action,
                "participant_id": r.participant_id,
                "entity_type": r.entity_type,
                "entity_id": r.entity_id,
                "details": json.dumps(dict(r.details), default=str, sort_keys=True)
                if r.details
                else None,
                "correlation_id": r.correlation_id,
            }
            for r in records
        ],
    )
