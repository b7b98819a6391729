"""The fake amoCRM on loopback, and settings/containers pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import pytest

from bot.bootstrap import build
from bot.clock import FixedClock
from bot.config import Settings
from bot.runtime import Container
from crm_adapters.amocrm.adapter import AmoCrm
from tests.conftest import make_settings
from tests.fakes.amocrm import AmoState, build_app
from tests.support.server import Loopback


@dataclass
class FakeAmo:
    state: AmoState
    url: str


@pytest.fixture
def amo(amo_server: Loopback) -> Iterator[FakeAmo]:
    """A fake amoCRM of this test's own, on the run's loopback server."""
    state = AmoState()
    yield FakeAmo(state, amo_server.mount(build_app(state)))
    amo_server.unmount()


def amo_settings(db_url: str, amo: FakeAmo, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "amocrm_base_url": amo.url,
        "amocrm_access_token": "long-lived-token",
        "amocrm_rate_per_second": 100.0,
        "amocrm_retry_seconds": 0.01,
        "amocrm_timeout_seconds": 2.0,
        **overrides,
    }
    return make_settings(db_url, **values)


@pytest.fixture
async def amo_app(sqlite_url: str, amo: FakeAmo, clock: FixedClock) -> AsyncIterator[Container]:
    app = build(amo_settings(sqlite_url, amo), clock=clock)
    yield app
    await app.close()


def amocrm_of(app: Container) -> AmoCrm:
    assert isinstance(app.crm, AmoCrm)
    return app.crm


def max_per_second(times: list[float], window: float = 1.0) -> int:
    """The most requests seen in any one-second window (or one of `window` seconds)."""
    times = sorted(times)
    return max((sum(1 for t in times[i:] if t < start + window) for i, start in enumerate(times)), default=0)
