"""The fake OpenAI-compatible server on loopback (the `llm` fixture, tests/conftest.py) and a container whose
brain talks to it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from bot.bootstrap import build
from bot.clock import FixedClock
from bot.runtime import Container
from tests.conftest import make_settings
from tests.fakes.openai_server import FakeOpenAI


@dataclass
class FakeLlm:
    fake: FakeOpenAI
    base_url: str  # http://127.0.0.1:PORT/v1, what OPENAI_BASE_URL is set to


@asynccontextmanager
async def llm_container(database_url: str, llm: FakeLlm, clock: FixedClock, **overrides: object) -> AsyncIterator[Container]:
    # generous: the first call through the SDK on a loaded CI worker can take over a second; the tests
    # of timeouts set their own short one
    options: dict[str, object] = {"llm_timeout_seconds": 10.0, **overrides}
    settings = make_settings(
        database_url, llm_provider="openai", openai_base_url=llm.base_url, llm_model="gpt-4o-mini", **options
    )
    app = build(settings, clock=clock)
    try:
        yield app
    finally:
        await app.close()
