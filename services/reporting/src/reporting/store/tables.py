"""Read model tables: one row per fact, keyed by the natural id of the fact.

Figures are never stored; they are aggregated from these rows when asked for, so facts that
arrive late or out of order (an end before its start) still give the right figures.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
)

metadata = MetaData()


def _last_event_at() -> Column[object]:
    """ce_time (UTC) of the event the row holds; an older event never overwrites it."""
    return Column("last_event_at", DateTime(timezone=True), nullable=False)


placement_table = Table(
    "placement",
    metadata,
    Column("placement_id", String(36), primary_key=True),
    Column("participant_ref", String(36), nullable=False, doc="Pseudonymous reference."),
    # Known once PlacementStarted was read (None while only the end is known):
    Column("opportunity_id", String(36), nullable=True),
    Column("provider_id", String(36), nullable=True),
    Column("provider_kind", String(30), nullable=True),
    Column("municipality_key", String(8), nullable=True),
    Column("legal_basis", String(20), nullable=True),
    Column("category", String(40), nullable=True),
    Column("hours_per_week", Numeric(4, 2), nullable=True),
    Column("start_date", Date, nullable=True),
    # Known once PlacementEnded was read:
    Column("end_date", Date, nullable=True, doc="Last day of the placement."),
    Column("end_reason", String(30), nullable=True),
    # ce_time (UTC) of the start and end events applied; an older event never overwrites:
    Column("start_event_at", DateTime(timezone=True), nullable=True),
    Column("end_event_at", DateTime(timezone=True), nullable=True),
    Index("ix_placement_start_date", "start_date"),
    Index("ix_placement_end_date", "end_date"),
    Index("ix_placement_municipality_basis", "municipality_key", "legal_basis"),
    Index("ix_placement_participant", "participant_ref"),
)

hours_entry_table = Table(
    "hours_entry",
    metadata,
    Column("entry_id", String(36), primary_key=True),
    Column("placement_id", String(36), nullable=False, doc="May precede its placement's start."),
    Column("work_date", Date, nullable=False),
    Column("minutes", Integer, nullable=False),
    _last_event_at(),
    Index("ix_hours_entry_work_date", "work_date"),
    Index("ix_hours_entry_placement", "placement_id"),
)

refusal_table = Table(
    "refusal",
    metadata,
    Column("refusal_id", String(36), primary_key=True),
    Column("participant_ref", String(36), nullable=False),
    Column("placement_id", String(36), nullable=True),
    Column("opportunity_id", String(36), nullable=True),
    Column("kind", String(20), nullable=False),
    Column("refusal_date", Date, nullable=False),
    Column("justified", Boolean, nullable=False),
    Column("justification_category", String(40), nullable=True),
    Column("legal_notice_given", Boolean, nullable=False),
    _last_event_at(),
    Index("ix_refusal_date", "refusal_date"),
    Index("ix_refusal_placement", "placement_id"),
)

allowance_statement_table = Table(
    "allowance_statement",
    metadata,
    Column("statement_id", String(36), primary_key=True),
    Column("participant_ref", String(36), nullable=False, doc="Pseudonymous reference."),
    Column("month", String(7), nullable=False, doc="Statement month, YYYY-MM."),
    Column("month_first_day", Date, nullable=False),
    Column("month_last_day", Date, nullable=False),
    Column("total_cents", BigInteger, nullable=False),
    Column("corrections_cents", BigInteger, nullable=False),
    Column("worked_minutes", Integer, nullable=False),
    _last_event_at(),
    Index("ix_allowance_statement_month", "month"),
    Index("ix_allowance_statement_participant", "participant_ref"),
)

# Issue 6, migration 0003: the facts behind places, obligations, proposals, sanctions,
# payment runs and notices. Versioned facts are keyed by (id, effective_date); an older
# event (ce_time) never overwrites a newer one of the same key.

opportunity_version_table = Table(
    "opportunity_version",
    metadata,
    Column("opportunity_id", String(36), primary_key=True),
    Column("effective_date", Date, primary_key=True, doc="Day the snapshot takes effect."),
    Column("provider_kind", String(30), nullable=False),
    Column("municipality_key", String(8), nullable=False),
    Column("category", String(40), nullable=False),
    Column("places", Integer, nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=True),
    Column("legal_bases", String(100), nullable=False, doc="Comma-separated, sorted."),
    _last_event_at(),
)

opportunity_closure_table = Table(
    "opportunity_closure",
    metadata,
    Column("opportunity_id", String(36), primary_key=True),
    Column("closed_date", Date, nullable=False),
    _last_event_at(),
)

obligation_version_table = Table(
    "obligation_version",
    metadata,
    Column("participant_ref", String(36), primary_key=True, doc="Pseudonymous reference."),
    Column("effective_date", Date, primary_key=True),
    Column("obliged", Boolean, nullable=False),
    Column("legal_basis", String(20), nullable=False),
    Column("municipality_key", String(8), nullable=False),
    _last_event_at(),
)

placement_proposal_table = Table(
    "placement_proposal",
    metadata,
    Column("placement_id", String(36), primary_key=True),
    Column("participant_ref", String(36), nullable=False),
    Column("opportunity_id", String(36), nullable=False),
    Column("provider_kind", String(30), nullable=False),
    Column("municipality_key", String(8), nullable=False),
    Column("legal_basis", String(20), nullable=False),
    Column("category", String(40), nullable=False),
    Column("planned_start_date", Date, nullable=False),
    Column("proposed_date", Date, nullable=False),
    _last_event_at(),
    Index("ix_placement_proposal_date", "proposed_date"),
)

sanction_table = Table(
    "sanction",
    metadata,
    Column("sanction_id", String(36), primary_key=True),
    Column("participant_ref", String(36), nullable=False),
    # SanctionProposed (NULL until read):
    Column("placement_id", String(36), nullable=True),
    Column("legal_basis", String(20), nullable=True),
    Column("rule", String(20), nullable=True),
    Column("proposed_date", Date, nullable=True),
    Column("proposed_event_at", DateTime(timezone=True), nullable=True),
    # SanctionDecided:
    Column("decided_date", Date, nullable=True),
    Column("decided_event_at", DateTime(timezone=True), nullable=True),
    # SanctionWaived:
    Column("waived_date", Date, nullable=True),
    Column("waived_reason", String(30), nullable=True),
    Column("waived_event_at", DateTime(timezone=True), nullable=True),
    # SanctionEnded:
    Column("ended_date", Date, nullable=True),
    Column("end_reason", String(30), nullable=True),
    Column("ended_event_at", DateTime(timezone=True), nullable=True),
)

payment_run_table = Table(
    "payment_run",
    metadata,
    Column("payment_run_id", String(36), primary_key=True),
    Column("month", String(7), nullable=False, doc="Month paid, YYYY-MM."),
    Column("payer", String(20), nullable=False),
    Column("payments", Integer, nullable=False),
    Column("paid_cents", BigInteger, nullable=False),
    Column("carried_over_cents", BigInteger, nullable=False),
    _last_event_at(),
)

notice_outcome_table = Table(
    "notice_outcome",
    metadata,
    Column("outcome_id", String(60), primary_key=True, doc="notice:delivered:n or notice:failed"),
    Column("notice_id", String(36), nullable=False),
    Column("notice_type", String(50), nullable=False),
    Column("outcome", String(10), nullable=False, doc="delivered or failed"),
    Column("outcome_date", Date, nullable=False, doc="Europe/Berlin day of the outcome."),
    Column("reason", String(30), nullable=True),
    _last_event_at(),
)

BUSINESS_TABLES = (
    opportunity_version_table,
    opportunity_closure_table,
    obligation_version_table,
    placement_proposal_table,
    sanction_table,
    payment_run_table,
    notice_outcome_table,
)
"""The fact tables of migration 0003."""
