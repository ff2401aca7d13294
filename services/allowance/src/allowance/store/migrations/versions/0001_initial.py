"""allowance: placements, ledger lines, chassis tables (outbox, lease, inbox)

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from chassis.store.migrations import create_chassis_tables, drop_chassis_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_ID = sa.String(36)


def upgrade() -> None:
    op.create_table(
        "allowance_placement",
        sa.Column("placement_id", _ID, primary_key=True),
        sa.Column("participant_ref", _ID, nullable=False),
        sa.Column("legal_basis", sa.String(20), nullable=False),
        sa.Column("provider_id", _ID, nullable=False),
        sa.Column("municipality_key", sa.String(8), nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_allowance_placement_participant_ref", "allowance_placement", ["participant_ref"]
    )
    op.create_table(
        "allowance_line",
        sa.Column(
            "line_no",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            primary_key=True,
            autoincrement=True,
        ),
        sa.Column("entry_id", _ID, nullable=False),
        sa.Column("placement_id", _ID, nullable=False),
        sa.Column("participant_ref", _ID, nullable=False),
        sa.Column("provider_id", _ID, nullable=False),
        sa.Column("municipality_key", sa.String(8), nullable=False),
        sa.Column("legal_basis", sa.String(20), nullable=False),
        sa.Column("work_date", sa.Date, nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("worked_minutes", sa.Integer, nullable=False),
        sa.Column("rate_cents_per_hour", sa.Integer, nullable=False),
        sa.Column("amount_cents", sa.BigInteger, nullable=False),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("booked_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("entry_id", name="uq_allowance_line_entry"),
        sa.CheckConstraint("worked_minutes > 0", name="ck_allowance_line_minutes"),
        sa.CheckConstraint("rate_cents_per_hour >= 0", name="ck_allowance_line_rate"),
        sa.CheckConstraint("amount_cents >= 0", name="ck_allowance_line_amount"),
    )
    op.create_index(
        "ix_allowance_line_participant_month", "allowance_line", ["participant_ref", "month"]
    )
    op.create_index(
        "ix_allowance_line_month_participant", "allowance_line", ["month", "participant_ref"]
    )
    create_chassis_tables(op)


def downgrade() -> None:
    drop_chassis_tables(op)
    op.drop_table("allowance_line")
    op.drop_table("allowance_placement")
