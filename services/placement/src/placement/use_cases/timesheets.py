"""Use case: a provider's monthly sheet (CSV) with a per-row report.

Valid rows are applied in one transaction; rows already recorded identically are reported
as "bereits erfasst" and skipped, so uploading the same file again adds nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date

from chassis.auth import Principal

from chassis import DomainError, NotFound, UnitOfWork
from placement import clock
from placement.context import PlacementContext
from placement.domain.access import Action
from placement.domain.hours import HoursRow, PlacementPeriod, check_batch
from placement.domain.hours_limits import hours_de, span
from placement.domain.models import Provider
from placement.domain.timesheet import FIELD_DE, SheetRow, SheetUnreadable, parse_sheet
from placement.domain.violations import de_date
from placement.store import hours, placements, providers
from placement.use_cases.common import authorize
from placement.use_cases.hours import apply_entries, count_entries
from placement.use_cases.policies import hours_schedule

MAX_SHEET_ROWS = 20_000
ERROR = "error"
ALREADY = "already_recorded"


@dataclass(frozen=True)
class ReportItem:
    row: int
    field: str | None
    status: str
    reason: str


@dataclass
class SheetReport:
    rows: int = 0
    applied: int = 0
    items: list[ReportItem] = field(default_factory=list)

    def add(self, row: int, column: str | None, status: str, reason: str) -> None:
        self.items.append(ReportItem(row, column, status, reason))

    @property
    def already_recorded(self) -> int:
        return sum(1 for i in self.items if i.status == ALREADY)

    @property
    def rejected(self) -> int:
        return len(self.items) - self.already_recorded


def read_sheet(data: bytes) -> tuple[list[SheetRow], SheetReport]:
    """Parse a sheet; the rows to apply and a report holding the unreadable rows.
    422 (`file`) when the file or its header is unreadable, or it has too many rows."""
    try:
        rows, problems = parse_sheet(data)
    except SheetUnreadable as exc:
        raise DomainError(str(exc), field="file", code="unreadable") from exc
    report = SheetReport(rows=len(rows) + len(problems))
    if report.rows > MAX_SHEET_ROWS:
        raise DomainError(
            f"Die Datei hat {report.rows} Zeilen; höchstens {MAX_SHEET_ROWS} sind möglich.",
            field="file",
            code="too_many_rows",
        )
    for problem in problems:
        report.add(problem.row, problem.field, ERROR, problem.reason)
    return rows, report


async def upload_timesheet(
    ctx: PlacementContext, principal: Principal, provider_id: str, data: bytes
) -> SheetReport:
    """Apply the valid rows of a provider's sheet in one transaction; report every other row
    in German."""
    rows, report = read_sheet(data)
    async with ctx.uow() as uow:
        provider = await _provider(uow, principal, provider_id)
        await apply_rows(ctx, uow, principal, provider.id, rows, report, {})
    report.items.sort(key=lambda item: item.row)
    return report


async def apply_rows(
    ctx: PlacementContext,
    uow: UnitOfWork,
    principal: Principal,
    provider_id: str,
    rows: list[SheetRow],
    report: SheetReport,
    seen: dict[tuple[str, date], SheetRow],
    before_commit: Callable[[UnitOfWork, int], Awaitable[None]] | None = None,
) -> None:
    """Check `rows` against the store and apply the valid ones, then commit. `seen` holds the
    rows of the same file applied before (for "bereits erfasst (Zeile n)");
    `before_commit(uow, applying)` runs in the same transaction, with the number of rows
    about to be applied (e.g. to record progress)."""
    ids = sorted({r.placement_id for r in rows})
    known = await placements.load_facts(uow.session, ids, for_update=True)
    own = {pid: f for pid, f in known.items() if f.provider_id == provider_id}
    rows = _own_rows(rows, own, report)
    good: list[HoursRow] = []
    if rows:
        first, last = span(min(r.work_date for r in rows), max(r.work_date for r in rows))
        logged = await hours.logged_days(uow.session, list(own), first, last)
        fresh = _fresh_rows(rows, logged, report, seen)
        hours_rows = [HoursRow(r.placement_id, r.work_date, r.worked_minutes) for r in fresh]
        periods = {
            pid: PlacementPeriod(
                f.placement.start_date, f.placement.end_date, started=f.placement.started
            )
            for pid, f in own.items()
        }
        limits = await hours_schedule(uow.session, ctx.settings)
        violations = check_batch(hours_rows, periods, logged, limits, clock.today())
        for v in violations:
            column = FIELD_DE.get(v.violation.field, v.violation.field)
            report.add(fresh[v.index].row, column, ERROR, v.violation.message)
        bad = {v.index for v in violations}
        good = [r for i, r in enumerate(hours_rows) if i not in bad]
    if before_commit is not None:
        await before_commit(uow, len(good))
    if good:
        entries = await apply_entries(uow, principal, good, own)
        report.applied += len(entries)
        count_entries(ctx, "sheet", entries)
    else:
        await uow.commit()


async def _provider(uow: UnitOfWork, principal: Principal, provider_id: str) -> Provider:
    provider = await providers.get(uow.session, provider_id)
    if provider is None:
        raise NotFound("Der Träger ist nicht bekannt.")
    authorize(principal, Action.LOG_HOURS, [provider.id])
    return provider


def _own_rows(rows: list[SheetRow], own: dict[str, object], report: SheetReport) -> list[SheetRow]:
    kept = []
    for r in rows:
        if r.placement_id in own:
            kept.append(r)
        else:
            reason = "Die Zuweisung ist bei diesem Träger nicht bekannt."
            report.add(r.row, "Zuweisung", ERROR, reason)
    return kept


def _fresh_rows(
    rows: list[SheetRow],
    logged: dict[str, dict[date, int]],
    report: SheetReport,
    seen: dict[tuple[str, date], SheetRow],
) -> list[SheetRow]:
    """Rows not yet recorded. Identical ones (stored with these current minutes, or earlier
    in the file) are "bereits erfasst"; different hours for a recorded (or withdrawn) day are
    an error (corrections are separate bookings)."""
    fresh: list[SheetRow] = []
    for r in rows:
        stored = logged.get(r.placement_id, {}).get(r.work_date)
        earlier = seen.get((r.placement_id, r.work_date))
        if stored is not None:
            if stored == r.worked_minutes:
                report.add(r.row, None, ALREADY, "bereits erfasst")
            elif stored == 0:
                report.add(
                    r.row,
                    "Stunden",
                    ERROR,
                    f"Der Eintrag für den {de_date(r.work_date)} wurde zurückgezogen; "
                    "eine erneute Erfassung ist eine Korrektur dieses Eintrags.",
                )
            else:
                report.add(
                    r.row,
                    "Stunden",
                    ERROR,
                    f"Für den {de_date(r.work_date)} sind bereits {hours_de(stored)} Stunden "
                    "erfasst; eine Korrektur ist eine eigene Buchung.",
                )
        elif earlier is not None:
            if earlier.worked_minutes == r.worked_minutes:
                report.add(r.row, None, ALREADY, f"bereits erfasst (Zeile {earlier.row})")
            else:
                report.add(
                    r.row,
                    "Datum",
                    ERROR,
                    f"Zeile {earlier.row} nennt dieselbe Zuweisung und denselben Tag mit "
                    "anderen Stunden.",
                )
        else:
            seen[(r.placement_id, r.work_date)] = r
            fresh.append(r)
    return fresh
