"""Tables every service store carries: outbox, relay lease and inbox."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

chassis_metadata = MetaData()

outbox_table = Table(
    "outbox_event",
    chassis_metadata,
    # Publication order; rowid-backed on SQLite, bigserial on PostgreSQL.
    Column("seq", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True),
    Column("event_id", String(64), nullable=False, unique=True),
    Column("event_type", String(200), nullable=False),
    Column("topic", String(200), nullable=False),
    Column("partition_key", String(200), nullable=False),
    Column("headers", Text, nullable=False, doc="JSON list of [name, value] pairs."),
    Column("payload", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

outbox_lease_table = Table(
    "outbox_lease",
    chassis_metadata,
    Column("name", String(50), primary_key=True),
    Column("holder", String(100), nullable=True),
    Column("expires_at", DateTime(timezone=True), nullable=True),
)

inbox_table = Table(
    "inbox_event",
    chassis_metadata,
    # event_id first: the batch lookup is `event_id IN (…)`, and with the key in this order
    # PostgreSQL uses the index even before its statistics know the table has grown.
    Column("event_id", String(64), primary_key=True),
    Column("subscription", String(100), primary_key=True),
    Column("event_type", String(200), nullable=False),
    Column("processed_at", DateTime(timezone=True), nullable=False),
)
