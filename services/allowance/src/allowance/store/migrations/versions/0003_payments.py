"""allowance: payment methods (bank details), payment runs, payments

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_ID = sa.String(36)
_WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "allowance_payment_method",
        sa.Column("participant_ref", _ID, primary_key=True),
        sa.Column("method", sa.String(12), nullable=False),
        sa.Column("iban", sa.String(34), nullable=True),
        sa.Column("bic", sa.String(11), nullable=True),
        sa.Column("account_holder", sa.String(70), nullable=True),
        sa.Column("updated_by", sa.String(200), nullable=False),
        sa.Column("updated_at", _WHEN, nullable=False),
    )
    op.create_table(
        "allowance_payment_run",
        sa.Column("payment_run_id", _ID, primary_key=True),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("payments", sa.Integer, nullable=False),
        sa.Column("paid_cents", sa.BigInteger, nullable=False),
        sa.Column("sepa_transfers", sa.Integer, nullable=False),
        sa.Column("cash_or_card", sa.Integer, nullable=False),
        sa.Column("without_method", sa.Integer, nullable=False),
        sa.Column("sepa_xml", sa.Text, nullable=True),
        sa.Column("cash_csv", sa.Text, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
    )
    op.create_index("ix_allowance_payment_run_month", "allowance_payment_run", ["month"])
    op.create_table(
        "allowance_payment",
        sa.Column("statement_id", _ID, primary_key=True),
        sa.Column("payment_run_id", _ID, nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("participant_ref", _ID, nullable=False),
        sa.Column("method", sa.String(12), nullable=False),
        sa.Column("amount_cents", sa.BigInteger, nullable=False),
        sa.Column("paid_at", _WHEN, nullable=False),
        sa.CheckConstraint("amount_cents > 0", name="ck_allowance_payment_amount"),
    )
    op.create_index("ix_allowance_payment_payment_run_id", "allowance_payment", ["payment_run_id"])
    op.create_index("ix_allowance_payment_month", "allowance_payment", ["month"])


def downgrade() -> None:
    for table in ("allowance_payment", "allowance_payment_run", "allowance_payment_method"):
        op.drop_table(table)
