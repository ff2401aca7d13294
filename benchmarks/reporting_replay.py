"""Benchmark: how fast reporting rebuilds its read model by replaying the topic.

Writes `--events` synthetic placement events to a fresh topic on a fresh broker, replays them
into an empty PostgreSQL store through the live subscription's code, and prints events/s.

    uv run python benchmarks/reporting_replay.py --events 50000
"""

from __future__ import annotations

import argparse
import asyncio
import uuid

from devstack.infra import provide_kafka, provide_postgres
from reporting.rebuild.bench import line, measure_replay


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=50_000)
    args = parser.parse_args()
    with provide_kafka() as servers, provide_postgres() as postgres:
        url = postgres.create_database(f"bench_rebuild_{uuid.uuid4().hex[:8]}")
        stats = asyncio.run(measure_replay(servers, url, args.events))
    print(line(stats))


if __name__ == "__main__":
    main()
