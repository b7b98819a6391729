"""Fixtures shared by the integration tests: the fake external services on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.telegram_api import FakeTelegram
from tests.support.llm import FakeLlm, fake_llm_server
from tests.support.telegram import fake_telegram


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    """A fake Telegram Bot API server."""
    with fake_telegram() as server:
        yield server


@pytest.fixture
def llm() -> Iterator[FakeLlm]:
    """A fake OpenAI-compatible server."""
    with fake_llm_server() as server:
        yield server
