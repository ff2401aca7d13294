"""Tables of the notification store (SQLAlchemy Core; portable to SQLite and PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

recipient_table = Table(
    "recipient",
    metadata,
    Column("participant_ref", String(36), primary_key=True),
    Column("given_name", String(100), nullable=False),
    Column("family_name", String(100), nullable=False),
    Column("preferred_language", String(3), nullable=False),
    Column("email", String(320), nullable=True),
    Column("street", String(200), nullable=True),
    Column("postal_code", String(5), nullable=True),
    Column("city", String(100), nullable=True),
    Column("municipality_key", String(8), nullable=False),
    Column("legal_basis", String(20), nullable=False),
    Column("registered_at", DateTime(timezone=True), nullable=False, doc="ce_time of the event."),
    Column("source_event_id", String(64), nullable=False),
)

notice_table = Table(
    "notice",
    metadata,
    Column("id", String(36), primary_key=True, doc="uuid5 of notice type and subject id."),
    Column("notice_type", String(50), nullable=False),
    Column("subject_id", String(36), nullable=False, doc="What it is about, e.g. a placement."),
    Column("participant_ref", String(36), nullable=False),
    Column("municipality_key", String(8), nullable=False, doc="Scope of staff who may read it."),
    Column("trigger_event_id", String(64), nullable=False),
    Column("status", String(30), nullable=False),
    Column("facts", JSON, nullable=False, doc="Pseudonymous facts the text is rendered from."),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    # Delivery
    Column("channel", String(20), nullable=True, doc="email or letter."),
    Column("language", String(20), nullable=True, doc="Languages sent: de or de,ar."),
    Column("recipient_email", String(320), nullable=True, doc="Address it was sent to."),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_attempt_at", DateTime(timezone=True), nullable=True),
    Column("last_error", Text, nullable=True),
    Column("next_attempt_at", DateTime(timezone=True), nullable=True),
    Column("claim_token", String(36), nullable=True, doc="Delivery round holding it."),
    Column("claimed_until", DateTime(timezone=True), nullable=True),
    Column("sent_at", DateTime(timezone=True), nullable=True),
    Column("smtp_message_id", String(255), nullable=True),
    Column("smtp_response", Text, nullable=True),
    Column("letter_date", Date, nullable=True, doc="Print collection day of a letter."),
    Column("resends", Integer, nullable=False, default=0, doc="Resends staff asked for."),
    Column("failed_attempts", Integer, nullable=False, default=0, doc="Of the current delivery."),
    Column("failure_reason", String(30), nullable=True, doc="Last NoticeFailed reason published."),
    Column("failed_at", DateTime(timezone=True), nullable=True),
    Column("addressee", String(20), nullable=False, default="participant", doc="Addressee kind."),
    Column("addressee_id", String(320), nullable=True, doc="Provider id or mailbox address."),
    Column("placement_id", String(36), nullable=True, doc="Placement the notice is about."),
    Column(
        "send_started_at",
        DateTime(timezone=True),
        nullable=True,
        doc="Committed right before an SMTP transaction; cleared by its outcome.",
    ),
    Column("uncertain_sends", Integer, nullable=False, default=0, doc="In-doubt sends repeated."),
    UniqueConstraint("notice_type", "subject_id", name="uq_notice_type_subject"),
    Index("ix_notice_participant_ref", "participant_ref"),
    Index("ix_notice_addressee_id", "addressee_id"),
    Index("ix_notice_status_next_attempt", "status", "next_attempt_at"),
)

notice_document_table = Table(
    "notice_document",
    metadata,
    Column("notice_id", String(36), ForeignKey("notice.id"), primary_key=True),
    Column("pdf", LargeBinary, nullable=False, doc="The letter; rendered once, sent as is."),
    Column("subject", Text, nullable=False, doc="German subject (e-mail subject)."),
    Column("body_text", Text, nullable=False, doc="Plain text of the e-mail: German + aid."),
    Column("languages", String(20), nullable=False, doc="de or de,<translation>."),
    Column("letter_date", Date, nullable=False, doc="Date printed on the letter."),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

notice_delivery_table = Table(
    "notice_delivery",
    metadata,
    Column("notice_id", String(36), ForeignKey("notice.id"), primary_key=True),
    Column("sequence", Integer, primary_key=True, doc="0: first delivery, n: n-th resend."),
    Column("requested_at", DateTime(timezone=True), nullable=False),
    Column("requested_by", String(200), nullable=True, doc="Staff subject of a resend."),
    Column("requested_role", String(30), nullable=True),
    Column("channel", String(20), nullable=True),
    Column("delivered_at", DateTime(timezone=True), nullable=True),
    Column("recipient_email", String(320), nullable=True),
    Column("message_id", String(255), nullable=True),
    Column("letter_date", Date, nullable=True),
)

provider_contact_table = Table(
    "provider_contact",
    metadata,
    Column("provider_id", String(36), primary_key=True),
    Column("provider_name", String(200), nullable=False),
    Column("provider_kind", String(30), nullable=False),
    Column("municipality_key", String(8), nullable=False),
    Column("contact_name", String(200), nullable=True),
    Column("email", String(320), nullable=True),
    Column("street", String(200), nullable=True),
    Column("postal_code", String(5), nullable=True),
    Column("city", String(100), nullable=True),
    Column("recorded_at", DateTime(timezone=True), nullable=False, doc="ce_time of the event."),
    Column("source_event_id", String(64), nullable=False),
)

placement_activity_table = Table(
    "placement_activity",
    metadata,
    Column("placement_id", String(36), primary_key=True),
    Column("participant_ref", String(36), nullable=False),
    Column("provider_id", String(36), nullable=False),
    Column("municipality_key", String(8), nullable=False),
    Column("start_date", Date, nullable=False),
    Column("last_work_date", Date, nullable=True, doc="Latest work date of any HoursLogged."),
    Column("end_date", Date, nullable=True, doc="Set by PlacementEnded: no reminders after."),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_placement_activity_end_date", "end_date"),
)

refusal_table = Table(
    "refusal",
    metadata,
    Column("refusal_id", String(36), primary_key=True),
    Column("participant_ref", String(36), nullable=False),
    Column("placement_id", String(36), nullable=True),
    Column("kind", String(20), nullable=False, doc="refused, no_show or broke_off."),
    Column("refusal_date", Date, nullable=False),
)
