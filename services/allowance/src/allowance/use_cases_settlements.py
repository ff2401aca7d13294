"""Who pays (effective-dated payer steps) and the provider settlements of variant (b)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from chassis.auth import Principal
from gemeinwerk_contracts.vocabulary import PaymentPayer

from allowance.domain.access import may_administer, may_read_district
from allowance.domain.settlements import PayerNotAllowed, Settlement, check_new_step
from allowance.domain.settlements import settlement_html as render_html
from allowance.settings import Settings
from allowance.store import settlements as store
from allowance.use_cases_payments import SettlementHead, month_payer
from chassis import Conflict, DomainError, Forbidden, NotFound, ServiceRuntime


@dataclass(frozen=True)
class PayerOfMonth:
    month: str
    payer: PaymentPayer
    steps: list[dict[str, Any]]
    default: PaymentPayer


def _settings(runtime: ServiceRuntime) -> Settings:
    settings = runtime.settings
    assert isinstance(settings, Settings)
    return settings


def _district_reader(principal: Principal) -> None:
    if not may_read_district(principal.role.value, principal.scope):
        raise Forbidden("Nur Koordination und Controlling des Landkreises sehen das.")


async def payer_of_month(runtime: ServiceRuntime, principal: Principal, month: str) -> PayerOfMonth:
    """Who pays `month` out, with the stored steps and the default (PAYMENT_PAYER)."""
    _district_reader(principal)
    settings = _settings(runtime)
    async with runtime.uow() as uow:
        payer = await month_payer(uow.session, settings, month)
        steps = await store.payer_rows(uow.session)
    return PayerOfMonth(month, payer, steps, settings.payment_payer)


async def enter_payer_step(
    runtime: ServiceRuntime, principal: Principal, valid_from: str, payer: PaymentPayer
) -> tuple[dict[str, Any], bool]:
    """Let `payer` pay out from month `valid_from` on; (row, created). The same step again is
    a no-op, another payer for the same month a conflict; a month on or before the last
    month with a payment run is refused (a month is paid one way only)."""
    if not may_administer(principal.role.value, principal.scope):
        raise Forbidden("Nur die Koordination des Landkreises legt fest, wer auszahlt.")
    async with runtime.uow() as uow:
        existing = await store.find_payer_step(uow.session, valid_from)
        if existing is not None:
            if existing["payer"] == payer.value:
                return existing, False
            raise Conflict(
                f"Ab {valid_from} ist bereits festgelegt, wer auszahlt ({existing['payer']}).",
                field="valid_from",
                code="payer_step_exists",
            )
        try:
            check_new_step(valid_from, await store.last_paid_month(uow.session))
        except PayerNotAllowed as exc:
            raise DomainError(str(exc), field="valid_from", code="payer_not_allowed") from exc
        row = await store.add_payer_step(uow.session, valid_from, payer, principal.subject)
        await uow.commit()
    return row, True


def _may_read(principal: Principal, provider_id: str | None) -> bool:
    """District readers see every settlement; provider staff their own provider's."""
    if may_read_district(principal.role.value, principal.scope):
        return True
    return principal.role.value == "provider_staff" and principal.scope == provider_id


async def month_settlements(
    runtime: ServiceRuntime, principal: Principal, month: str
) -> list[SettlementHead]:
    """The settlements of a month (provider staff: their provider's only)."""
    if principal.role.value != "provider_staff":
        _district_reader(principal)
    async with runtime.uow() as uow:
        rows = await store.of_month(uow.session, month)
    return [
        SettlementHead(**{k: r[k] for k in SettlementHead.__dataclass_fields__})
        for r in rows
        if _may_read(principal, r["provider_id"])
    ]


async def settlement(
    runtime: ServiceRuntime, principal: Principal, settlement_id: str
) -> tuple[SettlementHead, Settlement, str]:
    """A settlement: its head, its parts and its stored CSV."""
    async with runtime.uow() as uow:
        head = await store.head(uow.session, settlement_id)
        found = await store.one(uow.session, settlement_id)
    if head is None or found is None:
        raise NotFound("Abrechnung nicht gefunden.", field="settlement_id")
    if not _may_read(principal, head["provider_id"]):
        if principal.role.value == "provider_staff":  # another provider's: do not tell
            raise NotFound("Abrechnung nicht gefunden.", field="settlement_id")
        raise Forbidden("Keine Berechtigung, diese Abrechnung einzusehen.")
    fields = {k: head[k] for k in SettlementHead.__dataclass_fields__}
    return SettlementHead(**fields), found, head["settlement_csv"]


async def settlement_pdf(
    runtime: ServiceRuntime, principal: Principal, settlement_id: str
) -> bytes:
    """The settlement sheet as PDF (rendered from the stored parts; WeasyPrint in a thread)."""
    head, found, _ = await settlement(runtime, principal, settlement_id)
    html = render_html(found, _settings(runtime).district_name, head.created_at)
    return await asyncio.to_thread(html_to_pdf, html)


def html_to_pdf(html: str) -> bytes:
    """The PDF of an HTML document (blocking)."""
    from weasyprint import HTML  # imported late: it loads Pango and fonts

    pdf = HTML(string=html).write_pdf()
    assert pdf is not None
    return bytes(pdf)
