"""`python -m reporting.rebuild`: rebuild the reporting store from the log.

    python -m reporting.rebuild --database-url URL --bootstrap-servers HOST:PORT
        [--compare-with URL] [--until-group GROUP] [--reset] [--max-records N]

Creates or migrates the store at URL (it must be empty, or pass --reset), replays every topic
the live subscription reads (placement, allowance, notification) from its beginning up to
the end offsets at start (or up to the offsets GROUP committed),
prints progress in events per second on stderr and the figures on stdout. With
--compare-with it compares every figure with another reporting store. Exit codes: 0 done
(and identical), 1 figures differ, 2 the store is not empty or an argument is wrong.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence

from reporting.consumers.read_model import TOPICS
from reporting.rebuild.compare import compare_stores
from reporting.rebuild.log_reader import committed_offsets
from reporting.rebuild.printing import print_figures, print_progress, print_stats
from reporting.rebuild.replay import StoreNotEmpty, prepare_store, replay


def parser() -> argparse.ArgumentParser:
    """The command line of the rebuild."""
    cli = argparse.ArgumentParser(
        prog="python -m reporting.rebuild", description=__doc__.split("\n\n")[0]
    )
    cli.add_argument("--database-url", required=True, help="the store to rebuild (empty)")
    cli.add_argument("--bootstrap-servers", required=True, help="Kafka, HOST:PORT[,…]")
    cli.add_argument("--compare-with", metavar="URL", help="another reporting store to compare")
    cli.add_argument("--topic", action="append", dest="topics", help=argparse.SUPPRESS)
    cli.add_argument(
        "--until-group",
        metavar="GROUP",
        help="replay only up to the offsets this consumer group committed "
        "(e.g. gemeinwerk.reporting.read_model of a stopped instance)",
    )
    cli.add_argument("--reset", action="store_true", help="delete facts and inbox rows first")
    cli.add_argument("--max-records", type=int, default=1000, help="records per batch")
    cli.add_argument("--progress-seconds", type=float, default=2.0)
    return cli


async def run(argv: Sequence[str] | None = None) -> int:
    """The command, for use inside a running event loop; returns the exit code."""
    args = parser().parse_args(argv)
    from chassis.store import Database

    database = Database(args.database_url)
    try:
        try:
            await prepare_store(database, reset=args.reset)
        except StoreNotEmpty as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        topics = tuple(args.topics or TOPICS)
        until = None
        if args.until_group:
            until = await committed_offsets(args.bootstrap_servers, args.until_group, topics)
        stats = await replay(
            database,
            args.bootstrap_servers,
            topics=topics,
            until=until,
            max_records=args.max_records,
            on_progress=print_progress,
            progress_seconds=args.progress_seconds,
        )
        print_stats(stats)
        if not args.compare_with:
            await print_figures(database)
            return 0
        return await compare_stores(database, args.compare_with)
    finally:
        await database.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `python -m reporting.rebuild`."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    return asyncio.run(run(argv))


if __name__ == "__main__":
    sys.exit(main())
