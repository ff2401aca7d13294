"""Tests that render PDFs need WeasyPrint's native libraries; without them they skip, loudly."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import pytest
from devstack.infra import provide_kafka

PDF_MODULES = {
    "test_notification_pdf",
    "test_notification_letters",
    "test_notification_integration",
}
PDF_FIXTURES = {"worker", "service"}
"""Every delivery renders the PDF letter, so the delivery tests need WeasyPrint too."""


@cache
def weasyprint_problem() -> str | None:
    """Why WeasyPrint cannot render here, or None when it can."""
    try:
        from weasyprint import HTML

        HTML(string="<p>x</p>").write_pdf()
    except (ImportError, OSError) as exc:
        return (
            f"WeasyPrint cannot load its native libraries ({exc}); install the Debian "
            "packages libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core "
            "fonts-noto-core"
        )
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    problem = weasyprint_problem()
    if problem is None:
        return
    skip = pytest.mark.skip(reason=problem)
    for item in items:
        owner = getattr(item, "module", None)
        module = owner.__name__.rsplit(".", 1)[-1] if owner is not None else ""
        if module in PDF_MODULES or PDF_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(skip)


@pytest.fixture(scope="module")
def kafka_bootstrap_servers() -> Iterator[str]:
    """A broker of this module's own, instead of the session's shared one.

    The service consumes its topics from the beginning and renders a PDF for every notice, so
    other tests' thousands of placement events on a shared broker would make these tests wait
    on work that is not theirs (and, in an unlucky test order, time out)."""
    with provide_kafka() as servers:
        yield servers
