"""allowance: rate tables (seeded), adjustments, manual requests, month close, statements

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_ID = sa.String(36)
_NO = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    rates = op.create_table(
        "allowance_rate",
        sa.Column("rate_no", _NO, primary_key=True, autoincrement=True),
        sa.Column("scheme", sa.String(20), nullable=False),
        sa.Column("valid_from", sa.Date, nullable=False),
        sa.Column("cents_per_hour", sa.Integer, nullable=False),
        sa.Column("entered_by", sa.String(200), nullable=False),
        sa.Column("entered_at", _WHEN, nullable=False),
        sa.UniqueConstraint("scheme", "valid_from", name="uq_allowance_rate_scheme_from"),
        sa.CheckConstraint("cents_per_hour >= 0", name="ck_allowance_rate_cents"),
    )
    # Statutory § 5 Abs. 2 AsylbLG rates (the district's § 16d SGB II rate is seeded at
    # start-up from SGB2_16D_RATE_CENTS_PER_HOUR when the scheme has no rate yet).
    seeded = datetime(2026, 11, 21, tzinfo=UTC)
    op.bulk_insert(
        rates,
        [
            {
                "scheme": "asylblg_5",
                "valid_from": date.min,
                "cents_per_hour": 105,
                "entered_by": "migration 0002 (§ 5 Abs. 2 AsylbLG a. F.)",
                "entered_at": seeded,
            },
            {
                "scheme": "asylblg_5",
                "valid_from": date(2016, 8, 6),
                "cents_per_hour": 80,
                "entered_by": "migration 0002 (Integrationsgesetz)",
                "entered_at": seeded,
            },
        ],
    )
    op.create_table(
        "allowance_adjustment",
        sa.Column("adjustment_no", _NO, primary_key=True, autoincrement=True),
        sa.Column("adjustment_key", sa.String(80), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("entry_id", _ID, nullable=True),
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
        sa.Column("reference", sa.String(200), nullable=True),
        sa.Column("source_id", sa.String(64), nullable=False),
        sa.Column("booked_at", _WHEN, nullable=False),
        sa.UniqueConstraint("adjustment_key", name="uq_allowance_adjustment_key"),
    )
    op.create_index("ix_allowance_adjustment_entry", "allowance_adjustment", ["entry_id"])
    op.create_index(
        "ix_allowance_adjustment_participant_month",
        "allowance_adjustment",
        ["participant_ref", "month"],
    )
    op.create_index(
        "ix_allowance_adjustment_month_participant",
        "allowance_adjustment",
        ["month", "participant_ref"],
    )
    op.create_table(
        "allowance_correction",
        sa.Column("correction_id", sa.String(64), primary_key=True),
        sa.Column("entry_id", _ID, nullable=False),
        sa.Column("worked_minutes", sa.Integer, nullable=False),
        sa.Column("applied_at", _WHEN, nullable=False),
    )
    op.create_table(
        "allowance_manual_request",
        sa.Column("request_id", _ID, primary_key=True),
        sa.Column("placement_id", _ID, nullable=False),
        sa.Column("participant_ref", _ID, nullable=False),
        sa.Column("expense_date", sa.Date, nullable=False),
        sa.Column("amount_cents", sa.BigInteger, nullable=False),
        sa.Column("receipt_reference", sa.String(200), nullable=False),
        sa.Column("description", sa.String(500), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("requested_by", sa.String(200), nullable=False),
        sa.Column("requested_at", _WHEN, nullable=False),
        sa.Column("approved_by", sa.String(200), nullable=True),
        sa.Column("approved_at", _WHEN, nullable=True),
        sa.CheckConstraint("amount_cents > 0", name="ck_allowance_manual_amount"),
    )
    op.create_index(
        "ix_allowance_manual_request_participant_ref",
        "allowance_manual_request",
        ["participant_ref"],
    )
    op.create_table(
        "allowance_month_close",
        sa.Column("month", sa.String(7), primary_key=True),
        sa.Column("closed_by", sa.String(200), nullable=False),
        sa.Column("closed_at", _WHEN, nullable=False),
    )
    op.create_table(
        "allowance_statement",
        sa.Column("statement_id", _ID, primary_key=True),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("participant_ref", _ID, nullable=False),
        sa.Column("total_cents", sa.BigInteger, nullable=False),
        sa.Column("worked_minutes", sa.Integer, nullable=False),
        sa.Column("lines", sa.Integer, nullable=False),
        sa.Column("issued_at", _WHEN, nullable=False),
        sa.UniqueConstraint("month", "participant_ref", name="uq_allowance_statement_month_ref"),
    )
    op.create_index(
        "ix_allowance_statement_participant", "allowance_statement", ["participant_ref"]
    )
    op.create_table(
        "allowance_statement_line",
        sa.Column("source", sa.String(10), primary_key=True),
        sa.Column("line_no", _NO, primary_key=True, autoincrement=False),
        sa.Column("statement_id", _ID, nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("entry_id", _ID, nullable=True),
        sa.Column("work_date", sa.Date, nullable=False),
        sa.Column("original_month", sa.String(7), nullable=False),
        sa.Column("worked_minutes", sa.Integer, nullable=False),
        sa.Column("rate_cents_per_hour", sa.Integer, nullable=False),
        sa.Column("amount_cents", sa.BigInteger, nullable=False),
    )
    op.create_index(
        "ix_allowance_statement_line_statement_id",
        "allowance_statement_line",
        ["statement_id"],
    )


def downgrade() -> None:
    for table in (
        "allowance_statement_line",
        "allowance_statement",
        "allowance_month_close",
        "allowance_manual_request",
        "allowance_correction",
        "allowance_adjustment",
        "allowance_rate",
    ):
        op.drop_table(table)
