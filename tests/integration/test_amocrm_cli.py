"""`crm login` and `crm webhook-register` against the fake amoCRM, as an owner runs them."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from typer.testing import CliRunner

from bot.clock import SystemClock
from bot.store.engine import create_engine, session_factory
from bot.store.kv import KvStore
from crm_adapters.amocrm.auth import TOKENS_KEY
from crm_adapters.amocrm.client import BLOCKED_KEY
from main import app as cli
from tests.support.amocrm import FakeAmo, amo  # noqa: F401

SECRET = "s3cret-hook-path-0123456789"


def stored_tokens(db_url: str) -> dict[str, object] | None:
    async def read() -> dict[str, object] | None:
        engine = create_engine(db_url)
        try:
            return await KvStore(session_factory(engine), SystemClock()).get(TOKENS_KEY)
        finally:
            await engine.dispose()

    return asyncio.run(read())


def test_crm_login_exchanges_the_code_and_stores_the_pair(sqlite_url: str, amo: FakeAmo) -> None:
    env = {
        "DATABASE_URL": sqlite_url,
        "AMOCRM_BASE_URL": amo.url,
        "AMOCRM_CLIENT_ID": "client-id",
        "AMOCRM_CLIENT_SECRET": "client-secret",
        "AMOCRM_REDIRECT_URI": "https://shop.example/amo",
    }
    result = CliRunner().invoke(cli, ["crm", "login"], env=env, input="auth-code\n")
    assert result.exit_code == 0, result.output
    assert "Вход выполнен" in result.output and amo.state.grants == ["authorization_code"]
    pair = stored_tokens(sqlite_url)
    assert pair is not None and pair["access_token"] in amo.state.access_tokens
    again = CliRunner().invoke(cli, ["crm", "login", "--code", "auth-code"], env=env)  # a spent code
    assert again.exit_code == 1 and "amoCRM не принял доступ" in again.output


def test_crm_webhook_register_points_amocrm_at_our_secret_url_without_printing_it(sqlite_url: str, amo: FakeAmo) -> None:
    env = {
        "DATABASE_URL": sqlite_url,
        "AMOCRM_BASE_URL": amo.url,
        "AMOCRM_ACCESS_TOKEN": "long-lived-token",
        "AMOCRM_WEBHOOK_SECRET": SECRET,
    }
    result = CliRunner().invoke(cli, ["crm", "webhook-register", "https://bot.shop.example/"], env=env)
    assert result.exit_code == 0, result.output
    [hook] = amo.state.webhooks
    assert hook["destination"] == f"https://bot.shop.example/webhooks/amocrm/{SECRET}"
    assert hook["settings"] == ["status_lead", "responsible_lead"] and SECRET not in result.output


def test_crm_commands_explain_a_missing_base_url(sqlite_url: str) -> None:
    result = CliRunner().invoke(cli, ["crm", "check"], env={"DATABASE_URL": sqlite_url})
    assert result.exit_code == 2 and "AMOCRM_BASE_URL не задан" in result.output


def test_crm_check_lifts_the_pause_after_the_owner_fixed_the_account(sqlite_url: str, amo: FakeAmo) -> None:
    async def pause() -> None:
        engine = create_engine(sqlite_url)
        try:
            until = datetime.now(UTC) + timedelta(minutes=15)
            await KvStore(session_factory(engine), SystemClock()).put(
                BLOCKED_KEY, {"status": 402, "detail": "Payment required", "until": until.isoformat()}
            )
        finally:
            await engine.dispose()

    env = {"DATABASE_URL": sqlite_url, "AMOCRM_BASE_URL": amo.url, "AMOCRM_ACCESS_TOKEN": "long-lived-token"}
    assert CliRunner().invoke(cli, ["db", "upgrade"], env=env).exit_code == 0
    asyncio.run(pause())
    result = CliRunner().invoke(cli, ["crm", "check"], env=env)
    assert result.exit_code == 0, result.output
    assert "Пауза после ответа amoCRM 402 снята" in result.output and "Связь с amoCRM есть" in result.output
    assert CliRunner().invoke(cli, ["crm", "check"], env=env).output.count("Пауза") == 0


def test_a_token_without_webhook_rights_is_told_so_and_deals_keep_flowing(sqlite_url: str, amo: FakeAmo) -> None:
    env = {
        "DATABASE_URL": sqlite_url,
        "AMOCRM_BASE_URL": amo.url,
        "AMOCRM_ACCESS_TOKEN": "long-lived-token",
        "AMOCRM_WEBHOOK_SECRET": SECRET,
    }
    assert CliRunner().invoke(cli, ["db", "upgrade"], env=env).exit_code == 0
    amo.state.fail_next = [403]
    result = CliRunner().invoke(cli, ["crm", "webhook-register", "https://bot.shop.example/"], env=env)
    assert result.exit_code == 1 and "не дал прав на вебхуки" in result.output
    check = CliRunner().invoke(cli, ["crm", "check"], env=env)
    assert check.exit_code == 0 and "Пауза" not in check.output  # the integration was not paused by it
