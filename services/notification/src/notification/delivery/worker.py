"""The delivery loop: claim due notices, send them over one SMTP connection, record each.

Outcomes and their events: delivery/outcomes.py."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from gemeinwerk_contracts.events.notification import NoticeChannel, NoticeFailureReason

from chassis import UnitOfWork
from notification.delivery.doorbell import Doorbell
from notification.delivery.letters import collect_letter, document_for
from notification.delivery.mail import sender_address
from notification.delivery.outcomes import Outcomes
from notification.delivery.prepare import OutgoingMail, describe, mail_for
from notification.delivery.smtp import CONNECTION_ERRORS, Mailer, refused_permanently
from notification.domain.notices import Channel, channel_for, status_for
from notification.domain.rendering import RenderingError
from notification.letters.layout import Letterhead
from notification.metrics import NotificationMetrics
from notification.settings import Settings
from notification.store import deliveries

log = logging.getLogger(__name__)
BATCH_SIZE = 20
EMAIL = NoticeChannel.EMAIL
REFUSED = NoticeFailureReason.ADDRESS_REFUSED
RENDERING = NoticeFailureReason.RENDERING_FAILED


class DeliveryWorker:
    """Background task of every instance; claims keep instances from sending twice."""

    def __init__(
        self,
        new_uow: Callable[[], UnitOfWork],
        mailer: Mailer,
        settings: Settings,
        metrics: NotificationMetrics,
        doorbell: Doorbell,
    ) -> None:
        self._new_uow = new_uow
        self._mailer = mailer
        self._settings = settings
        self._metrics = metrics
        self._doorbell = doorbell
        self._letterhead = Letterhead(tuple(settings.letter_sender_lines))
        self._outcomes = Outcomes(new_uow, settings, metrics)
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Start the loop (a runtime.on_startup hook)."""
        self._task = asyncio.create_task(self._run(), name="notice-delivery")

    async def stop(self) -> None:
        """Stop the loop (a runtime.on_shutdown hook); an unrecorded send is resent later."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _run(self) -> None:
        while True:
            claimed = 0
            try:
                claimed = await self.deliver_due()
                await self.refresh_pending_gauge()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("delivery round failed")
            if claimed < BATCH_SIZE:
                await self._doorbell.wait(self._settings.delivery_poll_seconds)

    async def refresh_pending_gauge(self) -> None:
        """Set the pending gauge from the store."""
        async with self._new_uow() as uow:
            self._metrics.pending(await deliveries.count_pending(uow.session))

    async def deliver_due(self) -> int:
        """One round: claim due notices and try each once; returns how many were claimed."""
        token = str(uuid.uuid4())
        now = datetime.now(UTC)
        seconds = self._settings.delivery_lease_seconds
        lease = timedelta(seconds=seconds or self._settings.smtp_timeout * (BATCH_SIZE + 2))
        async with self._new_uow() as uow:
            claimed = await deliveries.claim_due(uow.session, token, now, now + lease, BATCH_SIZE)
            await uow.commit()
        outgoing: list[OutgoingMail] = []
        for notice in claimed:
            channel = channel_for(notice.recipient)
            if channel is None or notice.participant is None:
                status = status_for(notice.recipient, notice.participant is not None)
                await self._outcomes.back_to(status, notice, token)
                continue
            try:
                document = await document_for(self._new_uow, notice, self._letterhead, now)
            except RenderingError as exc:  # a broken template stays broken: final
                log.error("notice %s cannot be rendered: %s", notice.id, describe(exc))
                await self._outcomes.failed(
                    notice, token, describe(exc), NoticeChannel(channel), permanent=RENDERING
                )
                continue
            except Exception as exc:  # e.g. the PDF library: fails this attempt only
                log.error("notice %s cannot be rendered: %s", notice.id, describe(exc))
                await self._outcomes.failed(
                    notice, token, describe(exc), NoticeChannel(channel), exhausted=RENDERING
                )
                continue
            if channel is Channel.LETTER:
                await collect_letter(self._new_uow, notice, document, token)
            else:
                outgoing.append(mail_for(notice, document, self._settings.smtp_sender, now))
        if outgoing:
            await self._send_all(outgoing, token)
        return len(claimed)

    async def _before_send(self, mail: OutgoingMail, token: str) -> bool:
        """The pre-send record, committed before the SMTP transaction begins.

        A notice found with this record but no outcome was being sent when its process died:
        the relay may or may not have the mail. It is sent again with the same Message-ID
        (at least once; a duplicate is recognisable), counted in `uncertain_sends`.
        """
        notice = mail.notice
        if notice.in_doubt:
            log.warning(
                "notice %s: an earlier send was interrupted after it began; sending again "
                "with the same Message-ID %s",
                notice.id,
                mail.message["Message-ID"],
            )
        async with self._new_uow() as uow:
            marked = await deliveries.mark_send_started(
                uow.session, notice.id, token, datetime.now(UTC), notice.in_doubt
            )
            await uow.commit()
        return marked

    async def _send_all(self, outgoing: list[OutgoingMail], token: str) -> None:
        sender = sender_address(self._settings.smtp_sender)
        remaining = list(outgoing)
        try:
            async with self._mailer.connect() as connection:
                while remaining:
                    mail = remaining[0]
                    if not await self._before_send(mail, token):
                        remaining.pop(0)  # the claim was lost: another round has it
                        continue
                    try:
                        response = await connection.send(mail.message, sender, mail.recipient_email)
                    except CONNECTION_ERRORS:
                        raise
                    except Exception as exc:  # the relay refused this one message
                        remaining.pop(0)
                        refused = REFUSED if refused_permanently(exc) else None
                        await self._outcomes.failed(
                            mail.notice, token, describe(exc), EMAIL, permanent=refused
                        )
                        continue
                    remaining.pop(0)
                    await self._outcomes.sent(mail, response)
        except Exception as exc:
            log.warning("SMTP relay unavailable: %s", describe(exc))
            for mail in remaining:
                await self._outcomes.failed(mail.notice, token, describe(exc), EMAIL)
