"""Notices to providers and staff mailboxes, provider contacts, placement tracking, refusals
(for the hearing letter), the pre-send record of an SMTP transaction.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add addressee, placement_id and send_started_at to notice; two new tables."""
    with op.batch_alter_table("notice") as batch:
        batch.add_column(
            sa.Column("addressee", sa.String(20), nullable=False, server_default="participant")
        )
        batch.add_column(sa.Column("addressee_id", sa.String(320), nullable=True))
        batch.add_column(sa.Column("placement_id", sa.String(36), nullable=True))
        batch.add_column(sa.Column("send_started_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("uncertain_sends", sa.Integer(), nullable=False, server_default="0")
        )
    op.execute(
        "UPDATE notice SET placement_id = subject_id WHERE notice_type = 'placement_started'"
    )
    op.create_index("ix_notice_addressee_id", "notice", ["addressee_id"])
    op.create_table(
        "provider_contact",
        sa.Column("provider_id", sa.String(36), primary_key=True),
        sa.Column("provider_name", sa.String(200), nullable=False),
        sa.Column("provider_kind", sa.String(30), nullable=False),
        sa.Column("municipality_key", sa.String(8), nullable=False),
        sa.Column("contact_name", sa.String(200), nullable=True),
        sa.Column("email", sa.String(320), nullable=True),
        sa.Column("street", sa.String(200), nullable=True),
        sa.Column("postal_code", sa.String(5), nullable=True),
        sa.Column("city", sa.String(100), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source_event_id", sa.String(64), nullable=False),
    )
    op.create_table(
        "placement_activity",
        sa.Column("placement_id", sa.String(36), primary_key=True),
        sa.Column("participant_ref", sa.String(36), nullable=False),
        sa.Column("provider_id", sa.String(36), nullable=False),
        sa.Column("municipality_key", sa.String(8), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("last_work_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_placement_activity_end_date", "placement_activity", ["end_date"])
    op.create_table(
        "refusal",
        sa.Column("refusal_id", sa.String(36), primary_key=True),
        sa.Column("participant_ref", sa.String(36), nullable=False),
        sa.Column("placement_id", sa.String(36), nullable=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("refusal_date", sa.Date(), nullable=False),
    )


def downgrade() -> None:
    """Drop what the upgrade added."""
    op.drop_table("refusal")
    op.drop_index("ix_placement_activity_end_date", table_name="placement_activity")
    op.drop_table("placement_activity")
    op.drop_table("provider_contact")
    op.drop_index("ix_notice_addressee_id", table_name="notice")
    with op.batch_alter_table("notice") as batch:
        batch.drop_column("uncertain_sends")
        batch.drop_column("send_started_at")
        batch.drop_column("placement_id")
        batch.drop_column("addressee_id")
        batch.drop_column("addressee")
