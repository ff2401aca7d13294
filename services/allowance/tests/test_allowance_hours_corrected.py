"""HoursCorrected through the chassis BatchProcessor, on SQLite and PostgreSQL: reversal +
new line, withdrawals, redeliveries under new event ids, rejections."""

from __future__ import annotations

import sys
import uuid
from datetime import date
from pathlib import Path

from allowance.domain.access import ReadScope
from allowance.store.queries import participant_month
from allowance.store.tables import adjustment_table
from sqlalchemy import func, select

from chassis import ServiceRuntime

sys.path.insert(0, str(Path(__file__).parent))
from helpers import corrected, hours, started
from test_allowance_hours_run import ev, process, runtime

__all__ = ["runtime"]

DAY = date(2026, 11, 2)


async def total(runtime: ServiceRuntime, participant_ref: uuid.UUID) -> tuple[int, int]:
    """(cents, minutes) of the participant in November 2026."""
    async with runtime.uow() as uow:
        sums = await participant_month(uow.session, str(participant_ref), "2026-11", ReadScope())
    return sums.total_cents, sums.worked_minutes


async def adjustments(runtime: ServiceRuntime) -> int:
    async with runtime.uow() as uow:
        return int(
            (
                await uow.session.execute(select(func.count()).select_from(adjustment_table))
            ).scalar_one()
        )


async def test_correct_withdraw_and_redeliver(runtime: ServiceRuntime) -> None:
    start = started(uuid.uuid4(), uuid.uuid4(), uuid.uuid4())
    entry = hours(start, DAY, 240)
    ref = start.participant_ref
    assert await process(runtime, ev(start), ev(entry)) == []
    assert await total(runtime, ref) == (320, 240)  # 80 ct/h

    fix = corrected(entry, 120)
    assert await process(runtime, ev(fix)) == []
    assert await total(runtime, ref) == (160, 120)
    assert await adjustments(runtime) == 2  # reversal + new line

    assert await process(runtime, ev(fix)) == []  # same correction, new event id
    assert await total(runtime, ref) == (160, 120)
    assert await adjustments(runtime) == 2

    withdrawal = corrected(entry, 0)
    assert await process(runtime, ev(withdrawal)) == []
    assert await total(runtime, ref) == (0, 0)
    assert await adjustments(runtime) == 3  # a reversal only

    # Late redeliveries of either correction change nothing (no resurrection).
    assert await process(runtime, ev(fix), ev(withdrawal)) == []
    assert await total(runtime, ref) == (0, 0)
    assert await adjustments(runtime) == 3


async def test_entry_and_correction_in_one_batch(runtime: ServiceRuntime) -> None:
    start = started(uuid.uuid4(), uuid.uuid4(), uuid.uuid4())
    entry = hours(start, DAY, 240)
    other = hours(start, date(2026, 11, 3), 60)
    fix = corrected(entry, 120)
    batch = [ev(start), ev(entry), ev(fix), ev(other), ev(fix)]
    assert await process(runtime, *batch) == []
    assert await total(runtime, start.participant_ref) == (160 + 80, 180)


async def test_unknown_or_contradicting_corrections_are_rejected(runtime: ServiceRuntime) -> None:
    start = started(uuid.uuid4(), uuid.uuid4(), uuid.uuid4())
    entry = hours(start, DAY, 240)
    assert await process(runtime, ev(start), ev(entry)) == []
    unknown = ev(corrected(hours(start, DAY, 60), 30))  # entry never logged
    wrong_day = ev(corrected(entry, 30).model_copy(update={"work_date": date(2026, 11, 3)}))
    good = ev(corrected(entry, 60))
    dead = await process(runtime, unknown, wrong_day, good)
    assert [d.split(":")[0] for d in dead] == [unknown[0].id, wrong_day[0].id]
    assert "unknown hours entry" in dead[0]
    assert "work date" in dead[1]
    assert await total(runtime, start.participant_ref) == (80, 60)
    assert await adjustments(runtime) == 2
