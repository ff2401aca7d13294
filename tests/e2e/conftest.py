"""Fixtures of the end-to-end and fault tests: all four services as separate processes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from devstack.infra import provide_kafka


@pytest.fixture(scope="module")
def e2e_kafka() -> Iterator[str]:
    """A broker of its own, so that the figures of this module are not mixed with others'."""
    with provide_kafka() as servers:
        yield servers
