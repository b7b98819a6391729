"""Nothing is kept per chat forever in the Telegram channel's memory (#19): once the turns of
thousands of chats are answered, the gatherer (bot/channels/telegram/inbox.py) holds no buffer, no
update id and no task. The handled update ids live in the database (SQLite here)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from aiogram.types import Chat, Update, User
from aiogram.types import Message as TgMessage

from bot.channels.telegram.inbox import Gatherer, Turn
from bot.clock import FixedClock
from bot.runtime import Container
from bot.store.engine import create_engine, session_factory
from tests.fakes.telegram_api import FakeTelegram
from tests.support.telegram import eventually, running_bot

CHATS = 500
SENT = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def message(chat_id: int, message_id: int, text: str) -> TgMessage:
    user = User(id=chat_id, is_bot=False, first_name="Сергей")
    return TgMessage(message_id=message_id, date=SENT, chat=Chat(id=chat_id, type="private"), from_user=user, text=text)


def held(gatherer: Gatherer) -> dict[str, int]:
    return {"buffers": len(gatherer._buffers), "in_flight": len(gatherer._in_flight), "tasks": len(gatherer._tasks)}


EMPTY = {"buffers": 0, "in_flight": 0, "tasks": 0}


@pytest.fixture
async def ctx(sqlite_url: str, clock: FixedClock) -> Any:
    """What the gatherer reads of the channel's context: the clock and the database."""
    engine = create_engine(sqlite_url)
    yield SimpleNamespace(clock=clock, sessions=session_factory(engine))
    await engine.dispose()


async def test_the_gatherer_holds_nothing_once_thousands_of_chats_were_answered(ctx: Any) -> None:
    turns: dict[int, list[str]] = {}

    async def on_turn(turn: Turn) -> None:
        await asyncio.sleep(0)
        turns.setdefault(turn.chat_id, []).append(turn.inbound.text)

    gatherer = Gatherer(ctx, on_turn, debounce=0.05)
    update_id = 0
    for part in ("нужен стартер", "на камри"):  # a burst from every chat: one turn each
        for chat in range(1, CHATS + 1):
            update_id += 1
            gatherer.add(update_id, message(chat, update_id, f"{part} {chat}"))
    gatherer.add(1, message(1, 1, "нужен стартер 1"))  # Telegram re-sent an update while it was gathered
    assert held(gatherer)["buffers"] == CHATS
    await gatherer.idle()
    assert held(gatherer) == EMPTY
    assert turns == {chat: [f"нужен стартер {chat}\nна камри {chat}"] for chat in range(1, CHATS + 1)}


async def test_chats_whose_turn_failed_leave_nothing_behind_either(ctx: Any) -> None:
    async def on_turn(turn: Turn) -> None:
        if turn.chat_id % 2:
            raise RuntimeError("the database went away")

    gatherer = Gatherer(ctx, on_turn, debounce=0.01)
    for chat in range(1, 301):
        gatherer.add(chat, message(chat, chat, "нужен стартер"))
    await gatherer.idle()
    assert held(gatherer) == EMPTY


async def test_closing_answers_what_is_gathered_and_holds_nothing(ctx: Any) -> None:
    answered: list[int] = []

    async def on_turn(turn: Turn) -> None:
        answered.append(turn.chat_id)

    gatherer = Gatherer(ctx, on_turn, debounce=60)
    for chat in range(1, 301):
        gatherer.add(chat, message(chat, chat, "нужен стартер"))
    await gatherer.close()
    assert held(gatherer) == EMPTY and sorted(answered) == list(range(1, 301))


def _dispatcher_of(app: Container) -> Any:
    """The aiogram Dispatcher the Telegram plugin built (its one closer is the channel's close)."""
    [close] = app.plugins["telegram"].closers
    return close.__self__.dispatcher  # type: ignore[attr-defined]


async def test_the_telegram_dispatcher_keeps_nothing_per_chat(
    sqlite_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path
) -> None:
    async with running_bot(sqlite_url, fake, clock, tmp_path / "media", background=False) as app:
        dispatcher, bot = _dispatcher_of(app), app.senders["telegram"].bot  # type: ignore[attr-defined]
        chats = range(5001, 5021)
        for chat in chats:
            await dispatcher.feed_update(bot, Update.model_validate(fake.message_update(chat, text="нужен стартер")))
        await eventually(lambda: len(fake.sent()) >= len(chats))
        assert len(dispatcher.storage.storage) == 0  # with the FSM on: one MemoryStorageRecord per chat, never dropped
