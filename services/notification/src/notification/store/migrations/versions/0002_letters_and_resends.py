"""PDF letters (stored in the database), print collection day, resends and deliveries.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add letter and resend columns and the document and delivery tables."""
    with op.batch_alter_table("notice") as batch:
        batch.add_column(sa.Column("letter_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("resends", sa.Integer(), nullable=False, server_default="0"))
        batch.alter_column(
            "language", existing_type=sa.String(3), type_=sa.String(20), existing_nullable=True
        )
    op.create_index("ix_notice_letter_date", "notice", ["letter_date"])
    op.create_table(
        "notice_document",
        sa.Column("notice_id", sa.String(36), sa.ForeignKey("notice.id"), primary_key=True),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("body_text", sa.Text(), nullable=False),
        sa.Column("languages", sa.String(20), nullable=False),
        sa.Column("letter_date", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "notice_delivery",
        sa.Column("notice_id", sa.String(36), sa.ForeignKey("notice.id"), primary_key=True),
        sa.Column("sequence", sa.Integer(), primary_key=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("requested_by", sa.String(200), nullable=True),
        sa.Column("requested_role", sa.String(30), nullable=True),
        sa.Column("channel", sa.String(20), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("recipient_email", sa.String(320), nullable=True),
        sa.Column("message_id", sa.String(255), nullable=True),
        sa.Column("letter_date", sa.Date(), nullable=True),
    )


def downgrade() -> None:
    """Drop what the upgrade added."""
    op.drop_table("notice_delivery")
    op.drop_table("notice_document")
    op.drop_index("ix_notice_letter_date", table_name="notice")
    with op.batch_alter_table("notice") as batch:
        batch.alter_column("language", existing_type=sa.String(20), type_=sa.String(3))
        batch.drop_column("resends")
        batch.drop_column("letter_date")
