"""Fuzz (issue #19): the web chat API and the app's other public routes take any garbage without a 500,
refuse it without sending it back, answer every message whatever its text, and store nothing half."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.bootstrap import build
from bot.clock import FixedClock
from bot.runtime import Container
from tests.conftest import make_settings
from tests.support.fuzz import TEXT_KINDS, Inputs, Tally
from tests.support.fuzz_edges import (
    InProcess,
    stored_whole,
    web_chat_garbage,
    web_chat_messages,
    web_chat_photos,
    web_chat_settings,
)
from tests.support.fuzz_images import IMAGE_KINDS, Images
from tests.support.server import asgi_client

GARBAGE = 2_400
MESSAGES = 36  # each a whole turn (~15 ms): three of every kind of text, on each backend
PHOTOS = 4 * len(IMAGE_KINDS)


@pytest.fixture
async def shop(db_url: str, clock: FixedClock, tmp_path: Path) -> AsyncIterator[Container]:
    container = build(make_settings(db_url, **web_chat_settings(tmp_path / "media")), clock=clock)
    yield container
    await container.close()


async def test_garbage_on_the_chat_api_and_public_routes_is_refused_without_a_500_or_an_echo(shop: Container) -> None:
    tally = Tally()
    await web_chat_garbage(InProcess(shop), Inputs(seed=19), tally, GARBAGE)
    assert tally.failures == []
    assert tally.total == GARBAGE
    assert await stored_whole(shop.sessions) == []


@pytest.mark.backend_matters  # PostgreSQL refuses NUL in text, and a lone surrogate cannot be sent to it
async def test_messages_of_every_kind_of_text_are_answered_and_stored_whole(shop: Container) -> None:
    tally = Tally()
    async with asgi_client(shop) as http:
        await web_chat_messages(http, Inputs(seed=20), tally, MESSAGES)
    assert tally.failures == []
    assert len(tally.tried) == len(TEXT_KINDS)  # every kind of text came up
    assert await stored_whole(shop.sessions) == []


async def test_broken_images_sent_as_photos_are_answered_with_words_about_the_photo(
    shop: Container, engines: list[tuple[int, ...]]
) -> None:
    tally = Tally()
    async with asgi_client(shop) as http:
        await web_chat_photos(http, Images(seed=21), tally, PHOTOS)
    assert tally.failures == []
    assert {kind.split()[-1] for kind in tally.tried} == set(IMAGE_KINDS)
    assert await stored_whole(shop.sessions) == []
