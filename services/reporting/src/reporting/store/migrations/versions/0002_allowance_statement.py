"""Allowance statements (AllowanceStatementIssued) and placements by participant.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the statement table; index placements by participant (statement filters)."""
    op.create_table(
        "allowance_statement",
        sa.Column("statement_id", sa.String(36), primary_key=True),
        sa.Column("participant_ref", sa.String(36), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("month_first_day", sa.Date, nullable=False),
        sa.Column("month_last_day", sa.Date, nullable=False),
        sa.Column("total_cents", sa.BigInteger, nullable=False),
        sa.Column("corrections_cents", sa.BigInteger, nullable=False),
        sa.Column("worked_minutes", sa.Integer, nullable=False),
        sa.Column("last_event_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_allowance_statement_month", "allowance_statement", ["month"])
    op.create_index(
        "ix_allowance_statement_participant", "allowance_statement", ["participant_ref"]
    )
    op.create_index("ix_placement_participant", "placement", ["participant_ref"])


def downgrade() -> None:
    """Drop what the upgrade created."""
    op.drop_index("ix_placement_participant", table_name="placement")
    op.drop_table("allowance_statement")
