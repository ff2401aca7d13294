"""Unit of work: one transaction for a use case's state change and its outgoing events."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from types import TracebackType

from gemeinwerk_contracts import Event, encode, envelope_for
from sqlalchemy.ext.asyncio import AsyncSession

from chassis.logs import correlation_id_var
from chassis.store.database import Database
from chassis.store.tables import outbox_table


class UnitOfWork:
    """`async with UnitOfWork(db) as uow:` … `uow.publish(event)` … `await uow.commit()`.

    Events are written to the outbox in the same transaction as the state; the relay
    publishes them after commit. Leaving the block without commit rolls everything back.
    """

    def __init__(self, database: Database, on_commit: Callable[[], None] | None = None) -> None:
        self._database = database
        self._on_commit = on_commit
        self._pending: list[Event] = []
        self.session: AsyncSession

    async def __aenter__(self) -> UnitOfWork:
        self.session = self._database.session()
        await self.session.begin()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self.session.in_transaction():
                await self.session.rollback()
        finally:
            await self.session.close()

    def publish(self, event: Event) -> None:
        """Stage an event; it is written to the outbox at commit."""
        self._pending.append(event)

    async def commit(self) -> None:
        """Write staged events to the outbox and commit state and events together."""
        had_events = bool(self._pending)
        if self._pending:
            await self.session.execute(
                outbox_table.insert(), [_outbox_row(e) for e in self._pending]
            )
            self._pending.clear()
        await self.session.commit()
        if had_events and self._on_commit is not None:
            self._on_commit()

    async def rollback(self) -> None:
        self._pending.clear()
        await self.session.rollback()


def _outbox_row(event: Event) -> dict[str, object]:
    envelope = envelope_for(event, correlation_id_var.get())
    headers = [[name, value.decode()] for name, value in envelope.to_headers()]
    return {
        "event_id": envelope.id,
        "event_type": event.TYPE,
        "topic": event.TOPIC,
        "partition_key": event.partition_key(),
        "headers": json.dumps(headers),
        "payload": encode(event),
        "created_at": datetime.now(UTC),
    }
