"""What one batch transaction has done so far, and what happens once it has committed.

Handlers run per event inside the chassis' batch transaction, which may still roll back
(a rejected event, a failure). So nothing leaves the transaction before its commit: placements
it stored reach the shared cache, and its bookings reach the metrics, only in an SQLAlchemy
`after_commit` listener on that very session.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

from allowance.domain.ledger import LedgerLine, Placement
from allowance.domain.rates import RateTable

_KEY = "allowance.ledger.transaction"


@dataclass
class TransactionState:
    """Placements known to this transaction and the lines it booked."""

    placements: dict[str, Placement] = field(default_factory=dict)
    stored: list[Placement] = field(default_factory=list)
    lines: Counter[str] = field(default_factory=Counter)
    cents: Counter[str] = field(default_factory=Counter)
    rates: RateTable | None = None

    def booked(self, line: LedgerLine) -> None:
        self.lines[line.legal_basis] += 1
        self.cents[line.legal_basis] += line.amount_cents


def transaction_state(
    session: AsyncSession, on_commit: Callable[[TransactionState], None]
) -> TransactionState:
    """The state of the session's transaction; `on_commit` runs once after it commits."""
    state: TransactionState | None = session.info.get(_KEY)
    if state is not None:
        return state
    state = session.info[_KEY] = TransactionState()
    mine = state

    def after_commit(_session: object) -> None:
        if session.info.get(_KEY) is mine:
            del session.info[_KEY]
            on_commit(mine)

    def after_rollback(_session: object) -> None:
        if session.info.get(_KEY) is mine:
            del session.info[_KEY]  # forget everything this transaction did

    event.listen(session.sync_session, "after_commit", after_commit)
    event.listen(session.sync_session, "after_rollback", after_rollback)
    return state
