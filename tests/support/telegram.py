"""The Telegram channel running for real against the fake Bot API server on loopback.

    with fake_telegram() as fake:
        async with running_bot(sqlite_url, fake, clock, tmp_path) as app:
            fake.push_text(1001, "нужен стартер")
            [answer] = await fake_answers(fake, 1001, 1)
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import TypeVar

from bot.bootstrap import Container, build
from bot.clock import Clock
from tests.conftest import make_settings
from tests.fakes.telegram_api import FakeTelegram
from tests.support.server import serve_app

TOKEN = "42:TEST"
DEBOUNCE = 0.2
T = TypeVar("T")


@contextlib.contextmanager
def fake_telegram() -> Iterator[FakeTelegram]:
    fake = FakeTelegram(TOKEN)
    with serve_app(fake.app) as url:
        fake.url = url  # type: ignore[attr-defined]
        yield fake


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


async def quiet(seconds: float = DEBOUNCE * 3) -> None:
    """Long enough for a gathered turn that should not come to have come."""
    await asyncio.sleep(seconds)
