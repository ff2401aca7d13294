"""Sanctions: delivered legal notices (from NoticeDelivered), effective-dated sanction policy
versions per legal basis, and sanction proposals with hearing, decision, waiver and end.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _at(name: str, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _by(name: str, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.String(200), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "legal_notice_delivery",
        sa.Column("notice_id", sa.String(36), nullable=False),
        sa.Column("placement_id", sa.String(36), nullable=False),
        sa.Column("participant_ref", sa.String(36), nullable=False),
        sa.Column("channel", sa.String(10), nullable=False),
        _at("delivered_at"),
        _at("recorded_at"),
        sa.PrimaryKeyConstraint("notice_id", name="pk_legal_notice_delivery"),
    )
    op.create_index(
        "ix_legal_notice_delivery_placement_id", "legal_notice_delivery", ["placement_id"]
    )
    op.create_table(
        "sanction_policy",
        sa.Column("legal_basis", sa.String(20), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("steps", sa.Text(), nullable=False),
        sa.Column("cap_percent", sa.Integer(), nullable=True),
        sa.Column("lookback_months", sa.Integer(), nullable=False),
        _at("created_at"),
        _by("created_by"),
        sa.PrimaryKeyConstraint("legal_basis", "valid_from", name="pk_sanction_policy"),
    )
    op.create_table(
        "sanction",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("participant_id", sa.String(36), nullable=False),
        sa.Column("refusal_id", sa.String(36), nullable=False),
        sa.Column("placement_id", sa.String(36), nullable=True),
        sa.Column("legal_basis", sa.String(20), nullable=False),
        sa.Column("rule", sa.String(20), nullable=False),
        sa.Column("rule_valid_from", sa.Date(), nullable=False),
        sa.Column("breach_number", sa.Integer(), nullable=False),
        sa.Column("refusal_date", sa.Date(), nullable=False),
        sa.Column("proposed_percent", sa.Integer(), nullable=True),
        sa.Column("proposed_months", sa.Integer(), nullable=False),
        sa.Column("legal_notice_id", sa.String(36), nullable=False),
        sa.Column("proposed_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("hearing_date", sa.Date(), nullable=True),
        sa.Column("hearing_summary", sa.Text(), nullable=True),
        _at("hearing_recorded_at", nullable=True),
        _by("hearing_recorded_by", nullable=True),
        sa.Column("reduction_percent", sa.Integer(), nullable=True),
        sa.Column("effective_from", sa.Date(), nullable=True),
        sa.Column("effective_until", sa.Date(), nullable=True),
        sa.Column("decided_date", sa.Date(), nullable=True),
        _by("decided_by", nullable=True),
        sa.Column("waiver_reason", sa.String(30), nullable=True),
        sa.Column("waived_date", sa.Date(), nullable=True),
        _by("waived_by", nullable=True),
        sa.Column("end_reason", sa.String(30), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        _by("ended_by", nullable=True),
        _at("created_at"),
        _by("created_by"),
        sa.PrimaryKeyConstraint("id", name="pk_sanction"),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participant.id"], name="fk_sanction_participant_id_participant"
        ),
        sa.ForeignKeyConstraint(
            ["refusal_id"], ["refusal.id"], name="fk_sanction_refusal_id_refusal"
        ),
        sa.UniqueConstraint("refusal_id", name="uq_sanction_refusal_id"),
        sa.CheckConstraint("breach_number >= 1", name="ck_sanction_breach_positive"),
        sa.CheckConstraint("proposed_months BETWEEN 1 AND 6", name="ck_sanction_months_range"),
    )
    op.create_index("ix_sanction_participant_id", "sanction", ["participant_id"])


def downgrade() -> None:
    op.drop_table("sanction")
    op.drop_table("sanction_policy")
    op.drop_table("legal_notice_delivery")
