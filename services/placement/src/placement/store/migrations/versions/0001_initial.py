"""Initial schema: providers, opportunities, participants, placements, hours, refusals,
the append-only audit record, and the chassis tables (outbox, lease, inbox).

Revision ID: 0001
Revises:
Create Date: 2026-01-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from chassis.store.migrations import create_chassis_tables, drop_chassis_tables

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _stamp(name: str, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _actor(name: str, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.String(200), nullable=nullable)


def _id() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column("id", sa.String(36), nullable=False)


def upgrade() -> None:
    op.create_table(
        "provider",
        _id(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("municipality_key", sa.String(8), nullable=False),
        _stamp("created_at"),
        _actor("created_by"),
        sa.PrimaryKeyConstraint("id", name="pk_provider"),
    )
    op.create_table(
        "opportunity",
        _id(),
        sa.Column("provider_id", sa.String(36), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("municipality_key", sa.String(8), nullable=False),
        sa.Column("places", sa.Integer(), nullable=False),
        sa.Column("hours_per_week_centi", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        _stamp("created_at"),
        _actor("created_by"),
        sa.PrimaryKeyConstraint("id", name="pk_opportunity"),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["provider.id"], name="fk_opportunity_provider_id_provider"
        ),
        sa.CheckConstraint("places >= 1", name="ck_opportunity_places_positive"),
        sa.CheckConstraint(
            "hours_per_week_centi BETWEEN 1 AND 4000", name="ck_opportunity_hours_range"
        ),
    )
    op.create_index("ix_opportunity_provider_id", "opportunity", ["provider_id"])
    op.create_table(
        "opportunity_legal_basis",
        sa.Column("opportunity_id", sa.String(36), nullable=False),
        sa.Column("legal_basis", sa.String(20), nullable=False),
        sa.PrimaryKeyConstraint("opportunity_id", "legal_basis", name="pk_opportunity_legal_basis"),
        sa.ForeignKeyConstraint(
            ["opportunity_id"],
            ["opportunity.id"],
            name="fk_opportunity_legal_basis_opportunity_id_opportunity",
        ),
    )
    op.create_table(
        "participant",
        _id(),
        sa.Column("participant_ref", sa.String(36), nullable=False),
        sa.Column("given_name", sa.String(100), nullable=False),
        sa.Column("family_name", sa.String(100), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("preferred_language", sa.String(3), nullable=False),
        sa.Column("email", sa.String(254), nullable=True),
        sa.Column("street", sa.String(200), nullable=True),
        sa.Column("postal_code", sa.String(5), nullable=True),
        sa.Column("city", sa.String(100), nullable=True),
        sa.Column("municipality_key", sa.String(8), nullable=False),
        sa.Column("legal_basis", sa.String(20), nullable=False),
        _stamp("registered_at"),
        _actor("registered_by"),
        sa.PrimaryKeyConstraint("id", name="pk_participant"),
        sa.UniqueConstraint("participant_ref", name="uq_participant_participant_ref"),
    )
    op.create_table(
        "placement",
        _id(),
        sa.Column("participant_id", sa.String(36), nullable=False),
        sa.Column("opportunity_id", sa.String(36), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("hours_per_week_centi", sa.Integer(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.String(40), nullable=True),
        _stamp("created_at"),
        _actor("created_by"),
        _stamp("ended_at", nullable=True),
        _actor("ended_by", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_placement"),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participant.id"], name="fk_placement_participant_id_participant"
        ),
        sa.ForeignKeyConstraint(
            ["opportunity_id"], ["opportunity.id"], name="fk_placement_opportunity_id_opportunity"
        ),
        sa.CheckConstraint(
            "hours_per_week_centi BETWEEN 1 AND 4000", name="ck_placement_hours_range"
        ),
    )
    op.create_index("ix_placement_participant_id", "placement", ["participant_id"])
    op.create_index("ix_placement_opportunity_end", "placement", ["opportunity_id", "end_date"])
    op.create_table(
        "hours_entry",
        _id(),
        sa.Column("placement_id", sa.String(36), nullable=False),
        sa.Column("work_date", sa.Date(), nullable=False),
        sa.Column("worked_minutes", sa.Integer(), nullable=False),
        _stamp("logged_at"),
        _actor("logged_by"),
        sa.PrimaryKeyConstraint("id", name="pk_hours_entry"),
        sa.ForeignKeyConstraint(
            ["placement_id"], ["placement.id"], name="fk_hours_entry_placement_id_placement"
        ),
        sa.UniqueConstraint("placement_id", "work_date", name="uq_hours_entry_placement_day"),
        sa.CheckConstraint(
            "worked_minutes BETWEEN 1 AND 1440", name="ck_hours_entry_minutes_range"
        ),
    )
    op.create_table(
        "refusal",
        _id(),
        sa.Column("participant_id", sa.String(36), nullable=False),
        sa.Column("placement_id", sa.String(36), nullable=True),
        sa.Column("opportunity_id", sa.String(36), nullable=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("refusal_date", sa.Date(), nullable=False),
        sa.Column("justified", sa.Boolean(), nullable=False),
        sa.Column("justification_category", sa.String(40), nullable=True),
        sa.Column("legal_notice_given", sa.Boolean(), nullable=False),
        _stamp("recorded_at"),
        _actor("recorded_by"),
        sa.PrimaryKeyConstraint("id", name="pk_refusal"),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participant.id"], name="fk_refusal_participant_id_participant"
        ),
        sa.ForeignKeyConstraint(
            ["placement_id"], ["placement.id"], name="fk_refusal_placement_id_placement"
        ),
        sa.ForeignKeyConstraint(
            ["opportunity_id"], ["opportunity.id"], name="fk_refusal_opportunity_id_opportunity"
        ),
    )
    op.create_index("ix_refusal_participant_id", "refusal", ["participant_id"])
    op.create_table(
        "audit_record",
        _id(),
        _stamp("occurred_at"),
        sa.Column("actor_subject", sa.String(200), nullable=False),
        sa.Column("actor_role", sa.String(40), nullable=False),
        sa.Column("actor_scope", sa.String(100), nullable=False),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("participant_id", sa.String(36), nullable=False),
        sa.Column("entity_type", sa.String(40), nullable=False),
        sa.Column("entity_id", sa.String(36), nullable=False),
        sa.Column("details", sa.Text(), nullable=True),
        sa.Column("correlation_id", sa.String(100), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_audit_record"),
    )
    op.create_index("ix_audit_record_participant_id", "audit_record", ["participant_id"])
    _make_audit_append_only()
    create_chassis_tables(op)


def _make_audit_append_only() -> None:
    """Refuse UPDATE and DELETE on audit_record in the database itself.

    Erasure after the retention period will get its own, deliberate migration path.
    """
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_record_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'audit_record is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_record_append_only BEFORE UPDATE OR DELETE ON audit_record "
            "FOR EACH ROW EXECUTE FUNCTION audit_record_append_only()"
        )
        op.execute(
            "CREATE TRIGGER audit_record_no_truncate BEFORE TRUNCATE ON audit_record "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_record_append_only()"
        )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_record_no_{verb.lower()} BEFORE {verb} ON audit_record "
                "BEGIN SELECT RAISE(ABORT, 'audit_record is append-only'); END"
            )


def downgrade() -> None:
    drop_chassis_tables(op)
    for table in (
        "audit_record",
        "refusal",
        "hours_entry",
        "placement",
        "participant",
        "opportunity_legal_basis",
        "opportunity",
        "provider",
    ):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_record_append_only()")
