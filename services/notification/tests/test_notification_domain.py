"""Unit tests of the notice rules: ids, statuses, retry delays."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from notification.domain.notices import (
    MAX_RETRY_DELAY,
    NoticeStatus,
    NoticeType,
    message_id,
    next_attempt_at,
    notice_id,
    retry_delay,
    status_for,
)
from notification.domain.recipients import Recipient
from notification.templates import load_wording

PLACEMENT = "0b6f8a4e-2c3d-4e5f-8a9b-1c2d3e4f5a6b"


def recipient(email: str | None) -> Recipient:
    return Recipient("ref", "Amal", "Haddad", "ar", email, None, "03459004", "asylblg_5")


def test_notice_id_is_derived_from_type_and_subject() -> None:
    first = notice_id(NoticeType.PLACEMENT_STARTED, PLACEMENT)
    assert first == notice_id(NoticeType.PLACEMENT_STARTED, PLACEMENT)
    assert first != notice_id(NoticeType.PLACEMENT_STARTED, "another-placement")


def test_message_id_is_derived_from_the_notice_id() -> None:
    assert message_id("abc", "kreis.example") == "<notice.abc@kreis.example>"


def test_status_follows_what_is_known_about_the_recipient() -> None:
    assert status_for(None) is NoticeStatus.WAITING_FOR_RECIPIENT
    assert status_for(recipient(None)) is NoticeStatus.NO_CHANNEL
    assert status_for(recipient("")) is NoticeStatus.NO_CHANNEL
    assert status_for(recipient("a@example.org")) is NoticeStatus.PENDING


def test_retry_delay_doubles_from_the_poll_interval_and_is_capped() -> None:
    assert retry_delay(1, 5) == timedelta(seconds=5)
    assert retry_delay(2, 5) == timedelta(seconds=10)
    assert retry_delay(4, 5) == timedelta(seconds=40)
    assert retry_delay(50, 5) == MAX_RETRY_DELAY
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert next_attempt_at(3, 1, now) == now + timedelta(seconds=4)


@pytest.mark.parametrize(
    ("cents", "german", "english"),
    [
        (0, "0,00 EUR", "0.00 EUR"),
        (5, "0,05 EUR", "0.05 EUR"),
        (-480, "-4,80 EUR", "-4.80 EUR"),
        (100000, "1.000,00 EUR", "1,000.00 EUR"),
        (123456789, "1.234.567,89 EUR", "1,234,567.89 EUR"),
    ],
)
def test_amounts_from_integer_cents_in_the_language_s_format(
    cents: int, german: str, english: str
) -> None:
    assert load_wording("de").format_money(cents) == german
    assert load_wording("en").format_money(cents) == english


def test_months_by_name() -> None:
    assert load_wording("de").format_month("2026-03") == "März 2026"
    assert load_wording("ru").format_month("2026-12") == "декабрь 2026"
