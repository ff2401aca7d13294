"""Record the outcome of one delivery attempt and publish its event in the same transaction.

Every recording is guarded (claim token, status, delivery sequence), so a round that lost its
claim records nothing and publishes nothing: one event per outcome.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from gemeinwerk_contracts.events.notification import NoticeChannel, NoticeFailureReason

from chassis import UnitOfWork
from notification import events
from notification.delivery.prepare import OutgoingMail
from notification.domain.notices import NoticeStatus, next_attempt_at
from notification.metrics import NotificationMetrics
from notification.settings import Settings
from notification.store import deliveries
from notification.store.deliveries import ClaimedNotice
from notification.store.failures import record_final_failure, report_no_channel
from notification.store.resends import record_delivery

log = logging.getLogger(__name__)


class Outcomes:
    """Writes outcomes (state + outbox) for the delivery worker."""

    def __init__(
        self,
        new_uow: Callable[[], UnitOfWork],
        settings: Settings,
        metrics: NotificationMetrics,
    ) -> None:
        self._new_uow = new_uow
        self._settings = settings
        self._metrics = metrics

    async def sent(self, mail: OutgoingMail, response: str) -> None:
        """The relay accepted the e-mail: `sent`, delivery noted, NoticeDelivered (email)."""
        notice = mail.notice
        now = datetime.now(UTC)
        async with self._new_uow() as uow:
            first = await deliveries.record_sent(
                uow.session,
                notice.id,
                notice.resends,
                now,
                channel="email",
                language=mail.language,
                recipient_email=mail.recipient_email,
                smtp_message_id=mail.message["Message-ID"],
                smtp_response=response[:2000],
            )
            if first and await record_delivery(
                uow.session,
                notice.id,
                notice.resends,
                now,
                channel="email",
                recipient_email=mail.recipient_email,
                message_id=mail.message["Message-ID"],
            ):
                uow.publish(events.delivered(notice.ref, NoticeChannel.EMAIL, notice.resends, now))
            await uow.commit()
        if first:
            self._metrics.sent(notice.notice_type)
        log.info("notice %s sent (attempt %d)", notice.id, notice.attempts + 1)

    async def failed(
        self,
        notice: ClaimedNotice,
        token: str,
        error: str,
        channel: NoticeChannel,
        *,
        permanent: NoticeFailureReason | None = None,
        exhausted: NoticeFailureReason = NoticeFailureReason.RETRIES_EXHAUSTED,
    ) -> None:
        """An attempt failed: retried with backoff, or — when `permanent` or it was the last
        of DELIVERY_MAX_ATTEMPTS — final: `failed` and NoticeFailed."""
        now = datetime.now(UTC)
        attempt = notice.failed_attempts + 1
        reason = permanent
        if reason is None and attempt >= self._settings.delivery_max_attempts:
            reason = exhausted
        async with self._new_uow() as uow:
            if reason is None:
                base = self._settings.delivery_poll_seconds
                retry_at = next_attempt_at(attempt, base, now)
                await deliveries.record_failure(uow.session, notice.id, token, now, error, retry_at)
            elif await record_final_failure(uow.session, notice.id, token, now, error, reason):
                attempts = notice.attempts + 1
                uow.publish(events.failed(notice.ref, channel, attempts, reason, now))
            await uow.commit()
        self._metrics.failed(notice.notice_type)
        if reason is None:
            log.warning("notice %s not delivered (attempt %d): %s", notice.id, attempt, error)
        else:
            log.error(
                "notice %s failed for good (%s, attempt %d): %s", notice.id, reason, attempt, error
            )

    async def back_to(self, status: NoticeStatus, notice: ClaimedNotice, token: str) -> None:
        """The recipient has no channel (any more): back to waiting/no_channel; a notice
        without any channel is reported (NoticeFailed no_channel) once."""
        now = datetime.now(UTC)
        async with self._new_uow() as uow:
            await deliveries.record_status(uow.session, notice.id, token, status, now)
            for ref, attempts in await report_no_channel(uow.session, now, notice_id=notice.id):
                uow.publish(events.no_channel(ref, attempts, now))
            await uow.commit()
        log.info("notice %s cannot be delivered now: %s", notice.id, status)
