"""Recipients, notices and the chassis tables (outbox, relay lease, inbox).

Revision ID: 0001
Revises:
Create Date: 2025-11-21

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from chassis.store.migrations import create_chassis_tables, drop_chassis_tables

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the tables of the first version."""
    create_chassis_tables(op)
    op.create_table(
        "recipient",
        sa.Column("participant_ref", sa.String(36), primary_key=True),
        sa.Column("given_name", sa.String(100), nullable=False),
        sa.Column("family_name", sa.String(100), nullable=False),
        sa.Column("preferred_language", sa.String(3), nullable=False),
        sa.Column("email", sa.String(320), nullable=True),
        sa.Column("street", sa.String(200), nullable=True),
        sa.Column("postal_code", sa.String(5), nullable=True),
        sa.Column("city", sa.String(100), nullable=True),
        sa.Column("municipality_key", sa.String(8), nullable=False),
        sa.Column("legal_basis", sa.String(20), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source_event_id", sa.String(64), nullable=False),
    )
    op.create_table(
        "notice",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("notice_type", sa.String(50), nullable=False),
        sa.Column("subject_id", sa.String(36), nullable=False),
        sa.Column("participant_ref", sa.String(36), nullable=False),
        sa.Column("municipality_key", sa.String(8), nullable=False),
        sa.Column("trigger_event_id", sa.String(64), nullable=False),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(20), nullable=True),
        sa.Column("language", sa.String(3), nullable=True),
        sa.Column("recipient_email", sa.String(320), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claim_token", sa.String(36), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("smtp_message_id", sa.String(255), nullable=True),
        sa.Column("smtp_response", sa.Text(), nullable=True),
        sa.UniqueConstraint("notice_type", "subject_id", name="uq_notice_type_subject"),
    )
    op.create_index("ix_notice_participant_ref", "notice", ["participant_ref"])
    op.create_index("ix_notice_status_next_attempt", "notice", ["status", "next_attempt_at"])


def downgrade() -> None:
    """Drop everything the upgrade created."""
    op.drop_index("ix_notice_status_next_attempt", table_name="notice")
    op.drop_index("ix_notice_participant_ref", table_name="notice")
    op.drop_table("notice")
    op.drop_table("recipient")
    drop_chassis_tables(op)
