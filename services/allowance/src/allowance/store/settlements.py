"""Who pays (payer steps) and provider settlements (variant b) in the store."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from gemeinwerk_contracts.vocabulary import PaymentPayer
from sqlalchemy import and_, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from allowance.domain.settlements import Part, PayerStep, Settlement
from allowance.store.tables import (
    adjustment_table,
    line_table,
    payer_table,
    payment_run_table,
    payment_table,
    settlement_item_table,
    settlement_table,
    statement_line_table,
    statement_table,
)

_SL = statement_line_table.c
_ST = statement_table.c
_SI = settlement_item_table.c
_S = settlement_table.c


async def payer_steps(session: AsyncSession) -> list[PayerStep]:
    rows = await session.execute(select(payer_table).order_by(payer_table.c.valid_from))
    return [PayerStep(r.valid_from, PaymentPayer(r.payer)) for r in rows]


async def payer_rows(session: AsyncSession) -> list[dict[str, Any]]:
    rows = await session.execute(select(payer_table).order_by(payer_table.c.valid_from))
    return [dict(r._mapping) for r in rows]


async def add_payer_step(
    session: AsyncSession, valid_from: str, payer: PaymentPayer, entered_by: str
) -> dict[str, Any]:
    row = {
        "valid_from": valid_from,
        "payer": payer.value,
        "entered_by": entered_by,
        "entered_at": datetime.now(UTC),
    }
    await session.execute(payer_table.insert().values(**row))
    return row


async def find_payer_step(session: AsyncSession, valid_from: str) -> dict[str, Any] | None:
    row = (
        await session.execute(select(payer_table).where(payer_table.c.valid_from == valid_from))
    ).first()
    return dict(row._mapping) if row else None


async def last_paid_month(session: AsyncSession) -> str | None:
    """The latest month that has a payment run (of either variant)."""
    value = await session.scalar(select(func.max(payment_run_table.c.month)))
    return str(value) if value is not None else None


async def month_payer(session: AsyncSession, month: str) -> PaymentPayer | None:
    """The payer of the month's first payment run, if it has one."""
    value = await session.scalar(
        select(payment_run_table.c.payer)
        .where(payment_run_table.c.month == month)
        .order_by(payment_run_table.c.created_at)
        .limit(1)
    )
    return PaymentPayer(value) if value is not None else None


async def unsettled_parts(session: AsyncSession, month: str) -> list[Part]:
    """The parts (statement × provider) of the month's statements not settled and whose
    statement was not paid directly (variant a) either."""
    hours = line_table.alias("h")
    adjustment = adjustment_table.alias("a")
    provider = func.coalesce(hours.c.provider_id, adjustment.c.provider_id).label("provider_id")
    joined = (
        statement_line_table.join(statement_table, _ST.statement_id == _SL.statement_id)
        .outerjoin(hours, and_(_SL.source == literal("line"), hours.c.line_no == _SL.line_no))
        .outerjoin(
            adjustment,
            and_(_SL.source == literal("adjustment"), adjustment.c.adjustment_no == _SL.line_no),
        )
    )
    paid = select(payment_table.c.statement_id)
    rows = await session.execute(
        select(
            _ST.statement_id,
            _ST.participant_ref,
            provider,
            func.sum(_SL.worked_minutes).label("worked_minutes"),
            func.sum(_SL.amount_cents).label("amount_cents"),
        )
        .select_from(joined)
        .where(_ST.month == month, _ST.statement_id.not_in(paid))
        .group_by(_ST.statement_id, _ST.participant_ref, provider)
    )
    settled = {
        (r.statement_id, r.provider_id)
        for r in await session.execute(
            select(_SI.statement_id, _SI.provider_id).where(_SI.month == month)
        )
    }
    return [
        Part(
            r.statement_id,
            r.participant_ref,
            r.provider_id,
            int(r.worked_minutes),
            int(r.amount_cents),
        )
        for r in rows
        if (r.statement_id, r.provider_id) not in settled
    ]


async def add(
    session: AsyncSession,
    payment_run_id: str,
    settlements: Sequence[Settlement],
    csvs: Sequence[str],
    created_at: datetime,
) -> None:
    """Store settlements and their items (a part settled twice violates the items' PK)."""
    if not settlements:
        return
    await session.execute(
        settlement_table.insert(),
        [
            {
                "settlement_id": s.settlement_id,
                "payment_run_id": payment_run_id,
                "month": s.month,
                "provider_id": s.provider_id,
                "participants": s.participants,
                "worked_minutes": s.worked_minutes,
                "total_cents": s.total_cents,
                "settlement_csv": csv,
                "created_at": created_at,
            }
            for s, csv in zip(settlements, csvs, strict=True)
        ],
    )
    await session.execute(
        settlement_item_table.insert(),
        [
            {
                "statement_id": p.statement_id,
                "provider_id": p.provider_id,
                "settlement_id": s.settlement_id,
                "month": s.month,
                "participant_ref": p.participant_ref,
                "worked_minutes": p.worked_minutes,
                "amount_cents": p.amount_cents,
            }
            for s in settlements
            for p in s.parts
        ],
    )


async def of_month(session: AsyncSession, month: str) -> list[dict[str, Any]]:
    rows = await session.execute(
        select(settlement_table).where(_S.month == month).order_by(_S.created_at, _S.provider_id)
    )
    return [dict(r._mapping) for r in rows]


async def of_run(session: AsyncSession, payment_run_id: str) -> list[dict[str, Any]]:
    rows = await session.execute(
        select(settlement_table).where(_S.payment_run_id == payment_run_id).order_by(_S.provider_id)
    )
    return [dict(r._mapping) for r in rows]


async def one(session: AsyncSession, settlement_id: str) -> Settlement | None:
    """A stored settlement with its parts (in the order of the file)."""
    head = (
        await session.execute(select(settlement_table).where(_S.settlement_id == settlement_id))
    ).first()
    if head is None:
        return None
    items = await session.execute(
        select(settlement_item_table)
        .where(_SI.settlement_id == settlement_id)
        .order_by(_SI.participant_ref, _SI.statement_id)
    )
    parts = tuple(
        Part(i.statement_id, i.participant_ref, i.provider_id, i.worked_minutes, i.amount_cents)
        for i in items
    )
    return Settlement(head.settlement_id, head.month, head.provider_id, parts)


async def head(session: AsyncSession, settlement_id: str) -> dict[str, Any] | None:
    row = (
        await session.execute(select(settlement_table).where(_S.settlement_id == settlement_id))
    ).first()
    return dict(row._mapping) if row else None
