"""Bank details, payment runs and payments in the store."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from allowance.domain.payments import Method, Payee, PaymentMethod
from allowance.store.tables import (
    payment_method_table,
    payment_run_table,
    payment_table,
    settlement_item_table,
    statement_table,
)

_PM = payment_method_table.c
_ST = statement_table.c


async def set_method(session: AsyncSession, method: PaymentMethod, updated_by: str) -> None:
    """Replace a participant's payment method (latest wins)."""
    await session.execute(
        payment_method_table.delete().where(_PM.participant_ref == method.participant_ref)
    )
    await session.execute(
        payment_method_table.insert().values(
            participant_ref=method.participant_ref,
            method=method.method.value,
            iban=method.iban,
            bic=method.bic,
            account_holder=method.account_holder,
            updated_by=updated_by,
            updated_at=datetime.now(UTC),
        )
    )


async def unpaid(session: AsyncSession, month: str) -> tuple[list[Payee], int]:
    """Issued statements of `month` with a positive total and no payment yet, with their
    payment method; and how many of them have no payment method (they stay unpaid)."""
    paid = select(payment_table.c.statement_id)
    settled = select(settlement_item_table.c.statement_id)  # reimbursed to a provider (b)
    rows = await session.execute(
        select(_ST.statement_id, _ST.participant_ref, _ST.total_cents, payment_method_table)
        .select_from(
            statement_table.outerjoin(
                payment_method_table, _PM.participant_ref == _ST.participant_ref
            )
        )
        .where(
            _ST.month == month,
            _ST.total_cents > 0,
            _ST.statement_id.not_in(paid),
            _ST.statement_id.not_in(settled),
        )
        .order_by(_ST.participant_ref)
    )
    payees, without = [], 0
    for row in rows:
        if row.method is None:
            without += 1
            continue
        method = PaymentMethod(
            row.participant_ref, Method(row.method), row.iban, row.bic, row.account_holder
        )
        payees.append(Payee(row.statement_id, row.participant_ref, row.total_cents, method))
    return payees, without


async def add_run(session: AsyncSession, run: dict[str, Any], payees: Sequence[Payee]) -> None:
    """Store the run and one payment per statement (a statement paid twice violates the PK)."""
    await session.execute(payment_run_table.insert().values(**run))
    if payees:
        await session.execute(
            payment_table.insert(),
            [
                {
                    "statement_id": p.statement_id,
                    "payment_run_id": run["payment_run_id"],
                    "month": run["month"],
                    "participant_ref": p.participant_ref,
                    "method": p.method.method.value,
                    "amount_cents": p.amount_cents,
                    "paid_at": run["created_at"],
                }
                for p in payees
            ],
        )


async def run(session: AsyncSession, payment_run_id: str) -> dict[str, Any] | None:
    row = (
        await session.execute(
            select(payment_run_table).where(payment_run_table.c.payment_run_id == payment_run_id)
        )
    ).first()
    return dict(row._mapping) if row else None


async def paid_cents(session: AsyncSession, month: str) -> int:
    """What was paid on the statements of `month`: directly to participants (variant a) plus
    reimbursed to providers (variant b)."""
    direct = await session.scalar(
        select(func.coalesce(func.sum(payment_table.c.amount_cents), 0)).where(
            payment_table.c.month == month
        )
    )
    settled = await session.scalar(
        select(func.coalesce(func.sum(settlement_item_table.c.amount_cents), 0)).where(
            settlement_item_table.c.month == month
        )
    )
    return int(direct or 0) + int(settled or 0)
