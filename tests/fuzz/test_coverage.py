"""The fuzz tests in `make test` try at least 10,000 inputs together (issue #19)."""

from __future__ import annotations

from tests.fuzz import test_photo_reader, test_web_chat, test_webhooks


def test_the_fuzz_tests_try_ten_thousand_inputs_together() -> None:
    web = test_web_chat.GARBAGE + 2 * test_web_chat.MESSAGES + test_web_chat.PHOTOS  # messages: SQLite and PostgreSQL
    webhooks = 3 * (test_webhooks.GARBAGE + test_webhooks.MESSAGES)  # Telegram, WhatsApp, Wazzup
    assert web + webhooks + test_photo_reader.IMAGES >= 10_000
