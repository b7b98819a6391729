"""Shared fixtures: a clean environment, settings, fresh migrated databases and the fake services.

The migrations run once per run and backend; each test gets a copy of that template (a file copy on
SQLite, `CREATE DATABASE ... TEMPLATE` on PostgreSQL). Tests run on SQLite; those where the engine
changes the outcome (claims, conflicts, locks, upserts, the outbox) are marked `backend_matters` and
run on PostgreSQL too. tests/integration/test_migrations.py runs the migrations from scratch on both.

The fake Telegram, amoCRM and OpenAI servers run once per run on loopback; each test mounts a fresh
fake on them. Heavy modules are imported inside the fixtures: the xdist controller, which only loads
this file, starts the workers sooner.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FixedClock
from bot.config import Settings

if TYPE_CHECKING:
    from bot.runtime import Container
    from tests.fakes.graph_api import FakeGraph
    from tests.fakes.max_api import FakeMax
    from tests.fakes.telegram_api import FakeTelegram
    from tests.fakes.wazzup_api import FakeWazzup
    from tests.support.llm import FakeLlm
    from tests.support.postgres import ThrowawayPostgres
    from tests.support.server import Loopback

MOSCOW = ZoneInfo("Europe/Moscow")
MONDAY_11 = datetime(2026, 11, 23, 11, 0, tzinfo=MOSCOW)
BACKENDS = ("sqlite", "postgres")

OUR_VARIABLES = Settings.env_names()


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees a developer's real tokens, database or .env, and none leaves files in the checkout:
    it runs in its own folder, where relative defaults (./data/partsbot.db, data/media) land."""
    for name in list(os.environ):
        if name in OUR_VARIABLES:
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="session", autouse=True)
def trained_models_ready() -> None:
    """The intent model and the photo reader's glyph classifier are trained (or read from their cache)
    before the first test of each worker, one process at a time: no test's own time — a crash test's
    restart, a fuzz run, a service's first photo waited on for 30 s — includes training them."""
    from bot.dialogue.intents import default_model
    from bot.vision.glyphs import default_weights

    default_model()
    default_weights()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked `heavy` (seconds each: a real process, a browser, the OCR engines) run first, so that
    under `-n 2` both workers end on short tests at about the same time. The order is the same in every
    worker, as xdist requires."""
    items.sort(key=lambda item: item.get_closest_marker("heavy") is None)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """`db_url` is SQLite; a test (or module) marked `backend_matters` runs on PostgreSQL too."""
    if "db_url" in metafunc.fixturenames and metafunc.definition.get_closest_marker("backend_matters"):
        metafunc.parametrize("db_url", BACKENDS, indirect=True)


def make_settings(database_url: str, **overrides: object) -> Settings:
    return Settings(_env_file=None, database_url=database_url, **overrides)  # type: ignore[call-arg]


# --- databases -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres() -> Iterator[ThrowawayPostgres]:
    """One throwaway PostgreSQL server per run (per xdist worker); fails loudly when it cannot start."""
    from tests.support.postgres import ThrowawayPostgres

    with ThrowawayPostgres() as server:
        yield server


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file the real migrations built once this run; tests get copies of it."""
    from bot.store.engine import upgrade

    path = tmp_path_factory.mktemp("template") / "migrated.db"
    upgrade(f"sqlite+aiosqlite:///{path}")
    with contextlib.closing(sqlite3.connect(path)) as connection:  # one self-contained file to copy
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode=DELETE")
    return path


@pytest.fixture(scope="session")
def postgres_template(postgres: ThrowawayPostgres) -> str:
    """A PostgreSQL database the real migrations built once this run; tests get copies of it."""
    from bot.store.engine import upgrade

    name = "migrated_template"
    upgrade(postgres.create_database(name))
    return name


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    """A fresh migrated SQLite database of this test's own."""
    path = tmp_path / "partsbot.db"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture
def db_url(request: pytest.FixtureRequest) -> str:
    """A fresh migrated database: SQLite, and PostgreSQL as well for tests marked `backend_matters`."""
    if getattr(request, "param", "sqlite") == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    server: ThrowawayPostgres = request.getfixturevalue("postgres")
    template: str = request.getfixturevalue("postgres_template")
    return server.create_database(f"t_{uuid.uuid4().hex[:12]}", template=template)


@pytest.fixture(params=BACKENDS)
def blank_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database on each engine we support, for running the migrations from scratch."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'blank.db'}"
    server: ThrowawayPostgres = request.getfixturevalue("postgres")
    return server.create_database(f"blank_{uuid.uuid4().hex[:12]}")


# --- the service ---------------------------------------------------------------------------------


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(MONDAY_11)


@pytest.fixture
async def container(db_url: str, clock: FixedClock) -> AsyncIterator[Container]:
    from bot.bootstrap import build

    app = build(make_settings(db_url), clock=clock)
    yield app
    await app.close()


@pytest.fixture
async def sqlite_container(sqlite_url: str, clock: FixedClock) -> AsyncIterator[Container]:
    from bot.bootstrap import build

    app = build(make_settings(sqlite_url), clock=clock)
    yield app
    await app.close()


# --- the fake external services: one loopback server each per run, a fresh fake per test -------------


@pytest.fixture(scope="session")
def telegram_server() -> Iterator[Loopback]:
    from tests.support.server import Loopback

    with Loopback.running() as server:
        yield server


@pytest.fixture(scope="session")
def graph_server() -> Iterator[Loopback]:
    from tests.support.server import Loopback

    with Loopback.running() as server:
        yield server


@pytest.fixture
def graph(graph_server: Loopback) -> Iterator[FakeGraph]:
    """A fake WhatsApp Cloud API (Graph API) server of this test's own."""
    from tests.fakes.graph_api import FakeGraph

    fake = FakeGraph()
    fake.url = graph_server.mount(fake.app)
    yield fake
    graph_server.unmount()


@pytest.fixture
def wazzup(graph_server: Loopback) -> Iterator[FakeWazzup]:
    """A fake Wazzup API of this test's own (on the loopback server the Graph API fake uses: one at a time)."""
    from tests.fakes.wazzup_api import FakeWazzup

    fake = FakeWazzup()
    fake.url = graph_server.mount(fake.app)
    yield fake
    graph_server.unmount()


@pytest.fixture(scope="session")
def max_server() -> Iterator[Loopback]:
    from tests.support.server import Loopback

    with Loopback.running() as server:
        yield server


@pytest.fixture
def max_api(max_server: Loopback) -> Iterator[FakeMax]:
    """A fake MAX Bot API server of this test's own."""
    from tests.fakes.max_api import FakeMax

    fake = FakeMax()
    fake.url = max_server.mount(fake.app)
    yield fake
    max_server.unmount()


@pytest.fixture(scope="session")
def amo_server() -> Iterator[Loopback]:
    from tests.support.server import Loopback

    with Loopback.running() as server:
        yield server


@pytest.fixture(scope="session")
def llm_server() -> Iterator[Loopback]:
    from tests.support.server import Loopback

    with Loopback.running() as server:
        yield server


@pytest.fixture
def fake(telegram_server: Loopback) -> Iterator[FakeTelegram]:
    """A fake Telegram Bot API server of this test's own."""
    from tests.fakes.telegram_api import FakeTelegram
    from tests.support.telegram import TOKEN

    fake = FakeTelegram(TOKEN)
    fake.url = telegram_server.mount(fake.app)  # type: ignore[attr-defined]
    yield fake
    telegram_server.unmount()


@pytest.fixture
def llm(llm_server: Loopback) -> Iterator[FakeLlm]:
    """A fake OpenAI-compatible server of this test's own."""
    from tests.fakes.openai_server import FakeOpenAI
    from tests.support.llm import FakeLlm

    fake = FakeOpenAI()
    yield FakeLlm(fake, f"{llm_server.mount(fake.app())}/v1")
    llm_server.unmount()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Captured output that quotes a lone surrogate (the fuzz tests log garbage on purpose) is kept
    escaped: pytest-xdist cannot send a report that is not UTF-8, and the whole run stops on it."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    report.sections = [(name, text.encode("utf-8", "backslashreplace").decode("utf-8")) for name, text in report.sections]
