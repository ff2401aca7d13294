"""Lifecycles: opportunity draft → open → closed (with work site, reporting instructions and
the § 16d attestations), placement proposed → started → ended / refused / no_show, provider
contact data, the § 16d months policy and re-checks, the last published duty to work and
timesheet imports with progress.

Existing opportunities count as open and existing placements as started, or ended when they
have an end reason (they were created when creating meant publishing and starting).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OPPORTUNITY_COLUMNS: list[tuple[str, Any]] = [
    ("site_street", sa.String(200)),
    ("site_postal_code", sa.String(5)),
    ("site_city", sa.String(100)),
    ("reporting_instructions", sa.String(1000)),
    ("published_at", sa.DateTime(timezone=True)),
    ("published_by", sa.String(200)),
    ("closed_date", sa.Date()),
    ("closed_at", sa.DateTime(timezone=True)),
    ("closed_by", sa.String(200)),
    ("attest_additional", sa.Boolean()),
    ("attest_public_interest", sa.Boolean()),
    ("attest_competition_neutral", sa.Boolean()),
    ("attested_at", sa.DateTime(timezone=True)),
    ("attested_by", sa.String(200)),
]
_PLACEMENT_COLUMNS: list[tuple[str, Any]] = [
    ("planned_end_date", sa.Date()),
    ("reporting_instructions", sa.String(1000)),
    ("proposed_date", sa.Date()),
    ("started_at", sa.DateTime(timezone=True)),
    ("started_by", sa.String(200)),
]
_PROVIDER_COLUMNS: list[tuple[str, Any]] = [
    ("contact_name", sa.String(200)),
    ("email", sa.String(254)),
    ("street", sa.String(200)),
    ("postal_code", sa.String(5)),
    ("city", sa.String(100)),
]


def _stamps(prefix: str) -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column(f"{prefix}_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(f"{prefix}_by", sa.String(200), nullable=False),
    ]


def upgrade() -> None:
    op.add_column(
        "opportunity", sa.Column("status", sa.String(10), nullable=False, server_default="open")
    )
    for name, type_ in _OPPORTUNITY_COLUMNS:
        op.add_column("opportunity", sa.Column(name, type_, nullable=True))
    op.add_column(
        "placement", sa.Column("status", sa.String(10), nullable=False, server_default="started")
    )
    for name, type_ in _PLACEMENT_COLUMNS:
        op.add_column("placement", sa.Column(name, type_, nullable=True))
    op.execute("UPDATE placement SET started_at = created_at, started_by = created_by")
    op.execute("UPDATE placement SET status = 'ended' WHERE end_reason IS NOT NULL")
    op.execute("UPDATE opportunity SET published_at = created_at, published_by = created_by")
    for name, type_ in _PROVIDER_COLUMNS:
        op.add_column("provider", sa.Column(name, type_, nullable=True))
    op.add_column("participant", sa.Column("obliged_published", sa.Boolean(), nullable=True))
    op.create_table(
        "sgb2_months_policy",
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("months_limit", sa.Integer(), nullable=False),
        sa.Column("window_years", sa.Integer(), nullable=False),
        *_stamps("created"),
        sa.PrimaryKeyConstraint("valid_from", name="pk_sgb2_months_policy"),
    )
    op.create_table(
        "sgb2_recheck",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("participant_id", sa.String(36), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(1000), nullable=True),
        *_stamps("recorded"),
        sa.PrimaryKeyConstraint("id", name="pk_sgb2_recheck"),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
            name="fk_sgb2_recheck_participant_id_participant",
        ),
    )
    op.create_index("ix_sgb2_recheck_participant_id", "sgb2_recheck", ["participant_id"])
    op.create_table(
        "timesheet_import",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("provider_id", sa.String(36), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("rows_total", sa.Integer(), nullable=False),
        sa.Column("rows_done", sa.Integer(), nullable=False),
        sa.Column("applied", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("report", sa.Text(), nullable=True),
        *_stamps("created"),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_timesheet_import"),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["provider.id"], name="fk_timesheet_import_provider_id_provider"
        ),
    )


def downgrade() -> None:
    for table in ("timesheet_import", "sgb2_recheck", "sgb2_months_policy"):
        op.drop_table(table)
    with op.batch_alter_table("participant") as batch:
        batch.drop_column("obliged_published")
    with op.batch_alter_table("provider") as batch:
        for name, _ in reversed(_PROVIDER_COLUMNS):
            batch.drop_column(name)
    with op.batch_alter_table("placement") as batch:
        for name, _ in reversed(_PLACEMENT_COLUMNS):
            batch.drop_column(name)
        batch.drop_column("status")
    with op.batch_alter_table("opportunity") as batch:
        for name, _ in reversed(_OPPORTUNITY_COLUMNS):
            batch.drop_column(name)
        batch.drop_column("status")
