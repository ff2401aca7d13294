"""Facts for the business figures: opportunities, obligations, proposals, sanctions,
payment runs and notice outcomes (issue 6).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _at(name: str = "last_event_at", nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    """Create the fact tables of the business figures."""
    op.create_table(
        "opportunity_version",
        sa.Column("opportunity_id", sa.String(36), primary_key=True),
        sa.Column("effective_date", sa.Date, primary_key=True),
        sa.Column("provider_kind", sa.String(30), nullable=False),
        sa.Column("municipality_key", sa.String(8), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("places", sa.Integer, nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date, nullable=True),
        sa.Column("legal_bases", sa.String(100), nullable=False),
        _at(),
    )
    op.create_table(
        "opportunity_closure",
        sa.Column("opportunity_id", sa.String(36), primary_key=True),
        sa.Column("closed_date", sa.Date, nullable=False),
        _at(),
    )
    op.create_table(
        "obligation_version",
        sa.Column("participant_ref", sa.String(36), primary_key=True),
        sa.Column("effective_date", sa.Date, primary_key=True),
        sa.Column("obliged", sa.Boolean, nullable=False),
        sa.Column("legal_basis", sa.String(20), nullable=False),
        sa.Column("municipality_key", sa.String(8), nullable=False),
        _at(),
    )
    op.create_table(
        "placement_proposal",
        sa.Column("placement_id", sa.String(36), primary_key=True),
        sa.Column("participant_ref", sa.String(36), nullable=False),
        sa.Column("opportunity_id", sa.String(36), nullable=False),
        sa.Column("provider_kind", sa.String(30), nullable=False),
        sa.Column("municipality_key", sa.String(8), nullable=False),
        sa.Column("legal_basis", sa.String(20), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("planned_start_date", sa.Date, nullable=False),
        sa.Column("proposed_date", sa.Date, nullable=False),
        _at(),
    )
    op.create_index("ix_placement_proposal_date", "placement_proposal", ["proposed_date"])
    op.create_table(
        "sanction",
        sa.Column("sanction_id", sa.String(36), primary_key=True),
        sa.Column("participant_ref", sa.String(36), nullable=False),
        sa.Column("placement_id", sa.String(36), nullable=True),
        sa.Column("legal_basis", sa.String(20), nullable=True),
        sa.Column("rule", sa.String(20), nullable=True),
        sa.Column("proposed_date", sa.Date, nullable=True),
        _at("proposed_event_at", True),
        sa.Column("decided_date", sa.Date, nullable=True),
        _at("decided_event_at", True),
        sa.Column("waived_date", sa.Date, nullable=True),
        sa.Column("waived_reason", sa.String(30), nullable=True),
        _at("waived_event_at", True),
        sa.Column("ended_date", sa.Date, nullable=True),
        sa.Column("end_reason", sa.String(30), nullable=True),
        _at("ended_event_at", True),
    )
    op.create_table(
        "payment_run",
        sa.Column("payment_run_id", sa.String(36), primary_key=True),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("payer", sa.String(20), nullable=False),
        sa.Column("payments", sa.Integer, nullable=False),
        sa.Column("paid_cents", sa.BigInteger, nullable=False),
        sa.Column("carried_over_cents", sa.BigInteger, nullable=False),
        _at(),
    )
    op.create_table(
        "notice_outcome",
        sa.Column("outcome_id", sa.String(60), primary_key=True),
        sa.Column("notice_id", sa.String(36), nullable=False),
        sa.Column("notice_type", sa.String(50), nullable=False),
        sa.Column("outcome", sa.String(10), nullable=False),
        sa.Column("outcome_date", sa.Date, nullable=False),
        sa.Column("reason", sa.String(30), nullable=True),
        _at(),
    )


def downgrade() -> None:
    """Drop what the upgrade created."""
    for table in (
        "notice_outcome",
        "payment_run",
        "sanction",
        "placement_proposal",
        "obligation_version",
        "opportunity_closure",
        "opportunity_version",
    ):
        op.drop_table(table)
