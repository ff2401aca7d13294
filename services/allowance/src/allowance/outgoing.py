"""Events this service publishes (topic gemeinwerk.public.allowance.v1), written to the
outbox in the transaction that decides them:

- AllowanceStatementIssued v1 (key participant_ref), one per statement, at month close;
- PaymentRunCompleted v1 (key month), one per payment run of either variant.

They carry the pseudonymous participant reference and sums only — no names, no bank details
(those stay in this service).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from gemeinwerk_contracts import AllowanceStatementIssued, PaymentRunCompleted

from allowance.domain.statements import Statement
from chassis import UnitOfWork


def statement_issued_payload(statement: Statement) -> dict[str, Any]:
    """The AllowanceStatementIssued v1 payload of one statement."""
    return {
        "statement_id": statement.statement_id,
        "participant_ref": statement.participant_ref,
        "month": statement.month,
        "total_cents": statement.total_cents,
        "worked_minutes": statement.worked_minutes,
        "lines": len(statement.lines),
        "corrections_cents": sum(
            line.amount_cents for line in statement.lines if line.is_correction(statement.month)
        ),
        "corrected_months": list(statement.corrected_months),
    }


def statement_issued(statement: Statement) -> AllowanceStatementIssued:
    """The AllowanceStatementIssued event of one statement."""
    return AllowanceStatementIssued.model_validate(statement_issued_payload(statement))


def publish_statements(uow: UnitOfWork, statements: Sequence[Statement]) -> None:
    """Publish one AllowanceStatementIssued per statement, in the closing transaction."""
    for statement in statements:
        uow.publish(statement_issued(statement))


def payment_run_completed(run: Mapping[str, Any]) -> PaymentRunCompleted:
    """The PaymentRunCompleted event of a stored payment run row (sums only)."""
    return PaymentRunCompleted(
        payment_run_id=run["payment_run_id"],
        month=run["month"],
        payer=run["payer"],
        payments=run["payments"],
        paid_cents=run["paid_cents"],
        carried_over_cents=run["carried_over_cents"],
        completed_at=run["created_at"],
    )
