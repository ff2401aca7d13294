"""Timesheet imports in the background (?async=true): 202 with an import id, progress per
chunk, the same report as the synchronous upload."""

from __future__ import annotations

import asyncio
import sys
from datetime import timedelta
from pathlib import Path

from placement.store.tables import hours_entry_table
from placement.use_cases import timesheet_imports

sys.path.insert(0, str(Path(__file__).parent))
from placement_testkit import (
    START,
    TODAY,
    App,
    as_role,
    count,
    field_of,
    opportunity,
    participant,
    placement,
    provider,
)


async def _sheet(client: object, places: int = 3) -> tuple[str, list[str], bytes]:
    prov = await provider(client)  # type: ignore[arg-type]
    opp = await opportunity(client, prov["id"], places=places)  # type: ignore[arg-type]
    ids = []
    for i in range(places):
        person = await participant(client, given_name=f"P{i}")  # type: ignore[arg-type]
        ids.append((await placement(client, person["id"], opp["id"], START))["id"])  # type: ignore[arg-type]
    lines = ["Zuweisung;Datum;Stunden"]
    for pid in ids:
        for d in range(15):
            lines.append(f"{pid};{START + timedelta(days=d):%d.%m.%Y};2,5")
    lines.append(f"{ids[0]};{START:%d.%m.%Y};3")  # a different value for a day in the file
    lines.append(f"{ids[0]};kein Datum;2")
    return prov["id"], ids, "\n".join(lines).encode("cp1252")


async def test_async_import_reports_progress_and_the_same_result(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    provider_id, _, data = await _sheet(client)
    url = f"/providers/{provider_id}/timesheets"
    started = await client.post(f"{url}?async=true", content=data)
    assert started.status_code == 202, started.text
    job = started.json()
    assert job["status"] == "running" and job["rows_total"] == 47 and job["report"] is None
    await asyncio.gather(*ctx.background)
    done = (await client.get(f"/timesheet-imports/{job['id']}")).json()
    assert done["status"] == "done" and done["rows_done"] == 47
    assert done["applied"] == 45 and done["rejected"] == 2
    report = done["report"]
    assert report["rows"] == 47 and report["applied"] == 45 and report["rejected"] == 2
    assert [i["row"] for i in report["items"]] == [47, 48]
    assert done["finished_at"] is not None
    assert await count(ctx, hours_entry_table) == 45

    again = await client.post(url, content=data)  # synchronous: the same file adds nothing
    assert again.status_code == 200 and again.json()["applied"] == 0
    assert again.json()["already_recorded"] == 45


async def test_progress_is_committed_per_chunk(sqlite_app: App) -> None:
    """Small chunks: the progress row reflects every committed chunk, and a later chunk
    sees the entries earlier chunks stored ("bereits erfasst")."""
    ctx, client = sqlite_app
    provider_id, ids, data = await _sheet(client, places=2)
    lines = data.decode("cp1252").split("\n")
    lines.append(lines[1])  # a repeat of row 2, in the last chunk
    seen: list[tuple[int, int]] = []
    original = timesheet_imports.timesheet_imports.progress

    async def spy(session: object, import_id: str, rows_done: int, applied: int, rej: int) -> None:
        seen.append((rows_done, applied))
        await original(session, import_id, rows_done, applied, rej)  # type: ignore[arg-type]

    timesheet_imports.timesheet_imports.progress = spy  # type: ignore[assignment]
    try:
        job = await timesheet_imports.start_import(
            ctx, _coordinator(ctx), provider_id, "\n".join(lines).encode("cp1252"), chunk_rows=10
        )
        await asyncio.gather(*ctx.background)
    finally:
        timesheet_imports.timesheet_imports.progress = original  # type: ignore[assignment]
    assert [done for done, _ in seen] == [11, 21, 31, 33]  # 1 unreadable row first
    assert [applied for _, applied in seen] == [10, 20, 30, 30]
    done = (await client.get(f"/timesheet-imports/{job.id}")).json()
    items = {i["row"]: i for i in done["report"]["items"]}
    assert items[34]["status"] == "already_recorded"  # stored by the first chunk
    assert done["applied"] == 30 and ids


async def test_async_import_errors_and_access(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    provider_id, _, data = await _sheet(client, places=1)
    url = f"/providers/{provider_id}/timesheets?async=true"
    broken = await client.post(url, content=b"Name;Datum\n")
    assert broken.status_code == 422 and field_of(broken) == ["body", "file"]
    ghost = await client.get("/timesheet-imports/00000000-0000-4000-8000-000000000000")
    assert ghost.status_code == 404
    staff = as_role(ctx, "provider_staff", provider_id)
    job = await client.post(url, content=data, headers=staff)
    assert job.status_code == 202
    await asyncio.gather(*ctx.background)
    other = as_role(ctx, "provider_staff", "00000000-0000-4000-8000-000000000003")
    status_url = f"/timesheet-imports/{job.json()['id']}"
    assert (await client.get(status_url, headers=other)).status_code == 403
    assert (await client.get(status_url, headers=staff)).json()["status"] == "done"
    assert TODAY >= START


def _coordinator(ctx: object) -> object:
    from chassis.auth import Principal, Role

    return Principal(subject="coordinator-1", role=Role("coordinator"), scope="*")
