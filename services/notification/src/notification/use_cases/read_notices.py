"""Staff read notices. They carry contact data (Sozialdaten): need-to-know only."""

from __future__ import annotations

from uuid import UUID

from chassis.auth import Principal, Role

from chassis import Forbidden, NotFound, ServiceRuntime
from notification.store.notices import NoticeRecord, find_notice, notices_of_participant
from notification.store.resends import DeliveryRecord, deliveries_of

READERS = frozenset({Role.CASE_WORKER, Role.COORDINATOR, Role.CONTROLLER})
"""Provider staff and other agencies never see participants' contact data here."""


def _check_role(principal: Principal) -> None:
    if principal.role not in READERS:
        raise Forbidden("Ihre Rolle darf Benachrichtigungen nicht einsehen.")


async def list_notices(
    runtime: ServiceRuntime, principal: Principal, participant_ref: UUID
) -> list[NoticeRecord]:
    """The participant's notices the caller may see (those of the caller's municipality)."""
    _check_role(principal)
    scope = None if principal.scope == "*" else [principal.scope]
    async with runtime.uow() as uow:
        return await notices_of_participant(uow.session, str(participant_ref), scope)


async def get_notice(
    runtime: ServiceRuntime, principal: Principal, notice_id: UUID
) -> tuple[NoticeRecord, list[DeliveryRecord]]:
    """One notice and its deliveries; outside the caller's scope it does not exist for them."""
    _check_role(principal)
    async with runtime.uow() as uow:
        notice = await find_notice(uow.session, str(notice_id))
        if notice is None or not principal.may_act_for(notice.municipality_key):
            raise NotFound("Benachrichtigung nicht gefunden.")
        return notice, await deliveries_of(uow.session, notice.id)
