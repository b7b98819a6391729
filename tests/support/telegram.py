"""The Telegram channel running for real against the fake Bot API server on loopback.

async def test_x(sqlite_url, fake, clock, tmp_path):       # `fake`: tests/conftest.py
    async with running_bot(sqlite_url, fake, clock, tmp_path) as app:
        fake.push_text(1001, "нужен стартер")
        [answer] = await fake_answers(fake, 1001, 1)
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import pytest

from bot.bootstrap import build
from bot.clock import Clock
from bot.config import Settings
from bot.runtime import Container
from tests.conftest import make_settings
from tests.fakes.telegram_api import FakeTelegram

TOKEN = "42:TEST"
DEBOUNCE = 0.1  # messages of one chat closer than this are one turn (production: 1.5 s)
BURST_DEBOUNCE = 0.3  # for the tests about bursts: room for a loaded machine between pushes and polls
ALBUM_WAIT = 0.8  # production waits 3 s of quiet after an album part; a test needs only "well over DEBOUNCE"
QUIET = 0.6  # how long a turn that should not come is given to come
T = TypeVar("T")


def bot_settings(db_url: str, fake: FakeTelegram, media: Path, **overrides: object) -> dict[str, object]:
    return {
        "telegram_bot_token": TOKEN,
        "telegram_api_base": fake.url,  # type: ignore[attr-defined]
        "telegram_debounce_seconds": DEBOUNCE,
        "telegram_polling_timeout": 1,
        "telegram_chat_interval_seconds": 0.0,
        "telegram_media_dir": media,
        "retention_enabled": False,
        **overrides,
    }


@contextlib.asynccontextmanager
async def running_bot(
    db_url: str, fake: FakeTelegram, clock: Clock, media: Path, *, background: bool = True, **overrides: object
) -> AsyncIterator[Container]:
    """build() with Telegram settings, the outbox worker and the channel's background task running."""
    container = build(make_settings(db_url, **bot_settings(db_url, fake, media, **overrides)), clock=clock)
    if not background:
        try:
            yield container
        finally:
            await container.close()
        return
    async with container.running(outbox_poll_seconds=0.05):
        yield container


async def eventually(check: Callable[[], T | Awaitable[T]], timeout: float = 10.0) -> T:
    """Poll until `check()` (sync or async) is truthy; fail with the last value otherwise."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        value: T = await result if inspect.isawaitable(result) else result  # type: ignore[assignment]
        if value or time.monotonic() > deadline:
            assert value, f"condition not met in {timeout} s: {value!r}"
            return value
        await asyncio.sleep(0.02)


async def fake_answers(fake: FakeTelegram, chat_id: int, count: int) -> list[str]:
    """Wait for the bot's `count`-th message to the chat; returns all its messages so far."""
    return await eventually(lambda: texts if len(texts := fake.texts(chat_id)) >= count else [])


async def quiet(seconds: float = QUIET) -> None:
    """Long enough for a gathered turn that should not come to have come."""
    await asyncio.sleep(seconds)


def short_album_wait(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """Settings overrides that make an album turn wait ALBUM_WAIT seconds instead of 3.

    Uses TELEGRAM_ALBUM_WAIT_SECONDS once the service reads it; until then the constant
    bot/channels/telegram/inbox.py ALBUM_WAIT is patched for this test."""
    if "TELEGRAM_ALBUM_WAIT_SECONDS" in Settings.env_names():
        return {"telegram_album_wait_seconds": ALBUM_WAIT}
    monkeypatch.setattr("bot.channels.telegram.inbox.ALBUM_WAIT", ALBUM_WAIT)
    return {}
