"""schemathesis against a service's OpenAPI document, in-process and without Kafka.

The app runs on a migrated SQLite file; its lifespan is refused, so the runtime (relay,
consumers) never starts. /readyz (503 by design without a broker) and /metrics are left out.
Requests carry a district coordinator's token: a generated Authorization header would only
ever get 401 and never reach the use cases.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import schemathesis
from chassis.auth import Principal, Role, issue_dev_token
from chassis.store.migrations import upgrade
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from chassis import ServiceRuntime, ServiceSettings

FUZZ_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
"""Bounded and repeatable: 25 examples per operation from a fixed seed."""


class FuzzTarget:
    """A service app ready for schemathesis, and the token its requests carry."""

    def __init__(
        self,
        service: str,
        build: Callable[[Any], tuple[ServiceRuntime, Any]],
        settings_class: type[ServiceSettings],
        migrations: Path,
        prepare: Callable[[ServiceRuntime], Awaitable[None]] | None = None,
    ) -> None:
        folder = Path(tempfile.mkdtemp(prefix=f"{service}-fuzz-"))
        self.runtime, self.app = build(
            settings_class(
                database_url=f"sqlite+aiosqlite:///{folder / f'{service}.db'}",
                kafka_bootstrap_servers="127.0.0.1:9",
            )
        )
        asyncio.run(self._migrate(migrations, prepare))
        self.token = issue_dev_token(
            Principal(subject="fuzz", role=Role.COORDINATOR),
            self.runtime.settings.auth_dev_secret.get_secret_value(),
        )
        self.schema = schemathesis.openapi.from_asgi(
            "/openapi.json", self._without_lifespan
        ).exclude(path_regex=r"^/(metrics|readyz)$")

    async def _migrate(
        self, migrations: Path, prepare: Callable[[ServiceRuntime], Awaitable[None]] | None
    ) -> None:
        await upgrade(self.runtime.database, migrations)
        if prepare is not None:
            await prepare(self.runtime)
        await self.runtime.database.dispose()  # connections reopen on schemathesis' loop

    async def _without_lifespan(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            raise RuntimeError("lifespan not supported in the fuzz test")
        await self.app(scope, receive, send)

    def check(self, case: schemathesis.Case) -> None:
        """Call one generated case as a coordinator; fail on any 5xx."""
        case.headers["Authorization"] = f"Bearer {self.token}"
        case.call_and_validate(checks=[not_a_server_error])
