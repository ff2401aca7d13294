"""Bank details and payment runs (variant (a): the district pays participants)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from chassis.auth import Principal
from sqlalchemy.exc import IntegrityError

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
from allowance.settings import Settings
from allowance.store import payments as store
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


async def run_payments(
    runtime: ServiceRuntime, principal: Principal, month: str, now: datetime | None = None
) -> PaymentRun:
    """Pay every issued, positive, unpaid statement of a closed month. Idempotent: a second
    run finds nothing unpaid and records a run with zero payments."""
    _administer(principal)
    settings = runtime.settings
    assert isinstance(settings, Settings)
    debtor = Debtor(settings.district_name, settings.district_iban, settings.district_bic)
    now = now or datetime.now(UTC)
    async with runtime.uow() as uow:
        if not await statements.is_closed(uow.session, month):
            raise Conflict(
                "Zahlungen erst nach dem Monatsabschluss.", field="month", code="month_open"
            )
        payees, without = await store.unpaid(uow.session, month)
        xml = sepa_xml(debtor, month, payees, now.astimezone(BERLIN).date())
        sepa = sum(1 for p in payees if p.method.method is Method.SEPA)
        row: dict[str, Any] = {
            "payment_run_id": str(uuid.uuid4()),
            "month": month,
            "payments": len(payees),
            "paid_cents": sum(p.amount_cents for p in payees),
            "sepa_transfers": sepa,
            "cash_or_card": len(payees) - sepa,
            "without_method": without,
            "sepa_xml": xml.decode("utf-8") if xml else None,
            "cash_csv": cash_csv(month, payees),
            "created_by": principal.subject,
            "created_at": now,
        }
        try:
            await store.add_run(uow.session, row, payees)
        except IntegrityError as exc:
            raise Conflict(
                "Ein anderer Zahlungslauf für diesen Monat läuft gerade; bitte erneut versuchen.",
                field="month",
                code="payment_run_concurrent",
            ) from exc
        await uow.commit()
    return _run(row)


def _run(row: dict[str, Any]) -> PaymentRun:
    return PaymentRun(**{k: row[k] for k in PaymentRun.__dataclass_fields__})


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
    return _run(row), row["sepa_xml"], row["cash_csv"]
