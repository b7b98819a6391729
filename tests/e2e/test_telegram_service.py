"""`python main.py run` with TELEGRAM_BOT_TOKEN and TELEGRAM_API_BASE serves the bot on the fake server."""

from __future__ import annotations

import time

from tests.support.server import run_service
from tests.support.telegram import fake_telegram


def test_the_service_answers_telegram_customers_through_a_custom_bot_api_server(sqlite_url: str) -> None:
    with fake_telegram() as fake:
        env = {"TELEGRAM_BOT_TOKEN": "42:TEST", "TELEGRAM_API_BASE": fake.url,  # type: ignore[attr-defined]
               "TELEGRAM_DEBOUNCE_SECONDS": "0.2", "TELEGRAM_POLLING_TIMEOUT": "1"}
        with run_service(sqlite_url, **env):
            fake.push_text(1001, "Здравствуйте, нужен стартер на камри")
            deadline = time.monotonic() + 30
            while not fake.texts(1001) and time.monotonic() < deadline:
                time.sleep(0.05)
    [answer] = fake.texts(1001)
    assert "Виталий" in answer
