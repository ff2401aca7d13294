"""Final failures: failed attempts of the current delivery, the last NoticeFailed reason.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add failed_attempts, failure_reason and failed_at to notice."""
    with op.batch_alter_table("notice") as batch:
        batch.add_column(
            sa.Column("failed_attempts", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("failure_reason", sa.String(30), nullable=True))
        batch.add_column(sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Drop the failure columns."""
    with op.batch_alter_table("notice") as batch:
        batch.drop_column("failed_at")
        batch.drop_column("failure_reason")
        batch.drop_column("failed_attempts")
