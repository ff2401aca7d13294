"""allowance: who pays (effective-dated), provider settlements, payer on payment runs

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_ID = sa.String(36)
_WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("allowance_payment_run") as batch:
        batch.add_column(
            sa.Column("payer", sa.String(10), nullable=False, server_default="district")
        )
        batch.add_column(
            sa.Column("carried_over_cents", sa.BigInteger, nullable=False, server_default="0")
        )
    op.create_table(
        "allowance_payer",
        sa.Column("valid_from", sa.String(7), primary_key=True),
        sa.Column("payer", sa.String(10), nullable=False),
        sa.Column("entered_by", sa.String(200), nullable=False),
        sa.Column("entered_at", _WHEN, nullable=False),
    )
    op.create_table(
        "allowance_settlement",
        sa.Column("settlement_id", _ID, primary_key=True),
        sa.Column("payment_run_id", _ID, nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("provider_id", _ID, nullable=False),
        sa.Column("participants", sa.Integer, nullable=False),
        sa.Column("worked_minutes", sa.Integer, nullable=False),
        sa.Column("total_cents", sa.BigInteger, nullable=False),
        sa.Column("settlement_csv", sa.Text, nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.CheckConstraint("total_cents > 0", name="ck_allowance_settlement_total"),
    )
    for column in ("payment_run_id", "month", "provider_id"):
        op.create_index(f"ix_allowance_settlement_{column}", "allowance_settlement", [column])
    op.create_table(
        "allowance_settlement_item",
        sa.Column("statement_id", _ID, primary_key=True),
        sa.Column("provider_id", _ID, primary_key=True),
        sa.Column("settlement_id", _ID, nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("participant_ref", _ID, nullable=False),
        sa.Column("worked_minutes", sa.Integer, nullable=False),
        sa.Column("amount_cents", sa.BigInteger, nullable=False),
    )
    for column in ("settlement_id", "month"):
        op.create_index(
            f"ix_allowance_settlement_item_{column}", "allowance_settlement_item", [column]
        )


def downgrade() -> None:
    for table in ("allowance_settlement_item", "allowance_settlement", "allowance_payer"):
        op.drop_table(table)
    with op.batch_alter_table("allowance_payment_run") as batch:
        batch.drop_column("carried_over_cents")
        batch.drop_column("payer")
