"""The log of the service as `make run` starts it keeps no customer's phone, words or name and no
secret: customers write on the web chat, Telegram (a custom Bot API server) and WhatsApp, give their
phone in every shape, a deal goes to amoCRM, Meta verifies the webhook with its token in the URL,
amoCRM and Telegram fail now and then — and all the process wrote (stdout and stderr, every logger at INFO and above) is scanned for them.

The scan can fail: the test itself puts the phone and a secret in URLs uvicorn logs at INFO, and the
masked lines must be there (the scanner's own checks: tests/unit/test_log_masking.py)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import httpx
import pytest

from tests.fakes.graph_api import PHONE_ID, FakeGraph
from tests.fakes.graph_api import TOKEN as WHATSAPP_TOKEN
from tests.fakes.telegram_api import FakeTelegram
from tests.support.amocrm import FakeAmo, amo  # noqa: F401
from tests.support.log_scan import leaks
from tests.support.server import Loopback, run_service
from tests.support.whatsapp import APP_SECRET, VERIFY_TOKEN, body, signed, text_update

pytestmark = pytest.mark.heavy  # seconds each: scheduled first (tests/conftest.py)

BOT_TOKEN = "7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"  # the shape of a real one
AMO_TOKEN = "amo-long-lived-token-5e1f0c2b"
SECRETS = {
    "TELEGRAM_BOT_TOKEN": BOT_TOKEN,
    "AMOCRM_ACCESS_TOKEN": AMO_TOKEN,
    "AMOCRM_WEBHOOK_SECRET": "amo-webhook-secret-91d2",
    "WHATSAPP_TOKEN": WHATSAPP_TOKEN,
    "WHATSAPP_APP_SECRET": APP_SECRET,
    "WHATSAPP_VERIFY_TOKEN": VERIFY_TOKEN,
    "DASHBOARD_TOKEN": "owner-dashboard-token-77",
}
PHONE = "+79161234567"
NAME = "Агафон"
VIN = "JTNBE46K303123456"
WEB_TEXTS = [
    f"Здравствуйте, нужен стартер на камри, вин {VIN}",
    f"Меня зовут {NAME}, телефон +7 916 123-45-67",
    "Нет, больше ничего, спасибо",
]
TELEGRAM_TEXTS = ["Добрый день, ищу колодки передние на гранту", "мой номер 8 (916) 123-45-67, перезвоните"]
WHATSAPP_TEXT = "Нужен генератор на солярис 2015, звоните 89161234567"
T = TypeVar("T")


def until(check: Callable[[], T], timeout: float = 30.0) -> T:
    deadline = time.monotonic() + timeout
    while not (value := check()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return value


def test_the_service_log_shows_no_phone_text_name_or_secret(
    sqlite_url: str, graph: FakeGraph, amo: FakeAmo, tmp_path: Path, telegram_server: Loopback
) -> None:
    telegram = FakeTelegram(BOT_TOKEN)  # not the `fake` fixture: its token has not a real one's shape
    amo.state.access_tokens.add(AMO_TOKEN)
    amo.state.fail_next = [500, 502, 503]  # errors get logged too: retried, then the deal goes through
    telegram.fail("sendMessage", 500)  # a reply not sent at once: logged, sent again by the outbox
    env = {
        **SECRETS,
        "TELEGRAM_API_BASE": telegram_server.mount(telegram.app),
        "TELEGRAM_DEBOUNCE_SECONDS": "0.05",
        "TELEGRAM_POLLING_TIMEOUT": "1",
        "TELEGRAM_MANAGERS_CHAT_ID": "-1001234567890",
        "WHATSAPP_PHONE_NUMBER_ID": PHONE_ID,
        "WHATSAPP_API_BASE": graph.url,
        "WHATSAPP_DEBOUNCE_SECONDS": "0.05",
        "AMOCRM_BASE_URL": amo.url,
        "OUTBOX_POLL_SECONDS": "0.2",
    }
    log = tmp_path / "service.log"
    try:
        with run_service(sqlite_url, output=log, **env) as base, httpx.Client(base_url=base, timeout=30) as http:
            customers_write(http, telegram, graph)
            assert until(lambda: amo.state.leads), "a deal reached amoCRM"
    finally:
        telegram_server.unmount()

    output = log.read_text(encoding="utf-8")
    found = leaks(
        output,
        phones=[PHONE],
        secrets=list(SECRETS.values()),
        texts=[*WEB_TEXTS, *TELEGRAM_TEXTS, WHATSAPP_TEXT, NAME, VIN],
    )
    assert not found, "\n".join(found)
    lines = output.splitlines()  # ... because the masker hid what was logged, not because nothing was
    assert any("uvicorn.access" in line and "hub.verify_token=***" in line for line in lines), output
    assert any("uvicorn.access" in line and "/healthz?ref=***" in line for line in lines), output
    assert any(" INFO aiogram" in line for line in lines) and any(" WARNING bot.app.sending" in line for line in lines)


def customers_write(http: httpx.Client, telegram: FakeTelegram, graph: FakeGraph) -> None:
    """Meta checks the webhook; customers write on each channel and are answered; a URL with a phone."""
    verify = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"}
    assert http.get("/webhooks/whatsapp", params=verify).text == "1158201444"
    assert http.get("/healthz", params={"ref": "+7 916 123-45-67"}).status_code == 200  # logged on purpose
    for text in WEB_TEXTS:
        message = {"session": "log-scan-session-1", "id": uuid.uuid4().hex, "text": text, "name": NAME}
        assert http.post("/api/chat/messages", json=message).status_code == 200
    customer = {"id": 5550001, "is_bot": False, "first_name": NAME, "last_name": "Тестов"}
    for turn, text in enumerate(TELEGRAM_TEXTS, start=1):
        telegram.push_text(5550001, text, from_user=customer)
        assert until(lambda: len(telegram.texts(5550001)) >= turn)  # noqa: B023 (called at once, in this turn)
    raw = body(text_update(PHONE.lstrip("+"), WHATSAPP_TEXT, "wamid.LOGSCAN1", name=NAME))
    assert http.post("/webhooks/whatsapp", content=raw, headers=signed(raw)).status_code == 200
    assert until(lambda: graph.texts(PHONE.lstrip("+")))
