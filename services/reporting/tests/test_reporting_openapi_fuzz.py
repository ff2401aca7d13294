"""Issue 3: schemathesis against the reporting OpenAPI document finds no 5xx response.

The app runs in-process (ASGI) on a migrated SQLite file without Kafka: the lifespan is
hidden from schemathesis, so the runtime (relay, consumers) is never started. /readyz is
left out (it answers 503 by design while the broker is unreachable), /metrics as well.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

import schemathesis
from chassis.auth import Principal, Role, issue_dev_token
from chassis.store.migrations import upgrade
from hypothesis import HealthCheck, settings
from reporting.app import MIGRATIONS, build
from reporting.settings import Settings
from schemathesis.checks import not_a_server_error

_DIR = Path(tempfile.mkdtemp(prefix="reporting-fuzz-"))
runtime, app = build(
    Settings(
        database_url=f"sqlite+aiosqlite:///{_DIR / 'reporting.db'}",
        kafka_bootstrap_servers="127.0.0.1:9",
    )
)


async def _migrate() -> None:
    await upgrade(runtime.database, MIGRATIONS)
    await runtime.database.dispose()  # connections are opened again on schemathesis' loop


asyncio.run(_migrate())


async def without_lifespan(scope, receive, send) -> None:  # type: ignore[no-untyped-def]
    """The app, refusing the lifespan scope (no relay, no consumers, no Kafka)."""
    if scope["type"] == "lifespan":
        raise RuntimeError("lifespan not supported in the fuzz test")
    await app(scope, receive, send)


TOKEN = issue_dev_token(
    Principal(subject="fuzz", role=Role.COORDINATOR),
    runtime.settings.auth_dev_secret.get_secret_value(),
)
"""A district coordinator's token: a generated Authorization header would only ever get 401."""

schema = schemathesis.openapi.from_asgi("/openapi.json", without_lifespan).exclude(
    path_regex=r"^/(metrics|readyz)$"
)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error(case: schemathesis.Case) -> None:
    case.headers["Authorization"] = f"Bearer {TOKEN}"
    case.call_and_validate(checks=[not_a_server_error])
