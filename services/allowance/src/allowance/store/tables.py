"""Tables of the allowance store (SQLAlchemy Core; SQLite and PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)

metadata = MetaData()

placement_table = Table(
    "allowance_placement",
    metadata,
    Column("placement_id", String(36), primary_key=True),
    Column("participant_ref", String(36), nullable=False, index=True),
    Column("legal_basis", String(20), nullable=False),
    Column("provider_id", String(36), nullable=False),
    Column("municipality_key", String(8), nullable=False),
    Column("start_date", Date, nullable=False),
    Column("event_id", String(64), nullable=False, doc="PlacementStarted event that told us."),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

line_table = Table(
    "allowance_line",
    metadata,
    # Booking order; rowid-backed on SQLite, bigserial on PostgreSQL. Statements and payment
    # runs will reference lines by line_no; lines themselves are never updated or deleted.
    Column("line_no", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True),
    Column("entry_id", String(36), nullable=False),
    Column("placement_id", String(36), nullable=False),
    Column("participant_ref", String(36), nullable=False),
    Column("provider_id", String(36), nullable=False),
    Column("municipality_key", String(8), nullable=False),
    Column("legal_basis", String(20), nullable=False),
    Column("work_date", Date, nullable=False),
    Column("month", String(7), nullable=False, doc="YYYY-MM of work_date."),
    Column("worked_minutes", Integer, nullable=False),
    Column("rate_cents_per_hour", Integer, nullable=False),
    Column("amount_cents", BigInteger, nullable=False),
    Column("event_id", String(64), nullable=False, doc="HoursLogged event that booked it."),
    Column("booked_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("entry_id", name="uq_allowance_line_entry"),
    CheckConstraint("worked_minutes > 0", name="ck_allowance_line_minutes"),
    CheckConstraint("rate_cents_per_hour >= 0", name="ck_allowance_line_rate"),
    CheckConstraint("amount_cents >= 0", name="ck_allowance_line_amount"),
    Index("ix_allowance_line_participant_month", "participant_ref", "month"),
    Index("ix_allowance_line_month_participant", "month", "participant_ref"),
)
