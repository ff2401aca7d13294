"""Remind providers of running placements without logged hours.

A placement is silent when neither its start nor the latest logged work date lies within the
last `HOURS_REMINDER_DAYS` days. Each silent period gets at most one reminder: the notice's
subject is the placement plus the day the silence began, so a second check (or a second
instance) finds the notice and sends nothing; new hours start a new period.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime

from chassis import UnitOfWork
from notification.delivery.prepare import berlin_day
from notification.domain.notices import NoticeType, subject_of
from notification.store.activity import running
from notification.use_cases.open_notice import open_notice

log = logging.getLogger(__name__)


async def remind_silent_placements(
    new_uow: Callable[[], UnitOfWork], today: date, days: int, at: datetime | None = None
) -> int:
    """Open an hours reminder for every placement silent for `days` days; one transaction.

    Returns how many reminders were opened (0 when every silent period has its reminder).
    """
    at = at or datetime.now(UTC)
    opened = 0
    async with new_uow() as uow:
        for placement in await running(uow.session, today):
            since = max(placement.start_date, placement.last_work_date or placement.start_date)
            silent = (today - since).days
            if silent < days:
                continue
            facts = {
                "placement_id": placement.placement_id,
                "provider_id": placement.provider_id,
                "start_date": placement.start_date.isoformat(),
                "last_work_date": placement.last_work_date.isoformat()
                if placement.last_work_date
                else "",
                "silent_since": since.isoformat(),
                "days_silent": str(silent),
                "today": today.isoformat(),
            }
            if await open_notice(
                uow,
                NoticeType.HOURS_REMINDER,
                subject_of(placement.placement_id, since.isoformat()),
                placement.participant_ref,
                facts,
                f"hours-check:{today.isoformat()}",
                at,
                municipality_key=placement.municipality_key,
                addressee_id=placement.provider_id,
                placement_id=placement.placement_id,
            ):
                opened += 1
        await uow.commit()
    if opened:
        log.info("opened %d hours reminder(s) for %s", opened, today)
    return opened


class HoursReminderTask:
    """Background check every `interval` seconds (runtime.on_startup / on_shutdown)."""

    def __init__(
        self,
        new_uow: Callable[[], UnitOfWork],
        days: int,
        interval: float,
        after: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self._new_uow = new_uow
        self._days = days
        self._interval = interval
        self._after = after
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="hours-reminder")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _run(self) -> None:
        while True:
            try:
                today = berlin_day(datetime.now(UTC))
                opened = await remind_silent_placements(self._new_uow, today, self._days)
                if opened and self._after is not None:
                    await self._after()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("hours reminder check failed")
            await asyncio.sleep(self._interval)
