"""toy tables

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op
from chassis.store.migrations import create_chassis_tables

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "toy_minutes",
        sa.Column("participant_ref", sa.String(36), primary_key=True),
        sa.Column("minutes", sa.Integer, nullable=False),
    )
    create_chassis_tables(op)


def downgrade() -> None:
    op.drop_table("toy_minutes")
