"""Tables of the allowance store (SQLAlchemy Core; SQLite and PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

placement_table = Table(
    "allowance_placement",
    metadata,
    Column("placement_id", String(36), primary_key=True),
    Column("participant_ref", String(36), nullable=False, index=True),
    Column("legal_basis", String(20), nullable=False),
    Column("provider_id", String(36), nullable=False),
    Column("municipality_key", String(8), nullable=False),
    Column("start_date", Date, nullable=False),
    Column("event_id", String(64), nullable=False, doc="PlacementStarted event that told us."),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

line_table = Table(
    "allowance_line",
    metadata,
    # Booking order; rowid-backed on SQLite, bigserial on PostgreSQL. Statements and payment
    # runs will reference lines by line_no; lines themselves are never updated or deleted.
    Column("line_no", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True),
    Column("entry_id", String(36), nullable=False),
    Column("placement_id", String(36), nullable=False),
    Column("participant_ref", String(36), nullable=False),
    Column("provider_id", String(36), nullable=False),
    Column("municipality_key", String(8), nullable=False),
    Column("legal_basis", String(20), nullable=False),
    Column("work_date", Date, nullable=False),
    Column("month", String(7), nullable=False, doc="YYYY-MM of work_date."),
    Column("worked_minutes", Integer, nullable=False),
    Column("rate_cents_per_hour", Integer, nullable=False),
    Column("amount_cents", BigInteger, nullable=False),
    Column("event_id", String(64), nullable=False, doc="HoursLogged event that booked it."),
    Column("booked_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("entry_id", name="uq_allowance_line_entry"),
    CheckConstraint("worked_minutes > 0", name="ck_allowance_line_minutes"),
    CheckConstraint("rate_cents_per_hour >= 0", name="ck_allowance_line_rate"),
    CheckConstraint("amount_cents >= 0", name="ck_allowance_line_amount"),
    Index("ix_allowance_line_participant_month", "participant_ref", "month"),
    Index("ix_allowance_line_month_participant", "month", "participant_ref"),
)

rate_table = Table(
    "allowance_rate",
    metadata,
    # Append-only: a rate once entered is never changed; max(rate_no) is the table's version.
    Column("rate_no", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True),
    Column("scheme", String(20), nullable=False, doc="Legal basis (allowance scheme)."),
    Column("valid_from", Date, nullable=False, doc="0001-01-01: since ever."),
    Column("cents_per_hour", Integer, nullable=False),
    Column("entered_by", String(200), nullable=False),
    Column("entered_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("scheme", "valid_from", name="uq_allowance_rate_scheme_from"),
    CheckConstraint("cents_per_hour >= 0", name="ck_allowance_rate_cents"),
)

adjustment_table = Table(
    "allowance_adjustment",
    metadata,
    # Lines that are not plain hours entries: reversals and corrected lines of an entry
    # (kind reversal/correction, signed) and approved manual lines (kind manual). Append-only.
    Column("adjustment_no", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True),
    Column("adjustment_key", String(80), nullable=False, doc="Idempotency key."),
    Column("kind", String(12), nullable=False),
    Column("entry_id", String(36), nullable=True, doc="Hours entry corrected (not manual)."),
    Column("placement_id", String(36), nullable=False),
    Column("participant_ref", String(36), nullable=False),
    Column("provider_id", String(36), nullable=False),
    Column("municipality_key", String(8), nullable=False),
    Column("legal_basis", String(20), nullable=False),
    Column("work_date", Date, nullable=False),
    Column("month", String(7), nullable=False, doc="YYYY-MM of work_date."),
    Column("worked_minutes", Integer, nullable=False, doc="Negative on a reversal."),
    Column("rate_cents_per_hour", Integer, nullable=False),
    Column("amount_cents", BigInteger, nullable=False, doc="Negative on a reversal."),
    Column("reference", String(200), nullable=True, doc="Receipt reference of a manual line."),
    Column("source_id", String(64), nullable=False, doc="Correction or manual request id."),
    Column("booked_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("adjustment_key", name="uq_allowance_adjustment_key"),
    Index("ix_allowance_adjustment_entry", "entry_id"),
    Index("ix_allowance_adjustment_participant_month", "participant_ref", "month"),
    Index("ix_allowance_adjustment_month_participant", "month", "participant_ref"),
)

correction_table = Table(
    "allowance_correction",
    metadata,
    # Every correction applied (also those that changed nothing), so a correction sent
    # again under a new event id is recognised and never re-applied after a later one.
    Column("correction_id", String(64), primary_key=True),
    Column("entry_id", String(36), nullable=False),
    Column("worked_minutes", Integer, nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

manual_table = Table(
    "allowance_manual_request",
    metadata,
    # Proven higher necessary expenses (§ 5 Abs. 2 AsylbLG): entered by one person, approved
    # by another; only on approval does a line (adjustment kind manual) exist.
    Column("request_id", String(36), primary_key=True),
    Column("placement_id", String(36), nullable=False),
    Column("participant_ref", String(36), nullable=False, index=True),
    Column("expense_date", Date, nullable=False),
    Column("amount_cents", BigInteger, nullable=False),
    Column("receipt_reference", String(200), nullable=False),
    Column("description", String(500), nullable=False),
    Column("status", String(10), nullable=False, doc="requested, approved"),
    Column("requested_by", String(200), nullable=False),
    Column("requested_at", DateTime(timezone=True), nullable=False),
    Column("approved_by", String(200), nullable=True),
    Column("approved_at", DateTime(timezone=True), nullable=True),
    CheckConstraint("amount_cents > 0", name="ck_allowance_manual_amount"),
)

month_close_table = Table(
    "allowance_month_close",
    metadata,
    Column("month", String(7), primary_key=True),
    Column("closed_by", String(200), nullable=False),
    Column("closed_at", DateTime(timezone=True), nullable=False),
)

statement_table = Table(
    "allowance_statement",
    metadata,
    # One frozen statement per participant and closed month; never updated.
    Column("statement_id", String(36), primary_key=True),
    Column("month", String(7), nullable=False),
    Column("participant_ref", String(36), nullable=False),
    Column("total_cents", BigInteger, nullable=False),
    Column("worked_minutes", Integer, nullable=False),
    Column("lines", Integer, nullable=False),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("month", "participant_ref", name="uq_allowance_statement_month_ref"),
    Index("ix_allowance_statement_participant", "participant_ref"),
)

statement_line_table = Table(
    "allowance_statement_line",
    metadata,
    # Which line is on which statement (each line on exactly one), with a frozen copy of
    # what the statement shows. source: "line" (allowance_line) or "adjustment".
    Column("source", String(10), primary_key=True),
    Column(
        "line_no",
        BigInteger().with_variant(Integer(), "sqlite"),
        primary_key=True,
        autoincrement=False,
    ),
    Column("statement_id", String(36), nullable=False, index=True),
    Column("kind", String(12), nullable=False),
    Column("entry_id", String(36), nullable=True),
    Column("work_date", Date, nullable=False),
    Column("original_month", String(7), nullable=False),
    Column("worked_minutes", Integer, nullable=False),
    Column("rate_cents_per_hour", Integer, nullable=False),
    Column("amount_cents", BigInteger, nullable=False),
)

payment_method_table = Table(
    "allowance_payment_method",
    metadata,
    # Personal data (bank details): stays in this service, never in events or logs.
    Column("participant_ref", String(36), primary_key=True),
    Column("method", String(12), nullable=False, doc="sepa, cash, bezahlkarte"),
    Column("iban", String(34), nullable=True),
    Column("bic", String(11), nullable=True),
    Column("account_holder", String(70), nullable=True),
    Column("updated_by", String(200), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

payment_run_table = Table(
    "allowance_payment_run",
    metadata,
    Column("payment_run_id", String(36), primary_key=True),
    Column("month", String(7), nullable=False, index=True),
    Column("payments", Integer, nullable=False),
    Column("paid_cents", BigInteger, nullable=False),
    Column("sepa_transfers", Integer, nullable=False),
    Column("cash_or_card", Integer, nullable=False),
    Column("without_method", Integer, nullable=False),
    Column("sepa_xml", Text, nullable=True),
    Column("cash_csv", Text, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("payer", String(10), nullable=False, server_default="district"),
    Column("carried_over_cents", BigInteger, nullable=False, server_default="0"),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

payment_table = Table(
    "allowance_payment",
    metadata,
    # One payment per statement, ever (the PK makes a second payment impossible).
    Column("statement_id", String(36), primary_key=True),
    Column("payment_run_id", String(36), nullable=False, index=True),
    Column("month", String(7), nullable=False, index=True),
    Column("participant_ref", String(36), nullable=False),
    Column("method", String(12), nullable=False),
    Column("amount_cents", BigInteger, nullable=False),
    Column("paid_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("amount_cents > 0", name="ck_allowance_payment_amount"),
)

payer_table = Table(
    "allowance_payer",
    metadata,
    # Who pays out, effective-dated by month; append-only like the rate table.
    Column("valid_from", String(7), primary_key=True, doc="First month (YYYY-MM)."),
    Column("payer", String(10), nullable=False, doc="district, provider"),
    Column("entered_by", String(200), nullable=False),
    Column("entered_at", DateTime(timezone=True), nullable=False),
)

settlement_table = Table(
    "allowance_settlement",
    metadata,
    # Variant (b): one provider's reimbursement for one month, made by a payment run.
    Column("settlement_id", String(36), primary_key=True),
    Column("payment_run_id", String(36), nullable=False, index=True),
    Column("month", String(7), nullable=False, index=True),
    Column("provider_id", String(36), nullable=False, index=True),
    Column("participants", Integer, nullable=False),
    Column("worked_minutes", Integer, nullable=False),
    Column("total_cents", BigInteger, nullable=False),
    Column("settlement_csv", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("total_cents > 0", name="ck_allowance_settlement_total"),
)

settlement_item_table = Table(
    "allowance_settlement_item",
    metadata,
    # The part of one statement worked at one provider, settled at most once (the PK).
    Column("statement_id", String(36), primary_key=True),
    Column("provider_id", String(36), primary_key=True),
    Column("settlement_id", String(36), nullable=False, index=True),
    Column("month", String(7), nullable=False, index=True),
    Column("participant_ref", String(36), nullable=False),
    Column("worked_minutes", Integer, nullable=False),
    Column("amount_cents", BigInteger, nullable=False, doc="May be negative (corrections)."),
)
