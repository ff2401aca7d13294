"""`make docs`: every service's AsyncAPI document names the channels it really uses."""

from __future__ import annotations

import pytest
import yaml
from chassis.docs import write_asyncapi

EXPECTED = {
    "placement": {
        "gemeinwerk.public.placement.v1",
        "gemeinwerk.internal.participant.v1",
        "gemeinwerk.internal.placement.v1",
        "gemeinwerk.public.notification.v1",
    },
    "allowance": {"gemeinwerk.public.placement.v1", "gemeinwerk.public.allowance.v1"},
    "notification": {
        "gemeinwerk.public.placement.v1",
        "gemeinwerk.internal.participant.v1",
        "gemeinwerk.internal.placement.v1",
        "gemeinwerk.public.allowance.v1",
        "gemeinwerk.public.notification.v1",
    },
    "reporting": {
        "gemeinwerk.public.placement.v1",
        "gemeinwerk.public.allowance.v1",
        "gemeinwerk.public.notification.v1",
    },
}


@pytest.mark.parametrize("service", sorted(EXPECTED))
def test_asyncapi_document_lists_the_topics(service: str, tmp_path) -> None:
    document = yaml.safe_load(write_asyncapi(service, tmp_path).read_text(encoding="utf-8"))
    assert document["asyncapi"].startswith("3.")
    addresses = {channel["address"] for channel in document["channels"].values()}
    assert addresses == EXPECTED[service]
    assert document["components"]["schemas"], "the event models are documented"
