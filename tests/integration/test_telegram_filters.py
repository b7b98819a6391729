"""Every Telegram router's filter is checked on the event loop: aiogram runs a filter that is not a
coroutine — a magic filter such as `F.chat.type == "private"` is one — in a worker thread
(bot/channels/telegram/filters.py). A customer's message, an owner's command and a manager's
message in the managers' chat reach their handlers without one."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from aiogram.utils.magic_filter import MagicFilter

from bot.clock import FixedClock
from tests.fakes.telegram_api import FakeTelegram
from tests.support.telegram import fake_answers, running_bot

CUSTOMER, OWNER, MANAGERS = 1001, 77, -100500


@pytest.fixture
def filters_in_threads(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The magic filters anything sent to a worker thread."""
    sent: list[Any] = []
    to_thread = asyncio.to_thread

    async def recording(func: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        target = getattr(func, "func", func)  # aiogram passes a functools.partial
        if isinstance(getattr(target, "__self__", None), MagicFilter):
            sent.append(target.__self__)
        return await to_thread(func, *args, **kwargs)

    monkeypatch.setattr(asyncio, "to_thread", recording)
    return sent


async def test_no_filter_leaves_the_event_loop(
    sqlite_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path, filters_in_threads: list[Any]
) -> None:
    settings = {"telegram_owner_ids": str(OWNER), "telegram_managers_chat_id": MANAGERS}
    async with running_bot(sqlite_url, fake, clock, tmp_path / "media", **settings):
        fake.push_text(CUSTOMER, "Здравствуйте, нужен стартер на камри")
        fake.push_text(OWNER, "/pause")
        fake.push_text(MANAGERS, "всем привет", from_user={"id": 5, "is_bot": False, "first_name": "Ольга"})
        await fake_answers(fake, CUSTOMER, 1)
        await fake_answers(fake, OWNER, 1)

    assert filters_in_threads == []
