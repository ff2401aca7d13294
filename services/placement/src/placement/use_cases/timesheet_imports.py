"""Timesheet imports in the background (POST /providers/{id}/timesheets?async=true): the
request answers 202 with an import id at once; the rows are applied in chunks, each chunk in
one transaction together with the progress (`rows_done`, `applied`, `rejected`), so
GET /timesheet-imports/{id} shows how far it got. The rules are those of the synchronous
upload; only the all-or-nothing unit is the chunk instead of the file."""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import asdict
from datetime import date

from chassis.auth import Principal

from chassis import NotFound, UnitOfWork
from placement import clock
from placement.context import PlacementContext
from placement.domain.access import Action
from placement.domain.timesheet import SheetRow
from placement.store import timesheet_imports
from placement.store.timesheet_imports import TimesheetImport
from placement.use_cases.common import authorize
from placement.use_cases.timesheets import SheetReport, _provider, apply_rows, read_sheet

CHUNK_ROWS = 1000
log = logging.getLogger(__name__)


async def start_import(
    ctx: PlacementContext,
    principal: Principal,
    provider_id: str,
    data: bytes,
    chunk_rows: int = CHUNK_ROWS,
) -> TimesheetImport:
    """Check the file (422 at once when unreadable), record a running import and apply the
    rows in the background."""
    rows, report = read_sheet(data)
    import_id = str(uuid.uuid4())
    async with ctx.uow() as uow:
        provider = await _provider(uow, principal, provider_id)
        await timesheet_imports.add(
            uow.session, import_id, provider.id, report.rows, clock.now(), principal.subject
        )
        await uow.commit()
        found = await timesheet_imports.get(uow.session, import_id)
    assert found is not None
    task = asyncio.create_task(
        _run(ctx, principal, import_id, provider.id, rows, report, chunk_rows),
        name=f"timesheet-import-{import_id}",
    )
    ctx.background.add(task)
    task.add_done_callback(ctx.background.discard)
    return found


async def get_import(
    ctx: PlacementContext, principal: Principal, import_id: str
) -> TimesheetImport:
    """An import with its progress (404 unknown; provider staff see their own only)."""
    async with ctx.uow() as uow:
        found = await timesheet_imports.get(uow.session, import_id)
    if found is None:
        raise NotFound("Der Import ist nicht bekannt.")
    authorize(principal, Action.LOG_HOURS, [found.provider_id])
    return found


async def _run(
    ctx: PlacementContext,
    principal: Principal,
    import_id: str,
    provider_id: str,
    rows: list[SheetRow],
    report: SheetReport,
    chunk_rows: int,
) -> None:
    done = report.rows - len(rows)  # rows that could not be read are done already
    seen: dict[tuple[str, date], SheetRow] = {}
    try:
        for start in range(0, len(rows), chunk_rows):
            chunk = rows[start : start + chunk_rows]
            done += len(chunk)

            async def progress(uow: UnitOfWork, applying: int, rows_done: int = done) -> None:
                await timesheet_imports.progress(
                    uow.session, import_id, rows_done, report.applied + applying, report.rejected
                )

            async with ctx.uow() as uow:
                await apply_rows(
                    ctx,
                    uow,
                    principal,
                    provider_id,
                    chunk,
                    report,
                    seen,
                    progress,  # type: ignore[arg-type]
                )
        report.items.sort(key=lambda item: item.row)
        await _finish(ctx, import_id, "done", report)
        ctx.metrics.timesheet_imports.labels("done").inc()
    except Exception:
        log.exception("timesheet import %s failed", import_id)
        report.add(0, None, "error", "Der Import wurde wegen eines internen Fehlers abgebrochen.")
        await _finish(ctx, import_id, "failed", report)
        ctx.metrics.timesheet_imports.labels("failed").inc()


async def _finish(ctx: PlacementContext, import_id: str, status: str, report: SheetReport) -> None:
    body = {
        "rows": report.rows,
        "applied": report.applied,
        "already_recorded": report.already_recorded,
        "rejected": report.rejected,
        "items": [asdict(i) for i in report.items],
    }
    async with ctx.uow() as uow:
        await timesheet_imports.finish(
            uow.session,
            import_id,
            status,
            body,
            clock.now(),
            {"applied": report.applied, "rejected": report.rejected}
            | ({"rows_done": report.rows} if status == "done" else {}),
        )
        await uow.commit()
