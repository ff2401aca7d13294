"""Read use cases of the allowance ledger: one transaction each, scope checked first."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from chassis.auth import Principal

from allowance.domain.access import ReadDenied, ReadScope, read_scope
from allowance.domain.months import InvalidMonth, current_month, parse_month
from allowance.store import queries
from allowance.store.queries import KindedLine, ParticipantTotals, Totals
from chassis import DomainError, Forbidden, ServiceRuntime


def _scope(principal: Principal) -> ReadScope:
    try:
        return read_scope(principal.role.value, principal.scope)
    except ReadDenied as exc:
        raise Forbidden("Keine Berechtigung, Aufwandsentschädigungen einzusehen.") from exc


def month_arg(month: str | None) -> str:
    """The requested month, or the current one in Europe/Berlin; 422 when malformed."""
    if month is None:
        return current_month(datetime.now(UTC))
    try:
        return parse_month(month)
    except InvalidMonth as exc:
        raise DomainError(
            "Ungültiger Monat: bitte im Format JJJJ-MM angeben (z. B. 2026-11).",
            field="month",
            code="invalid_month",
        ) from exc


def participant_arg(participant_ref: str) -> str:
    """The participant reference in canonical UUID form; 422 when malformed."""
    try:
        return str(UUID(participant_ref))
    except ValueError as exc:
        raise DomainError(
            "Ungültige Teilnehmerreferenz: eine UUID wird erwartet.",
            field="participant_ref",
            code="invalid_participant_ref",
        ) from exc


async def participant_month(
    runtime: ServiceRuntime, principal: Principal, participant_ref: str, month: str
) -> Totals:
    """A participant's totals in a month; zeros when nothing is booked (or visible)."""
    scope = _scope(principal)
    async with runtime.uow() as uow:
        return await queries.participant_month(uow.session, participant_ref, month, scope)


async def participant_lines(
    runtime: ServiceRuntime, principal: Principal, participant_ref: str, month: str
) -> list[KindedLine]:
    """A participant's lines in a month (hours lines and adjustments)."""
    scope = _scope(principal)
    async with runtime.uow() as uow:
        return await queries.participant_lines(uow.session, participant_ref, month, scope)


async def month_totals(
    runtime: ServiceRuntime, principal: Principal, month: str, after: str | None, limit: int
) -> tuple[Totals, list[ParticipantTotals]]:
    """The month's sums and one page of per-participant totals."""
    scope = _scope(principal)
    async with runtime.uow() as uow:
        overall = await queries.month_sum(uow.session, month, scope)
        page = await queries.month_totals(uow.session, month, scope, after, limit)
    return overall, page
