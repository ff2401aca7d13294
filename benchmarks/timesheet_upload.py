"""Benchmark: a provider's monthly sheet of 10,000 rows uploaded to a real placement app.

Runs the placement app in-process on a fresh SQLite file (every rule and the outbox as in
production; Kafka is not needed because the relay is not started), creates one provider with
`--rows / 100` started placements and uploads one Windows-1252 CSV sheet with `--rows` rows:
once synchronously (one transaction) and once as a background import (?async=true, chunks
of 1000 rows with progress) for a second provider. Prints seconds and rows per second;
asserts nothing about time.

    uv run python benchmarks/timesheet_upload.py --rows 10000
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from chassis.store.migrations import upgrade
from placement import clock
from placement.app import MIGRATIONS, build
from placement.settings import Settings

KEY = "03459004"
SITE = {"street": "Am Bauhof 1", "postal_code": "49186", "city": "Bad Iburg"}


async def _post(client: httpx.AsyncClient, path: str, body: dict[str, Any] | None = None) -> Any:
    response = await client.post(path, json=body)
    response.raise_for_status()
    return response.json()


async def _sheet(client: httpx.AsyncClient, rows: int) -> tuple[str, bytes]:
    """A provider with rows/100 started placements, and a sheet of `rows` rows for them."""
    days = 100
    first = clock.today() - timedelta(days=days + 10)
    provider = await _post(
        client, "/providers", {"name": "Bench-Träger", "kind": "municipal", "municipality_key": KEY}
    )
    await _post(client, f"/providers/{provider['id']}/approve")
    count = -(-rows // days)
    offer = await _post(
        client,
        "/opportunities",
        {
            "provider_id": provider["id"],
            "title": "Grünpflege",
            "category": "green_space_care",
            "municipality_key": KEY,
            "places": count,
            "hours_per_week": "20",
            "legal_bases": ["asylblg_5"],
            "start_date": str(first),
            "site_address": SITE,
            "reporting_instructions": "Am ersten Tag um 8 Uhr am Bauhof melden.",
        },
    )
    await _post(client, f"/opportunities/{offer['id']}/publish")
    ids = []
    for i in range(count):
        person = await _post(
            client,
            "/participants",
            {
                "given_name": "Bench",
                "family_name": f"Person {i}",
                "municipality_key": KEY,
                "legal_basis": "asylblg_5",
            },
        )
        proposed = await _post(
            client,
            "/placements",
            {
                "participant_id": person["id"],
                "opportunity_id": offer["id"],
                "start_date": str(first),
            },
        )
        await _post(client, f"/placements/{proposed['id']}/start")
        ids.append(proposed["id"])
    lines = ["Zuweisung;Datum;Stunden;Tätigkeit"]
    for d in range(days):
        day = first + timedelta(days=d)
        lines += [f"{pid};{day:%d.%m.%Y};2,5;Grünpflege" for pid in ids]
    return provider["id"], "\r\n".join(lines[: rows + 1]).encode("cp1252")


async def run(rows: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            database_url=f"sqlite+aiosqlite:///{Path(folder) / 'placement.db'}",
            kafka_bootstrap_servers="127.0.0.1:9",
            log_level="WARNING",
        )
        runtime, app = build(settings)
        await upgrade(runtime.database, MIGRATIONS)
        ctx = app.state.placement
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://p", timeout=600) as c:
            provider_id, data = await _sheet(c, rows)
            began = time.perf_counter()
            report = await _post_file(c, f"/providers/{provider_id}/timesheets", data)
            seconds = time.perf_counter() - began
            print(_line("synchronous", report["applied"], seconds))

            provider_id, data = await _sheet(c, rows)
            began = time.perf_counter()
            job = await _post_file(c, f"/providers/{provider_id}/timesheets?async=true", data)
            accepted = time.perf_counter() - began
            await asyncio.gather(*ctx.background)
            seconds = time.perf_counter() - began
            done = (await c.get(f"/timesheet-imports/{job['id']}")).json()
            print(_line("background import", done["applied"], seconds))
            print(f"  background import answered 202 after {accepted:.2f} s")
        await runtime.database.dispose()


async def _post_file(client: httpx.AsyncClient, path: str, data: bytes) -> Any:
    response = await client.post(path, files={"file": ("stunden.csv", data, "text/csv")})
    response.raise_for_status()
    return response.json()


def _line(what: str, applied: int, seconds: float) -> str:
    return (
        f"timesheet upload, {what} (SQLite): {applied} rows in {seconds:.2f} s, "
        f"{applied / seconds:,.0f} rows/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    asyncio.run(run(args.rows))


if __name__ == "__main__":
    main()
