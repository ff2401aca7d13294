"""`python -m placement.demo [--url http://127.0.0.1:8001] [--participants 300] [--months 3]`

Fills a running placement service (e.g. from `make up`) with the synthetic demo district.
"""

from __future__ import annotations

import argparse
import asyncio

import httpx

from placement import clock
from placement.demo.seed import seed


def main() -> None:
    parser = argparse.ArgumentParser(description="Synthetischer Demo-Landkreis (Osnabrück-Zahlen)")
    parser.add_argument("--url", default="http://127.0.0.1:8001", help="placement service")
    parser.add_argument("--participants", type=int, default=330)
    parser.add_argument("--months", type=int, default=3)
    parser.add_argument("--token", default=None, help="Bearer token of a coordinator")
    args = parser.parse_args()
    headers = {"Authorization": f"Bearer {args.token}"} if args.token else {}

    async def run() -> None:
        async with httpx.AsyncClient(base_url=args.url, headers=headers, timeout=120) as client:
            made = await seed(
                client, today=clock.today(), participants=args.participants, months=args.months
            )
        for what, count in sorted(made.items()):
            print(f"{what}: {count}")

    asyncio.run(run())


if __name__ == "__main__":
    main()
