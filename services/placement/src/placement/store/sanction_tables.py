"""Tables of the sanction process (migration 0005), on the service's one `metadata`.

Kept apart from `tables.py`; `store/migrations/env.py` and `store/sanctions.py` import this
module so that the metadata is complete wherever it is compared or used.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, Integer, String, Table, Text

from placement.store.tables import _at, _by, _id, metadata

legal_notice_delivery_table = Table(
    "legal_notice_delivery",
    metadata,
    Column("notice_id", String(36), primary_key=True, doc="NoticeDelivered.notice_id"),
    Column("placement_id", String(36), nullable=False, index=True),
    Column("participant_ref", String(36), nullable=False),
    Column("channel", String(10), nullable=False),
    _at("delivered_at"),
    _at("recorded_at"),
)
"""Assignment notices (Zuweisung with Rechtsfolgenbelehrung) that reached their channel;
the first delivery of each notice."""

sanction_policy_table = Table(
    "sanction_policy",
    metadata,
    Column("legal_basis", String(20), primary_key=True),
    Column("valid_from", Date, primary_key=True),
    Column("steps", Text, nullable=False, doc='JSON [{"percent": 10 | null, "months": 1}, …]'),
    Column("cap_percent", Integer, nullable=True),
    Column("lookback_months", Integer, nullable=False),
    _at("created_at"),
    _by("created_by"),
)

sanction_table = Table(
    "sanction",
    metadata,
    _id(),
    Column("participant_id", String(36), ForeignKey("participant.id"), nullable=False, index=True),
    Column("refusal_id", String(36), ForeignKey("refusal.id"), nullable=False, unique=True),
    Column("placement_id", String(36), nullable=True),
    Column("legal_basis", String(20), nullable=False),
    Column("rule", String(20), nullable=False),
    Column("rule_valid_from", Date, nullable=False),
    Column("breach_number", Integer, nullable=False),
    Column("refusal_date", Date, nullable=False),
    Column("proposed_percent", Integer, nullable=True),
    Column("proposed_months", Integer, nullable=False),
    Column("legal_notice_id", String(36), nullable=False),
    Column("proposed_date", Date, nullable=False),
    Column("status", String(10), nullable=False, doc="proposed/decided/waived/ended"),
    Column("hearing_date", Date, nullable=True),
    Column(
        "hearing_summary",
        Text,
        nullable=True,
        doc="Internal summary of the participant's statement; never in an event or the audit.",
    ),
    _at("hearing_recorded_at", nullable=True),
    _by("hearing_recorded_by", nullable=True),
    Column("reduction_percent", Integer, nullable=True),
    Column("effective_from", Date, nullable=True),
    Column("effective_until", Date, nullable=True),
    Column("decided_date", Date, nullable=True),
    _by("decided_by", nullable=True),
    Column("waiver_reason", String(30), nullable=True),
    Column("waived_date", Date, nullable=True),
    _by("waived_by", nullable=True),
    Column("end_reason", String(30), nullable=True),
    Column("end_date", Date, nullable=True),
    _by("ended_by", nullable=True),
    _at("created_at"),
    _by("created_by"),
    CheckConstraint("breach_number >= 1", name="breach_positive"),
    CheckConstraint("proposed_months BETWEEN 1 AND 6", name="months_range"),
)
