"""Events this service will publish, prepared but not yet sent: their contracts
(AllowanceStatementIssued, PaymentRunCompleted) are not in gemeinwerk_contracts yet.

Once `AllowanceStatementIssued` exists (topic gemeinwerk.public.allowance.v1, key
participant_ref), publishing is the one line marked below; the payload is built and tested
here already. It carries the pseudonymous participant reference and sums only — no names,
no bank details (those stay in this service).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from allowance.domain.statements import Statement
from chassis import UnitOfWork


def statement_issued_payload(statement: Statement) -> dict[str, Any]:
    """The proposed AllowanceStatementIssued v1 payload of one statement."""
    return {
        "statement_id": statement.statement_id,
        "participant_ref": statement.participant_ref,
        "month": statement.month,
        "total_cents": statement.total_cents,
        "worked_minutes": statement.worked_minutes,
        "lines": len(statement.lines),
        "corrected_months": list(statement.corrected_months),
        "corrections_cents": sum(
            line.amount_cents for line in statement.lines if line.is_correction(statement.month)
        ),
    }


def publish_statements(uow: UnitOfWork, statements: Sequence[Statement]) -> None:
    """Publish one AllowanceStatementIssued per statement, in the closing transaction."""
    for statement in statements:
        statement_issued_payload(statement)
        # uow.publish(AllowanceStatementIssued(**statement_issued_payload(statement)))
