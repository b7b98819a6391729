"""Shared fixtures: a clean environment, settings, fresh migrated databases (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.bootstrap import Container, build
from bot.clock import FixedClock
from bot.config import Settings
from bot.db import upgrade
from tests.support.postgres import ThrowawayPostgres

MOSCOW = ZoneInfo("Europe/Moscow")
MONDAY_11 = datetime(2026, 11, 23, 11, 0, tzinfo=MOSCOW)

_OUR_VARIABLES = {name.upper() for name in Settings.model_fields}


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees a developer's real tokens or database."""
    for name in list(os.environ):
        if name in _OUR_VARIABLES:
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def postgres() -> Iterator[ThrowawayPostgres]:
    """One throwaway PostgreSQL server per run; fails loudly when it cannot start."""
    with ThrowawayPostgres() as server:
        yield server


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'partsbot.db'}"
    upgrade(url)
    return url


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database built by the real migrations, on each engine we support."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'partsbot.db'}"
    else:
        server: ThrowawayPostgres = request.getfixturevalue("postgres")
        url = server.create_database(f"t_{uuid.uuid4().hex[:12]}")
    upgrade(url)
    return url


def make_settings(database_url: str, **overrides: object) -> Settings:
    return Settings(_env_file=None, database_url=database_url, **overrides)  # type: ignore[call-arg]


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(MONDAY_11)


@pytest.fixture
async def container(db_url: str, clock: FixedClock) -> AsyncIterator[Container]:
    app = build(make_settings(db_url), clock=clock)
    yield app
    await app.close()


@pytest.fixture
async def sqlite_container(sqlite_url: str, clock: FixedClock) -> AsyncIterator[Container]:
    app = build(make_settings(sqlite_url), clock=clock)
    yield app
    await app.close()
