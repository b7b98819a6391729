"""`python main.py db|crm|telegram ...` start as real processes, read the environment and print what
an owner reads. Every other command group has its real-process test next to its behaviour (run:
test_telegram_service.py, chat: test_terminal_chat.py, replay: test_amocrm_replay.py, read-photo:
test_vision_reader.py, retention and stats: test_retention_cli.py, outbox: test_outbox_cli.py,
import: test_import.py); the rest of the command-line tests run in-process (tests/support/cli.py)."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from bot.app.customers import CustomerRecord, upsert_customer
from bot.bootstrap import build
from bot.store.engine import alembic_config
from tests.conftest import MONDAY_11, make_settings
from tests.support.amocrm import FakeAmo, amo  # noqa: F401
from tests.support.cli import main_py

pytestmark = pytest.mark.heavy  # seconds each: scheduled first (tests/conftest.py)


def test_db_upgrade_builds_a_database_at_the_newest_migration(tmp_path: Path) -> None:
    path = tmp_path / "data" / "shop.db"  # the folder does not exist yet
    assert "database is up to date" in main_py("db", "upgrade", "--db", f"sqlite:///{path}")
    head = ScriptDirectory.from_config(alembic_config(f"sqlite:///{path}")).get_current_head()
    with contextlib.closing(sqlite3.connect(path)) as connection:
        [(version,)] = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert version == head and {"customers", "conversations", "messages", "outbox"} <= tables


def test_crm_check_reaches_amocrm_with_the_token_from_the_environment(sqlite_url: str, amo: FakeAmo) -> None:
    env = {"DATABASE_URL": sqlite_url, "AMOCRM_BASE_URL": amo.url, "AMOCRM_ACCESS_TOKEN": "long-lived-token"}
    out = main_py("crm", "check", env=env)
    assert f"Связь с amoCRM есть ({amo.url})" in out and "этап «Первичный контакт»" in out
    assert amo.state.requests, "the process called the fake amoCRM"


def test_telegram_link_prints_a_deep_link_for_a_known_customer(sqlite_url: str) -> None:
    async def seed() -> None:
        app = build(make_settings(sqlite_url))
        try:
            async with app.sessions() as session:
                record = CustomerRecord(external_ref="C-1024", name="Сергей", phone=None)
                await upsert_customer(session, record, MONDAY_11, source="import")
                await session.commit()
        finally:
            await app.close()

    asyncio.run(seed())
    # The bot's name given: no Bot API call (asking Telegram for it: test_telegram_start.py, in-process)
    [link] = main_py("telegram", "link", "C-1024", "--bot-username", "shop_bot", env={"DATABASE_URL": sqlite_url}).split()
    assert link.startswith("https://t.me/shop_bot?start=") and len(link) > len("https://t.me/shop_bot?start=") + 8
