"""The service configured from the environment (TELEGRAM_BOT_TOKEN, TELEGRAM_API_BASE …) serves the bot
on a custom Bot API server: the settings `main.py run` reads, the app it serves (`create_app`) on a
loopback uvicorn, polling our fake server. The `run` process itself starts in test_web_chat_browser.py."""

from __future__ import annotations

import time

import httpx
import pytest

from bot.bootstrap import build
from bot.config import Settings
from bot.web.app import create_app
from tests.fakes.telegram_api import FakeTelegram
from tests.support.server import serve_app

pytestmark = pytest.mark.heavy  # seconds each: scheduled first (tests/conftest.py)


def test_the_service_answers_telegram_customers_through_a_custom_bot_api_server(
    sqlite_url: str, fake: FakeTelegram, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {
        "DATABASE_URL": sqlite_url,
        "TELEGRAM_BOT_TOKEN": "42:TEST",
        "TELEGRAM_API_BASE": fake.url,  # type: ignore[attr-defined]
        "TELEGRAM_DEBOUNCE_SECONDS": "0.05",
        "TELEGRAM_POLLING_TIMEOUT": "1",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    service = create_app(build(Settings(_env_file=None)))  # type: ignore[call-arg]
    with serve_app(service) as base:
        assert httpx.get(f"{base}/healthz").status_code == 200
        fake.push_text(1001, "Здравствуйте, нужен стартер на камри")
        deadline = time.monotonic() + 30
        while not fake.texts(1001) and time.monotonic() < deadline:
            time.sleep(0.05)
    [answer] = fake.texts(1001)
    assert "Виталий" in answer
