"""Issue 3: schemathesis against the notification OpenAPI document finds no 5xx response."""

from __future__ import annotations

import schemathesis
from devstack.openapi_fuzz import FUZZ_SETTINGS, FuzzTarget
from notification.app import MIGRATIONS, build
from notification.settings import Settings

target = FuzzTarget("notification", build, Settings, MIGRATIONS)


@target.schema.parametrize()
@FUZZ_SETTINGS
def test_no_server_error(case: schemathesis.Case) -> None:
    target.check(case)
