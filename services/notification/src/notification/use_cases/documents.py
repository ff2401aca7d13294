"""Staff download a notice's PDF, the day's letters for printing, and ask for resends."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

from chassis.auth import Principal, Role

from chassis import Conflict, Forbidden, NotFound, ServiceRuntime
from notification.letters.pdf import combine
from notification.store.documents import NoticeDocument, get_document, letters_of_day
from notification.store.notices import NoticeRecord, find_notice
from notification.store.resends import request_resend
from notification.use_cases.read_notices import READERS

RESENDERS = frozenset({Role.CASE_WORKER, Role.COORDINATOR})
"""Who may send a notice again (controllers only read)."""


async def notice_pdf(
    runtime: ServiceRuntime, principal: Principal, notice_id: UUID
) -> NoticeDocument:
    """The stored PDF of a notice in the caller's scope."""
    if principal.role not in READERS:
        raise Forbidden("Ihre Rolle darf Benachrichtigungen nicht einsehen.")
    async with runtime.uow() as uow:
        notice = await find_notice(uow.session, str(notice_id))
        if notice is None or not principal.may_act_for(notice.municipality_key):
            raise NotFound("Benachrichtigung nicht gefunden.")
        document = await get_document(uow.session, str(notice_id))
    if document is None:
        raise NotFound("Zu dieser Benachrichtigung gibt es noch kein PDF.")
    return document


async def letters_for_printing(runtime: ServiceRuntime, principal: Principal, day: date) -> bytes:
    """All letters collected on `day` (caller's municipality) as one PDF."""
    if principal.role not in RESENDERS:
        raise Forbidden("Ihre Rolle darf Briefe nicht drucken.")
    scope = None if principal.scope == "*" else [principal.scope]
    async with runtime.uow() as uow:
        pdfs = await letters_of_day(uow.session, day, scope)
    if not pdfs:
        raise NotFound(f"Für den {day.strftime('%d.%m.%Y')} liegen keine Briefe vor.")
    return combine(pdfs)


async def resend_notice(
    runtime: ServiceRuntime, principal: Principal, notice_id: UUID
) -> NoticeRecord:
    """Queue a new delivery of a delivered notice (the same PDF); recorded with the caller."""
    if principal.role not in RESENDERS:
        raise Forbidden("Ihre Rolle darf Benachrichtigungen nicht erneut versenden.")
    async with runtime.uow() as uow:
        notice = await find_notice(uow.session, str(notice_id))
        if notice is None or not principal.may_act_for(notice.municipality_key):
            raise NotFound("Benachrichtigung nicht gefunden.")
        at = datetime.now(UTC)
        sequence = await request_resend(
            uow.session, notice.id, principal.subject, principal.role.value, at
        )
        if sequence is None:
            raise Conflict(
                "Die Benachrichtigung ist noch nicht zugestellt; "
                "ein erneuter Versand ist erst danach möglich."
            )
        updated = await find_notice(uow.session, notice.id)
        await uow.commit()
    assert updated is not None
    return updated
