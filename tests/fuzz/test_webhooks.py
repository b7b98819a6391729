"""Fuzz (issue #19): every platform's webhook takes garbage signed as the platform signs it (a body
that is not JSON, an update of the wrong shape, a wrong content type or secret) without a 500, which
the platform would answer by delivering the same garbage forever, and without an error in the
background; a customer's message of any kind of text is answered, and nothing is stored half."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.bootstrap import build
from bot.channels.wazzup.webhook import PATH as WAZZUP_PATH
from bot.channels.whatsapp.webhook import PATH as WHATSAPP_PATH
from bot.clock import FixedClock
from bot.runtime import Container
from tests.conftest import make_settings
from tests.fakes.graph_api import FakeGraph
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.wazzup_api import FakeWazzup
from tests.support import fuzz_webhooks as hooks
from tests.support.fuzz import Inputs, Tally
from tests.support.fuzz_edges import InProcess, stored_whole
from tests.support.server import asgi_client
from tests.support.telegram import running_bot

GARBAGE = 2_400  # on each webhook
MESSAGES = 12  # on each webhook, each a whole turn: one of every kind of text
TELEGRAM_PATH, TELEGRAM_SECRET, WAZZUP_TOKEN = hooks.TELEGRAM_PATH, hooks.TELEGRAM_SECRET, hooks.WAZZUP_TOKEN


def errors_in_the_log(caplog: pytest.LogCaptureFixture) -> list[str]:
    """What went wrong out of sight (a background task, a handler pywa or aiogram calls). pywa logs
    an update it cannot read as an error of its own; ours is the acknowledgement."""
    return [f"{r.name}: {r.getMessage()}" for r in caplog.records if r.levelno >= logging.ERROR and not r.name.startswith("pywa")]


@pytest.fixture
async def telegram(sqlite_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path) -> AsyncIterator[Container]:
    async with running_bot(sqlite_url, fake, clock, tmp_path, **hooks.telegram_settings()) as container:
        yield container


@pytest.fixture
async def whatsapp_shop(sqlite_url: str, graph: FakeGraph, clock: FixedClock, tmp_path: Path) -> AsyncIterator[Container]:
    container = build(make_settings(sqlite_url, **hooks.whatsapp_settings(graph, tmp_path)), clock=clock)
    yield container
    await container.close()


@pytest.fixture
async def wazzup_shop(sqlite_url: str, wazzup: FakeWazzup, clock: FixedClock, tmp_path: Path) -> AsyncIterator[Container]:
    container = build(make_settings(sqlite_url, **hooks.wazzup_settings(wazzup, tmp_path)), clock=clock)
    yield container
    await container.close()


async def test_garbage_on_the_telegram_webhook_is_never_a_500_nor_an_error_in_the_background(
    telegram: Container, fake: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    tally = Tally()
    examples, sign = hooks.telegram_examples(fake), hooks.telegram_signer(TELEGRAM_SECRET)
    await hooks.garbage(
        InProcess(telegram), Inputs(seed=30), tally, GARBAGE, edge="telegram", path=TELEGRAM_PATH, examples=examples, sign=sign
    )
    await hooks.telegram_settled(telegram)  # what was acknowledged is handled in the background
    assert tally.failures == []
    assert errors_in_the_log(caplog) == []
    # /start links a chat before any message; a shared contact moves the chat to the customer the shop
    # knew, and the one it had until then stays as an empty record (reported in #19)
    assert await stored_whole(telegram.sessions, links=False) == []


async def test_telegram_messages_of_every_kind_of_text_are_answered(
    telegram: Container, fake: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    tally = Tally()
    async with asgi_client(telegram) as http:
        await hooks.telegram_messages(http, fake, Inputs(seed=31), tally, MESSAGES, path=TELEGRAM_PATH, secret=TELEGRAM_SECRET)
    assert tally.failures == []
    assert errors_in_the_log(caplog) == []
    assert await stored_whole(telegram.sessions) == []


async def test_garbage_on_the_whatsapp_webhook_is_never_a_500(whatsapp_shop: Container, caplog: pytest.LogCaptureFixture) -> None:
    tally = Tally()
    examples, sign = hooks.whatsapp_examples(), hooks.whatsapp_signer
    await hooks.garbage(
        InProcess(whatsapp_shop),
        Inputs(seed=32),
        tally,
        GARBAGE,
        edge="whatsapp",
        path=WHATSAPP_PATH,
        examples=examples,
        sign=sign,
    )
    assert tally.failures == []
    assert errors_in_the_log(caplog) == []
    assert await stored_whole(whatsapp_shop.sessions) == []


async def test_whatsapp_messages_of_every_kind_of_text_are_answered(whatsapp_shop: Container, graph: FakeGraph) -> None:
    tally = Tally()
    async with asgi_client(whatsapp_shop) as http:
        await hooks.whatsapp_messages(http, graph, Inputs(seed=33), tally, MESSAGES, path=WHATSAPP_PATH)
    assert tally.failures == []
    assert await stored_whole(whatsapp_shop.sessions) == []


async def test_garbage_on_the_wazzup_webhook_is_never_a_500(wazzup_shop: Container, caplog: pytest.LogCaptureFixture) -> None:
    tally = Tally()
    examples, sign = hooks.wazzup_examples(), hooks.wazzup_signer(WAZZUP_TOKEN)
    await hooks.garbage(
        InProcess(wazzup_shop), Inputs(seed=34), tally, GARBAGE, edge="wazzup", path=WAZZUP_PATH, examples=examples, sign=sign
    )
    assert tally.failures == []
    assert errors_in_the_log(caplog) == []
    assert await stored_whole(wazzup_shop.sessions) == []


async def test_wazzup_messages_of_every_kind_of_text_are_answered(wazzup_shop: Container, wazzup: FakeWazzup) -> None:
    tally = Tally()
    async with asgi_client(wazzup_shop) as http:
        await hooks.wazzup_messages(http, wazzup, Inputs(seed=35), tally, MESSAGES, path=WAZZUP_PATH, token=WAZZUP_TOKEN)
    assert tally.failures == []
    assert await stored_whole(wazzup_shop.sessions) == []
