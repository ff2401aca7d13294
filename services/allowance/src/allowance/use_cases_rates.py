"""Rate use cases: list the rate tables, enter a new effective-dated rate."""

from __future__ import annotations

from datetime import date

from chassis.auth import Principal
from gemeinwerk_contracts.vocabulary import LegalBasis

from allowance.domain.access import may_administer
from allowance.domain.rates import RateNotAllowed, check_new_rate
from allowance.store import rates
from allowance.store.rates import RateRow
from chassis import Conflict, DomainError, Forbidden, ServiceRuntime

SCHEMES = frozenset(basis.value for basis in LegalBasis)


async def list_rates(runtime: ServiceRuntime, principal: Principal) -> list[RateRow]:
    """Every scheme's rate steps (not personal data; agencies excluded like everywhere)."""
    if principal.role.value == "agency":
        raise Forbidden("Keine Berechtigung, Sätze einzusehen.")
    async with runtime.uow() as uow:
        return await rates.rows(uow.session)


async def enter_rate(
    runtime: ServiceRuntime,
    principal: Principal,
    scheme: str,
    valid_from: date,
    cents_per_hour: int,
) -> tuple[RateRow, bool]:
    """Enter a rate for `scheme` from `valid_from`; (row, created). The same rate again is
    a no-op; another rate for the same day is a conflict; a day on or before the last
    booked work date of the scheme is refused (booked lines never change)."""
    if not may_administer(principal.role.value, principal.scope):
        raise Forbidden("Nur die Koordination des Landkreises darf Sätze festlegen.")
    if scheme not in SCHEMES:
        raise DomainError(
            f"Unbekannte Rechtsgrundlage: {scheme!r} (erlaubt: {', '.join(sorted(SCHEMES))}).",
            field="scheme",
            code="unknown_scheme",
        )
    async with runtime.uow() as uow:
        existing = await rates.find(uow.session, scheme, valid_from)
        if existing is not None:
            if existing.cents_per_hour == cents_per_hour:
                return existing, False
            raise Conflict(
                f"Für {scheme} ab {valid_from.strftime('%d.%m.%Y')} ist bereits ein Satz "
                f"von {existing.cents_per_hour} Cent/Stunde festgelegt.",
                field="valid_from",
            )
        try:
            check_new_rate(valid_from, await rates.last_booked_work_date(uow.session, scheme))
        except RateNotAllowed as exc:
            raise DomainError(str(exc), field="valid_from", code="rate_not_allowed") from exc
        row = await rates.add(uow.session, scheme, valid_from, cents_per_hour, principal.subject)
        await uow.commit()
    return row, True
