"""Bank details and payment runs: variant (a) the district pays participants, variant (b)
the provider pays and is reimbursed (one settlement per provider and month). Which applies
to a month is decided by the payer steps (`use_cases_payer`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from chassis.auth import Principal
from gemeinwerk_contracts.vocabulary import PaymentPayer
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from allowance.domain.access import may_administer, may_read_district
from allowance.domain.payments import (
    Debtor,
    InvalidBankDetails,
    Method,
    PaymentMethod,
    cash_csv,
    sepa_xml,
    validated,
)
from allowance.domain.settlements import Settlement, effective_payer, settle, settlement_csv
from allowance.outgoing import payment_run_completed
from allowance.settings import Settings
from allowance.store import payments as store
from allowance.store import settlements as settlement_store
from allowance.store import statements
from chassis import Conflict, DomainError, Forbidden, NotFound, ServiceRuntime

BERLIN = ZoneInfo("Europe/Berlin")


@dataclass(frozen=True)
class PaymentRun:
    payment_run_id: str
    month: str
    payments: int
    paid_cents: int
    sepa_transfers: int
    cash_or_card: int
    without_method: int
    created_at: datetime
    payer: PaymentPayer = PaymentPayer.DISTRICT
    carried_over_cents: int = 0
    settlements: tuple[SettlementHead, ...] = ()


@dataclass(frozen=True)
class SettlementHead:
    settlement_id: str
    payment_run_id: str
    month: str
    provider_id: str
    participants: int
    worked_minutes: int
    total_cents: int
    created_at: datetime


def _administer(principal: Principal) -> None:
    if not may_administer(principal.role.value, principal.scope):
        raise Forbidden("Nur die Koordination des Landkreises verwaltet Zahlungen.")


async def set_payment_method(
    runtime: ServiceRuntime,
    principal: Principal,
    participant_ref: str,
    method: Method,
    iban: str | None,
    account_holder: str | None,
    bic: str | None = None,
) -> PaymentMethod:
    """Store how a participant is paid (bank details stay in this service)."""
    _administer(principal)
    try:
        checked = validated(participant_ref, method, iban, account_holder, bic)
    except InvalidBankDetails as exc:
        raise DomainError(str(exc), field=exc.field, code="invalid_bank_details") from exc
    async with runtime.uow() as uow:
        await store.set_method(uow.session, checked, principal.subject)
        await uow.commit()
    return checked


async def month_payer(session: AsyncSession, settings: Settings, month: str) -> PaymentPayer:
    """Who pays `month` out: the payer of its earlier runs, else the payer steps, else the
    PAYMENT_PAYER setting."""
    return effective_payer(
        month,
        await settlement_store.payer_steps(session),
        settings.payment_payer,
        await settlement_store.month_payer(session, month),
    )


async def run_payments(
    runtime: ServiceRuntime,
    principal: Principal,
    month: str,
    now: datetime | None = None,
    require: PaymentPayer | None = None,
) -> PaymentRun:
    """Pay a closed month out, the way its payer says: (a) every issued, positive, unpaid
    statement to its participant, or (b) one settlement per provider of the parts not yet
    settled. Idempotent: a second run finds nothing left and records a run with zero
    payments. Publishes PaymentRunCompleted in the same transaction."""
    _administer(principal)
    settings = runtime.settings
    assert isinstance(settings, Settings)
    now = now or datetime.now(UTC)
    async with runtime.uow() as uow:
        session = uow.session
        if not await statements.lock_closed(session, month):
            raise Conflict(
                "Zahlungen erst nach dem Monatsabschluss.", field="month", code="month_open"
            )
        payer = await month_payer(session, settings, month)
        if require is not None and payer is not require:
            raise Conflict(
                f"Im Monat {month} zahlt "
                + ("der Landkreis direkt aus" if payer is PaymentPayer.DISTRICT else "der Träger")
                + "; dieser Lauf passt nicht dazu.",
                field="month",
                code="payer_mismatch",
            )
        run_id = str(uuid.uuid4())
        found: list[Settlement] = []
        if payer is PaymentPayer.DISTRICT:
            row = await _direct_row(session, settings, month, now)
        else:
            found, _left = settle(
                month, await settlement_store.unsettled_parts(session, month), _new_id
            )
            row = {
                "payments": len(found),
                "paid_cents": sum(s.total_cents for s in found),
                "sepa_transfers": 0,
                "cash_or_card": 0,
                "without_method": 0,
                "sepa_xml": None,
                "cash_csv": cash_csv(month, []),
            }
        _, total = await statements.month_sums(session, month)
        paid_before = await store.paid_cents(session, month)
        row |= {
            "payment_run_id": run_id,
            "month": month,
            "payer": payer.value,
            "carried_over_cents": total - paid_before - row["paid_cents"],
            "created_by": principal.subject,
            "created_at": now,
        }
        payees = row.pop("_payees", [])
        try:
            await store.add_run(session, row, payees)
            await settlement_store.add(
                session, run_id, found, [settlement_csv(s) for s in found], now
            )
        except IntegrityError as exc:
            raise Conflict(
                "Ein anderer Zahlungslauf für diesen Monat läuft gerade; bitte erneut versuchen.",
                field="month",
                code="payment_run_concurrent",
            ) from exc
        uow.publish(payment_run_completed(row))
        await uow.commit()
    heads = tuple(_head(s, run_id, now) for s in found)
    return _run(row, heads)


def _new_id() -> str:
    return str(uuid.uuid4())


async def _direct_row(
    session: AsyncSession, settings: Settings, month: str, now: datetime
) -> dict[str, Any]:
    """Variant (a): the payments and files of the month's unpaid statements."""
    debtor = Debtor(settings.district_name, settings.district_iban, settings.district_bic)
    payees, without = await store.unpaid(session, month)
    xml = sepa_xml(debtor, month, payees, now.astimezone(BERLIN).date())
    sepa = sum(1 for p in payees if p.method.method is Method.SEPA)
    return {
        "payments": len(payees),
        "paid_cents": sum(p.amount_cents for p in payees),
        "sepa_transfers": sepa,
        "cash_or_card": len(payees) - sepa,
        "without_method": without,
        "sepa_xml": xml.decode("utf-8") if xml else None,
        "cash_csv": cash_csv(month, payees),
        "_payees": payees,
    }


def _head(s: Settlement, run_id: str, created_at: datetime) -> SettlementHead:
    return SettlementHead(
        s.settlement_id,
        run_id,
        s.month,
        s.provider_id,
        s.participants,
        s.worked_minutes,
        s.total_cents,
        created_at,
    )


def _run(row: dict[str, Any], settlements: tuple[SettlementHead, ...] = ()) -> PaymentRun:
    fields = {k: row[k] for k in PaymentRun.__dataclass_fields__ if k != "settlements"}
    fields["payer"] = PaymentPayer(fields["payer"])
    return PaymentRun(**fields, settlements=settlements)


async def payment_run(
    runtime: ServiceRuntime, principal: Principal, payment_run_id: str
) -> tuple[PaymentRun, str | None, str]:
    """The run, its SEPA XML (None: no transfers) and its cash/Bezahlkarte CSV."""
    if not may_read_district(principal.role.value, principal.scope):
        raise Forbidden("Nur Koordination und Controlling des Landkreises sehen Zahlungsläufe.")
    async with runtime.uow() as uow:
        row = await store.run(uow.session, payment_run_id)
        if row is None:
            raise NotFound("Zahlungslauf nicht gefunden.", field="payment_run_id")
        heads = tuple(
            SettlementHead(**{k: h[k] for k in SettlementHead.__dataclass_fields__})
            for h in await settlement_store.of_run(uow.session, payment_run_id)
        )
    return _run(row, heads), row["sepa_xml"], row["cash_csv"]
