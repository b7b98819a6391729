"""The MAX channel running for real (maxapi) against the fake MAX Bot API on loopback.

async def test_x(sqlite_url, max_api, clock, tmp_path):       # `max_api`: tests/conftest.py
    async with running_max(sqlite_url, max_api, clock, tmp_path):
        max_api.push_text(1001, "нужен стартер")
        [answer] = await max_answers(max_api, 1001, 1)
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from sqlmodel import col, select

from bot.bootstrap import build
from bot.clock import Clock
from bot.messages import PhotoReading
from bot.ports import PhotoReader
from bot.runtime import Container
from bot.store.models import Message
from tests.conftest import make_settings
from tests.fakes.max_api import TOKEN, FakeMax
from tests.support.telegram import eventually

DEBOUNCE = 0.1  # messages of one chat closer than this are one turn (production: 1.5 s)
QUIET = 0.4  # how long an answer that should not come is given to come (debounce, a poll, a send)
WEBHOOK_URL = "https://shop.example/webhooks/max"
WEBHOOK_SECRET = "max-webhook-secret_42"


def max_settings(fake: FakeMax, media: Path, **overrides: object) -> dict[str, object]:
    return {
        "max_bot_token": TOKEN,
        "max_api_base": fake.url,
        "max_debounce_seconds": DEBOUNCE,
        "max_chat_interval_seconds": 0.0,
        "telegram_media_dir": media,
        "retention_enabled": False,
        **overrides,
    }


def webhook(**overrides: object) -> dict[str, object]:
    """Settings overrides for webhook mode."""
    return {"max_webhook_url": WEBHOOK_URL, "max_webhook_secret": WEBHOOK_SECRET, **overrides}


@contextlib.asynccontextmanager
async def running_max(
    db_url: str, fake: FakeMax, clock: Clock, media: Path, *, photo_reader: PhotoReader | None = None, **overrides: object
) -> AsyncIterator[Container]:
    """build() with MAX settings, the outbox worker and the channel's background task (polling, or the
    webhook subscription) running."""
    settings = make_settings(db_url, **max_settings(fake, media, **overrides))
    container = build(settings, clock=clock, photo_reader=photo_reader)
    async with container.running(outbox_poll_seconds=0.05):
        yield container


async def max_answers(fake: FakeMax, chat_id: int, count: int, timeout: float = 10.0) -> list[str]:
    """Wait for the bot's `count`-th message to the chat; returns all its messages so far."""
    return await eventually(lambda: texts if len(texts := fake.texts(chat_id)) >= count else [], timeout)


class ReadsVin:
    """A photo reader that reads `vin` off every photo, and remembers what it was given."""

    def __init__(self, vin: str) -> None:
        self.vin, self.paths = vin, list[str]()

    async def read(self, path: str) -> PhotoReading:
        self.paths.append(path)
        return PhotoReading(vin=self.vin, confidence=0.99)


async def inbound_messages(container: Container) -> list[Message]:
    async with container.sessions() as session:
        query = select(Message).where(Message.direction == "in", Message.channel == "max").order_by(col(Message.id))
        return list((await session.exec(query)).all())
