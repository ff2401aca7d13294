"""A minimal service on the chassis for its own tests: sums worked minutes per participant."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from gemeinwerk_contracts import Envelope, HoursLogged
from gemeinwerk_contracts.topics import PLACEMENT_PUBLIC
from sqlalchemy import Column, Integer, MetaData, String, Table, select

from chassis import RejectEvent, ServiceRuntime, ServiceSettings, Subscription, UnitOfWork

metadata = MetaData()
minutes_table = Table(
    "toy_minutes",
    metadata,
    Column("participant_ref", String(36), primary_key=True),
    Column("minutes", Integer, nullable=False),
)
MIGRATIONS = Path(__file__).parent / "toy_migrations"
REJECTED_MINUTES = 1439  # the toy handler rejects this value, to exercise handler dead letters


async def on_hours(uow: UnitOfWork, run: Sequence[tuple[Envelope, HoursLogged]]) -> None:
    """A batch handler: one read and one write per participant for a whole run of entries."""
    added: Counter[str] = Counter()
    for envelope, event in run:
        if event.worked_minutes == REJECTED_MINUTES:
            raise RejectEvent("toy rule: 1439 minutes are never accepted", event_id=envelope.id)
        added[str(event.participant_ref)] += event.worked_minutes
    rows = await uow.session.execute(
        select(minutes_table.c.participant_ref, minutes_table.c.minutes).where(
            minutes_table.c.participant_ref.in_(list(added))
        )
    )
    current = {row.participant_ref: row.minutes for row in rows}
    for ref, minutes in added.items():
        if ref in current:
            await uow.session.execute(
                minutes_table.update()
                .where(minutes_table.c.participant_ref == ref)
                .values(minutes=current[ref] + minutes)
            )
        else:
            await uow.session.execute(
                minutes_table.insert().values(participant_ref=ref, minutes=minutes)
            )


def build(database_url: str, bootstrap: str, name: str) -> ServiceRuntime:
    settings = ServiceSettings(
        service_name=name, database_url=database_url, kafka_bootstrap_servers=bootstrap
    )
    return ServiceRuntime(
        settings,
        migrations=MIGRATIONS,
        subscriptions=[
            Subscription(
                name="toy", topics=(PLACEMENT_PUBLIC,), batch_handlers={HoursLogged: on_hours}
            )
        ],
        publishes=[HoursLogged],
        title="toy",
    )
