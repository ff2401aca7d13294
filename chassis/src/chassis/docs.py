"""`python -m chassis.docs --out docs/asyncapi placement allowance …`: AsyncAPI per service.

Each service's `app.build()` composes its runtime without starting it; FastStream turns the
runtime's subscribers and publishers (with the contracts' pydantic models) into the document.
"""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path


def write_asyncapi(service: str, out: Path) -> Path:
    """Write the AsyncAPI 3.0 YAML of one service; returns the file written."""
    app_module = importlib.import_module(f"{service}.app")
    runtime, _app = app_module.build()
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{service}.asyncapi.yaml"
    target.write_text(runtime.asyncapi().to_yaml(), encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("services", nargs="+")
    parser.add_argument("--out", type=Path, default=Path("docs/asyncapi"))
    args = parser.parse_args(argv)
    for service in args.services:
        print(f"wrote {write_asyncapi(service, args.out)}")


if __name__ == "__main__":
    main()
