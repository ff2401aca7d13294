"""The demo district: runs in-process on SQLite at a small scale, through the API only."""

from __future__ import annotations

import sys
from pathlib import Path

from placement.demo.district import MUNICIPALITIES
from placement.demo.seed import seed
from placement.store.tables import hours_entry_table, opportunity_table

sys.path.insert(0, str(Path(__file__).parent))
from placement_testkit import TODAY, App, count


def test_21_municipal_units_with_unique_keys() -> None:
    assert len(MUNICIPALITIES) == 21
    assert len({m.key for m in MUNICIPALITIES}) == 21
    assert sum(m.confirmed for m in MUNICIPALITIES) == 7
    assert all(m.key.startswith("03459") and len(m.key) == 8 for m in MUNICIPALITIES)


async def test_demo_seed_at_small_scale(sqlite_app: App) -> None:
    ctx, client = sqlite_app
    made = await seed(client, today=TODAY, participants=40, months=2)
    assert made["opportunities"] == 66 and made["places"] == 300
    assert made["participants"] == 40 and made["placements"] > 10 and made["exemptions"] == 3
    assert made["proposals"] > made["placements"] and made["proposals_refused"] >= 1
    assert made["hours_entries"] > 100
    assert await count(ctx, opportunity_table) == 66
    assert await count(ctx, hours_entry_table) == made["hours_entries"]
