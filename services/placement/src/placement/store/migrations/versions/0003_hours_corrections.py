"""Corrections of hours entries (HoursCorrected): a new append-only table; the original
`hours_entry` rows are never edited.

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


def upgrade() -> None:
    op.create_table(
        "hours_correction",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("entry_id", sa.String(36), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("worked_minutes", sa.Integer(), nullable=False),
        sa.Column("previous_minutes", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(200), nullable=True),
        sa.Column("corrected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("corrected_by", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_hours_correction"),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["hours_entry.id"], name="fk_hours_correction_entry_id_hours_entry"
        ),
        sa.UniqueConstraint("entry_id", "revision", name="uq_hours_correction_entry_revision"),
        sa.CheckConstraint(
            "worked_minutes BETWEEN 0 AND 1440", name="ck_hours_correction_minutes_range"
        ),
        sa.CheckConstraint("revision >= 1", name="ck_hours_correction_revision_positive"),
    )
    _make_append_only()


def _make_append_only() -> None:
    """Refuse UPDATE and DELETE on hours_correction: a correction is corrected by a newer one."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION hours_correction_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'hours_correction is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER hours_correction_append_only BEFORE UPDATE OR DELETE "
            "ON hours_correction FOR EACH ROW EXECUTE FUNCTION hours_correction_append_only()"
        )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER hours_correction_no_{verb.lower()} BEFORE {verb} "
                "ON hours_correction BEGIN SELECT RAISE(ABORT, 'hours_correction is append-only'); "
                "END"
            )


def downgrade() -> None:
    op.drop_table("hours_correction")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS hours_correction_append_only()")
