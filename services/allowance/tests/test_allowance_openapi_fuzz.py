"""Issue 3: schemathesis against the allowance OpenAPI document finds no 5xx response."""

from __future__ import annotations

import schemathesis
from allowance.app import MIGRATIONS, build, seed_rates
from allowance.settings import Settings
from devstack.openapi_fuzz import FUZZ_SETTINGS, FuzzTarget

target = FuzzTarget("allowance", build, Settings, MIGRATIONS, prepare=seed_rates)


@target.schema.parametrize()
@FUZZ_SETTINGS
def test_no_server_error(case: schemathesis.Case) -> None:
    target.check(case)
