"""Initial reporting store: placement, hours and refusal facts, plus the chassis tables.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from chassis.store.migrations import create_chassis_tables, drop_chassis_tables

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _last_event_at() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column("last_event_at", sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    """Create the fact tables and the chassis tables (outbox, lease, inbox)."""
    op.create_table(
        "placement",
        sa.Column("placement_id", sa.String(36), primary_key=True),
        sa.Column("participant_ref", sa.String(36), nullable=False),
        sa.Column("opportunity_id", sa.String(36), nullable=True),
        sa.Column("provider_id", sa.String(36), nullable=True),
        sa.Column("provider_kind", sa.String(30), nullable=True),
        sa.Column("municipality_key", sa.String(8), nullable=True),
        sa.Column("legal_basis", sa.String(20), nullable=True),
        sa.Column("category", sa.String(40), nullable=True),
        sa.Column("hours_per_week", sa.Numeric(4, 2), nullable=True),
        sa.Column("start_date", sa.Date, nullable=True),
        sa.Column("end_date", sa.Date, nullable=True),
        sa.Column("end_reason", sa.String(30), nullable=True),
        sa.Column("start_event_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("end_event_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_placement_start_date", "placement", ["start_date"])
    op.create_index("ix_placement_end_date", "placement", ["end_date"])
    op.create_index(
        "ix_placement_municipality_basis", "placement", ["municipality_key", "legal_basis"]
    )
    op.create_table(
        "hours_entry",
        sa.Column("entry_id", sa.String(36), primary_key=True),
        sa.Column("placement_id", sa.String(36), nullable=False),
        sa.Column("work_date", sa.Date, nullable=False),
        sa.Column("minutes", sa.Integer, nullable=False),
        _last_event_at(),
    )
    op.create_index("ix_hours_entry_work_date", "hours_entry", ["work_date"])
    op.create_index("ix_hours_entry_placement", "hours_entry", ["placement_id"])
    op.create_table(
        "refusal",
        sa.Column("refusal_id", sa.String(36), primary_key=True),
        sa.Column("participant_ref", sa.String(36), nullable=False),
        sa.Column("placement_id", sa.String(36), nullable=True),
        sa.Column("opportunity_id", sa.String(36), nullable=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("refusal_date", sa.Date, nullable=False),
        sa.Column("justified", sa.Boolean, nullable=False),
        sa.Column("justification_category", sa.String(40), nullable=True),
        sa.Column("legal_notice_given", sa.Boolean, nullable=False),
        _last_event_at(),
    )
    op.create_index("ix_refusal_date", "refusal", ["refusal_date"])
    op.create_index("ix_refusal_placement", "refusal", ["placement_id"])
    create_chassis_tables(op)


def downgrade() -> None:
    """Drop everything the upgrade created."""
    drop_chassis_tables(op)
    op.drop_table("refusal")
    op.drop_table("hours_entry")
    op.drop_table("placement")
