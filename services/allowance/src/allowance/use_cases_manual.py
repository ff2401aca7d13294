"""Manual lines (proven higher necessary expenses): enter, approve (four eyes), read."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

from chassis.auth import Principal

from allowance.domain.access import WHOLE_DISTRICT, may_administer
from allowance.domain.manual import (
    FourEyesViolation,
    ManualRefused,
    ManualRequest,
    check_four_eyes,
    check_request,
    manual_line,
)
from allowance.store import manual as store
from allowance.store.adjustments import add_adjustment
from allowance.store.ledger import placements_by_id
from chassis import Conflict, DomainError, Forbidden, NotFound, ServiceRuntime


def _may_enter(principal: Principal, municipality_key: str) -> bool:
    if principal.role.value not in ("coordinator", "case_worker"):
        return False
    return principal.scope in (WHOLE_DISTRICT, municipality_key)


async def enter(
    runtime: ServiceRuntime,
    principal: Principal,
    placement_id: str,
    expense_date: date,
    amount_cents: int,
    receipt_reference: str,
    description: str,
) -> ManualRequest:
    """Enter a manual line; it counts only once another person approved it."""
    async with runtime.uow() as uow:
        placement = (await placements_by_id(uow.session, [placement_id])).get(placement_id)
        if placement is None or not _may_enter(principal, placement.municipality_key):
            if principal.role.value not in ("coordinator", "case_worker"):
                raise Forbidden("Keine Berechtigung, Aufwendungen zu erfassen.")
            raise DomainError("Unbekannte Maßnahme.", field="placement_id", code="unknown")
        try:
            check_request(placement, amount_cents, receipt_reference)
        except ManualRefused as exc:
            raise DomainError(str(exc), field=exc.field) from exc
        request = ManualRequest(
            request_id=str(uuid.uuid4()),
            placement_id=placement_id,
            participant_ref=placement.participant_ref,
            expense_date=expense_date,
            amount_cents=amount_cents,
            receipt_reference=receipt_reference.strip(),
            description=description,
            status="requested",
            requested_by=principal.subject,
        )
        await store.add(uow.session, request)
        await uow.commit()
    return request


async def approve(runtime: ServiceRuntime, principal: Principal, request_id: str) -> ManualRequest:
    """Approve a manual line (by a district coordinator other than the one who entered it);
    the line then counts in the ledger of the expense month."""
    if not may_administer(principal.role.value, principal.scope):
        raise Forbidden("Nur die Koordination des Landkreises darf Aufwendungen freigeben.")
    async with runtime.uow() as uow:
        request = await store.get(uow.session, request_id, lock=True)
        if request is None:
            raise NotFound("Unbekannte Erfassung.", field="request_id")
        try:
            check_four_eyes(request.requested_by, principal.subject)
        except FourEyesViolation as exc:
            raise Forbidden(str(exc)) from exc
        if request.status != "requested" or not await store.approve(
            uow.session, request_id, principal.subject
        ):
            raise Conflict("Diese Erfassung ist bereits freigegeben.", code="already_approved")
        placement = (await placements_by_id(uow.session, [request.placement_id]))[
            request.placement_id
        ]
        await add_adjustment(
            uow.session,
            manual_line(request, placement),
            key=f"manual:{request_id}",
            kind="manual",
            source_id=request_id,
            reference=request.receipt_reference,
        )
        await uow.commit()
    return replace(request, status="approved", approved_by=principal.subject)


async def read(runtime: ServiceRuntime, principal: Principal, request_id: str) -> ManualRequest:
    """One manual line request (district coordinators and controllers)."""
    if principal.role.value not in ("coordinator", "controller"):
        raise Forbidden("Keine Berechtigung, Erfassungen einzusehen.")
    async with runtime.uow() as uow:
        request = await store.get(uow.session, request_id)
    if request is None:
        raise NotFound("Unbekannte Erfassung.", field="request_id")
    return request
