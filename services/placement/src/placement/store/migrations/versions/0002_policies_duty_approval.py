"""Effective-dated policies (hours limits, duty age), duty-to-work facts and exemptions,
provider approval, language requirement and preferred categories for matching.

Existing providers count as approved (they were registered by the district before approval
existed); existing participants count as able to work and not employed.

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


def _stamps() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
    ]


def upgrade() -> None:
    op.add_column(
        "provider", sa.Column("status", sa.String(20), nullable=False, server_default="approved")
    )
    op.add_column(
        "provider", sa.Column("for_profit", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column("provider", sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("provider", sa.Column("approved_by", sa.String(200), nullable=True))
    op.add_column("opportunity", sa.Column("language_requirement", sa.String(3), nullable=True))
    op.add_column(
        "participant",
        sa.Column("able_to_work", sa.Boolean(), nullable=False, server_default=sa.true()),
    )
    op.add_column(
        "participant",
        sa.Column("currently_employed", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "participant_preferred_category",
        sa.Column("participant_id", sa.String(36), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint(
            "participant_id", "category", name="pk_participant_preferred_category"
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
            name="fk_participant_preferred_category_participant_id_participant",
        ),
    )
    op.create_table(
        "exemption",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("participant_id", sa.String(36), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_exemption"),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participant.id"], name="fk_exemption_participant_id_participant"
        ),
    )
    op.create_index("ix_exemption_participant_id", "exemption", ["participant_id"])
    op.create_table(
        "hours_policy",
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("daily_limit_minutes", sa.Integer(), nullable=False),
        sa.Column("weekly_limit_minutes", sa.Integer(), nullable=False),
        sa.Column("monthly_limit_minutes", sa.Integer(), nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint("valid_from", name="pk_hours_policy"),
    )
    op.create_table(
        "duty_policy",
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("min_age_years", sa.Integer(), nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint("valid_from", name="pk_duty_policy"),
    )


def downgrade() -> None:
    for table in ("duty_policy", "hours_policy", "exemption", "participant_preferred_category"):
        op.drop_table(table)
    with op.batch_alter_table("participant") as batch:
        batch.drop_column("currently_employed")
        batch.drop_column("able_to_work")
    with op.batch_alter_table("opportunity") as batch:
        batch.drop_column("language_requirement")
    with op.batch_alter_table("provider") as batch:
        for column in ("approved_by", "approved_at", "for_profit", "status"):
            batch.drop_column(column)
