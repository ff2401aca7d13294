"""Month close, statements and reconciliation: one transaction each."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from chassis.auth import Principal

from allowance.domain.access import may_administer, may_read_district
from allowance.domain.statements import CloseRefused, Statement, check_close, issue
from allowance.outgoing import publish_statements
from allowance.store import payments
from allowance.store import statements as store
from chassis import Conflict, Forbidden, ServiceRuntime


@dataclass(frozen=True)
class MonthClose:
    month: str
    closed_now: bool
    statements: int
    total_cents: int


@dataclass(frozen=True)
class Reconciliation:
    month: str
    closed: bool
    statements: int
    statement_total_cents: int
    paid_cents: int
    carried_over_cents: int

    @property
    def balanced(self) -> bool:
        return self.statement_total_cents == self.paid_cents + self.carried_over_cents


def _reader(principal: Principal) -> None:
    if not may_read_district(principal.role.value, principal.scope):
        raise Forbidden("Nur Koordination und Controlling des Landkreises sehen Abrechnungen.")


async def close_month(
    runtime: ServiceRuntime, principal: Principal, month: str, now: datetime | None = None
) -> MonthClose:
    """Close `month` and issue its statements; closing again changes nothing."""
    if not may_administer(principal.role.value, principal.scope):
        raise Forbidden("Nur die Koordination des Landkreises darf Monate abschließen.")
    async with runtime.uow() as uow:
        if not await store.is_closed(uow.session, month):
            try:
                check_close(
                    month,
                    now or datetime.now(UTC),
                    await store.open_months_before(uow.session, month),
                )
            except CloseRefused as exc:
                raise Conflict(str(exc), field="month", code="close_refused") from exc
            if await store.close(uow.session, month, principal.subject):
                lines = await store.open_lines(uow.session, month)
                statements = issue(month, lines, lambda: str(uuid.uuid4()))
                await store.add(uow.session, statements)
                publish_statements(uow, statements)
                await uow.commit()
                total = sum(s.total_cents for s in statements)
                return MonthClose(month, True, len(statements), total)
        count, total = await store.month_sums(uow.session, month)
    return MonthClose(month, False, count, total)


async def month_statements(
    runtime: ServiceRuntime, principal: Principal, month: str, after: str | None, limit: int
) -> list[Statement]:
    """One page of the frozen statements of a month (empty while it is open)."""
    _reader(principal)
    async with runtime.uow() as uow:
        return await store.of_month(uow.session, month, after, limit)


async def participant_statements(
    runtime: ServiceRuntime, principal: Principal, participant_ref: str
) -> list[Statement]:
    """A participant's statements, by month."""
    _reader(principal)
    async with runtime.uow() as uow:
        return await store.of_participant(uow.session, participant_ref)


async def reconciliation(
    runtime: ServiceRuntime, principal: Principal, month: str
) -> Reconciliation:
    """Sum of statements = paid (payments of payment runs) + carried over (not yet paid:
    no payment method, zero or negative totals)."""
    _reader(principal)
    async with runtime.uow() as uow:
        closed = await store.is_closed(uow.session, month)
        count, total = await store.month_sums(uow.session, month)
        paid = await payments.paid_cents(uow.session, month)
    return Reconciliation(month, closed, count, total, paid, total - paid)
