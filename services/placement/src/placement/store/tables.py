"""SQLAlchemy Core tables of the placement service (portable: SQLite and PostgreSQL).

Ids are UUIDs as String(36); weekly hours are stored as integer hundredths of an hour
(`hours_per_week_centi`, 7.5 h → 750) so that no float is ever involved.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    true,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _id() -> Column[str]:
    return Column("id", String(36), primary_key=True)


def _at(name: str, nullable: bool = False) -> Column[object]:
    return Column(name, DateTime(timezone=True), nullable=nullable)


def _by(name: str, nullable: bool = False) -> Column[str]:
    return Column(name, String(200), nullable=nullable, doc="Subject of the acting principal.")


provider_table = Table(
    "provider",
    metadata,
    _id(),
    Column("name", String(200), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("municipality_key", String(8), nullable=False),
    _at("created_at"),
    _by("created_by"),
    Column("status", String(20), nullable=False, server_default="approved"),
    Column("for_profit", Boolean, nullable=False, server_default=false()),
    _at("approved_at", nullable=True),
    _by("approved_by", nullable=True),
    Column("contact_name", String(200), nullable=True),
    Column("email", String(254), nullable=True),
    Column("street", String(200), nullable=True),
    Column("postal_code", String(5), nullable=True),
    Column("city", String(100), nullable=True),
)

opportunity_table = Table(
    "opportunity",
    metadata,
    _id(),
    Column("provider_id", String(36), ForeignKey("provider.id"), nullable=False, index=True),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=True),
    Column("category", String(40), nullable=False),
    Column("municipality_key", String(8), nullable=False),
    Column("places", Integer, nullable=False),
    Column("hours_per_week_centi", Integer, nullable=False),
    Column("start_date", Date, nullable=True),
    Column("end_date", Date, nullable=True),
    _at("created_at"),
    _by("created_by"),
    Column("language_requirement", String(3), nullable=True),
    Column("status", String(10), nullable=False, server_default="open", doc="draft/open/closed"),
    Column("site_street", String(200), nullable=True, doc="Work site (Einsatzort)."),
    Column("site_postal_code", String(5), nullable=True),
    Column("site_city", String(100), nullable=True),
    Column("reporting_instructions", String(1000), nullable=True, doc="Wo und wann melden."),
    _at("published_at", nullable=True),
    _by("published_by", nullable=True),
    Column("closed_date", Date, nullable=True),
    _at("closed_at", nullable=True),
    _by("closed_by", nullable=True),
    Column("attest_additional", Boolean, nullable=True, doc="§ 16d: zusätzlich."),
    Column("attest_public_interest", Boolean, nullable=True, doc="§ 16d: öffentliches Interesse."),
    Column("attest_competition_neutral", Boolean, nullable=True, doc="§ 16d: wettbewerbsneutral."),
    _at("attested_at", nullable=True),
    _by("attested_by", nullable=True),
    CheckConstraint("places >= 1", name="places_positive"),
    CheckConstraint("hours_per_week_centi BETWEEN 1 AND 4000", name="hours_range"),
)

opportunity_legal_basis_table = Table(
    "opportunity_legal_basis",
    metadata,
    Column("opportunity_id", String(36), ForeignKey("opportunity.id"), primary_key=True),
    Column("legal_basis", String(20), primary_key=True),
)

participant_table = Table(
    "participant",
    metadata,
    _id(),
    Column("participant_ref", String(36), nullable=False, unique=True),
    Column("given_name", String(100), nullable=False),
    Column("family_name", String(100), nullable=False),
    Column("birth_date", Date, nullable=True),
    Column("preferred_language", String(3), nullable=False),
    Column("email", String(254), nullable=True),
    Column("street", String(200), nullable=True),
    Column("postal_code", String(5), nullable=True),
    Column("city", String(100), nullable=True),
    Column("municipality_key", String(8), nullable=False),
    Column("legal_basis", String(20), nullable=False),
    _at("registered_at"),
    _by("registered_by"),
    Column("able_to_work", Boolean, nullable=False, server_default=true()),
    Column("currently_employed", Boolean, nullable=False, server_default=false()),
    Column(
        "obliged_published",
        Boolean,
        nullable=True,
        doc="Duty to work last published in ParticipantObligationChanged; none before the first.",
    ),
)

participant_preferred_category_table = Table(
    "participant_preferred_category",
    metadata,
    Column("participant_id", String(36), ForeignKey("participant.id"), primary_key=True),
    Column("category", String(40), primary_key=True),
)

exemption_table = Table(
    "exemption",
    metadata,
    _id(),
    Column("participant_id", String(36), ForeignKey("participant.id"), nullable=False, index=True),
    Column("category", String(40), nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_until", Date, nullable=True),
    _at("recorded_at"),
    _by("recorded_by"),
)

hours_policy_table = Table(
    "hours_policy",
    metadata,
    Column("valid_from", Date, primary_key=True),
    Column("daily_limit_minutes", Integer, nullable=False),
    Column("weekly_limit_minutes", Integer, nullable=False),
    Column("monthly_limit_minutes", Integer, nullable=False),
    _at("created_at"),
    _by("created_by"),
)

duty_policy_table = Table(
    "duty_policy",
    metadata,
    Column("valid_from", Date, primary_key=True),
    Column("min_age_years", Integer, nullable=False),
    _at("created_at"),
    _by("created_by"),
)

placement_table = Table(
    "placement",
    metadata,
    _id(),
    Column("participant_id", String(36), ForeignKey("participant.id"), nullable=False, index=True),
    Column("opportunity_id", String(36), ForeignKey("opportunity.id"), nullable=False),
    Column("start_date", Date, nullable=False),
    Column("hours_per_week_centi", Integer, nullable=False),
    Column("end_date", Date, nullable=True),
    Column("end_reason", String(40), nullable=True),
    _at("created_at"),
    _by("created_by"),
    _at("ended_at", nullable=True),
    _by("ended_by", nullable=True),
    Column(
        "status",
        String(10),
        nullable=False,
        server_default="started",
        doc="proposed/started/ended/refused/no_show",
    ),
    Column("planned_end_date", Date, nullable=True, doc="End named in the Zuweisung."),
    Column("reporting_instructions", String(1000), nullable=True, doc="Else the offer's."),
    Column("proposed_date", Date, nullable=True, doc="Day the Zuweisung was issued."),
    _at("started_at", nullable=True),
    _by("started_by", nullable=True),
    Index("ix_placement_opportunity_end", "opportunity_id", "end_date"),
    CheckConstraint("hours_per_week_centi BETWEEN 1 AND 4000", name="hours_range"),
)

hours_entry_table = Table(
    "hours_entry",
    metadata,
    _id(),
    Column("placement_id", String(36), ForeignKey("placement.id"), nullable=False),
    Column("work_date", Date, nullable=False),
    Column("worked_minutes", Integer, nullable=False),
    _at("logged_at"),
    _by("logged_by"),
    UniqueConstraint("placement_id", "work_date", name="uq_hours_entry_placement_day"),
    CheckConstraint("worked_minutes BETWEEN 1 AND 1440", name="minutes_range"),
)

hours_correction_table = Table(
    "hours_correction",
    metadata,
    _id(),
    Column("entry_id", String(36), ForeignKey("hours_entry.id"), nullable=False),
    Column("revision", Integer, nullable=False, doc="1, 2, … per entry; the highest is current."),
    Column("worked_minutes", Integer, nullable=False, doc="Minutes after it; 0 = withdrawn."),
    Column("previous_minutes", Integer, nullable=False, doc="Minutes before it."),
    Column("reason", String(200), nullable=True, doc="Internal note; never in an event."),
    _at("corrected_at"),
    _by("corrected_by"),
    UniqueConstraint("entry_id", "revision", name="uq_hours_correction_entry_revision"),
    CheckConstraint("worked_minutes BETWEEN 0 AND 1440", name="minutes_range"),
    CheckConstraint("revision >= 1", name="revision_positive"),
)

sgb2_months_policy_table = Table(
    "sgb2_months_policy",
    metadata,
    Column("valid_from", Date, primary_key=True),
    Column("months_limit", Integer, nullable=False),
    Column("window_years", Integer, nullable=False),
    _at("created_at"),
    _by("created_by"),
)

sgb2_recheck_table = Table(
    "sgb2_recheck",
    metadata,
    _id(),
    Column("participant_id", String(36), ForeignKey("participant.id"), nullable=False, index=True),
    Column("decided_on", Date, nullable=False),
    Column("note", String(1000), nullable=True, doc="Internal note; never in an event."),
    _at("recorded_at"),
    _by("recorded_by"),
)

timesheet_import_table = Table(
    "timesheet_import",
    metadata,
    _id(),
    Column("provider_id", String(36), ForeignKey("provider.id"), nullable=False),
    Column("status", String(10), nullable=False, doc="running/done/failed"),
    Column("rows_total", Integer, nullable=False),
    Column("rows_done", Integer, nullable=False),
    Column("applied", Integer, nullable=False),
    Column("rejected", Integer, nullable=False),
    Column("report", Text, nullable=True, doc="JSON report once done."),
    _at("created_at"),
    _by("created_by"),
    _at("finished_at", nullable=True),
)

refusal_table = Table(
    "refusal",
    metadata,
    _id(),
    Column("participant_id", String(36), ForeignKey("participant.id"), nullable=False, index=True),
    Column("placement_id", String(36), ForeignKey("placement.id"), nullable=True),
    Column("opportunity_id", String(36), ForeignKey("opportunity.id"), nullable=True),
    Column("kind", String(20), nullable=False),
    Column("refusal_date", Date, nullable=False),
    Column("justified", Boolean, nullable=False),
    Column("justification_category", String(40), nullable=True),
    Column("legal_notice_given", Boolean, nullable=False),
    _at("recorded_at"),
    _by("recorded_by"),
)

audit_record_table = Table(
    "audit_record",
    metadata,
    _id(),
    _at("occurred_at"),
    Column("actor_subject", String(200), nullable=False),
    Column("actor_role", String(40), nullable=False),
    Column("actor_scope", String(100), nullable=False),
    Column("action", String(60), nullable=False),
    Column("participant_id", String(36), nullable=False, index=True, doc="On whom."),
    Column("entity_type", String(40), nullable=False),
    Column("entity_id", String(36), nullable=False),
    Column("details", Text, nullable=True, doc="JSON; ids and counts, never personal data."),
    Column("correlation_id", String(100), nullable=True),
)
