"""The service as `make run` starts it, with WhatsApp (Cloud API) and Wazzup pointed at servers it never
saw (fakes on loopback): signed or bearer-guarded webhooks over real HTTP, answers as the persona."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.fakes.graph_api import PHONE_ID, TOKEN, FakeGraph
from tests.fakes.wazzup_api import API_KEY, CHANNEL_ID, FakeWazzup
from tests.support.server import Loopback, run_service
from tests.support.whatsapp import APP_SECRET, VERIFY_TOKEN, body, signed, text_update

WAZZUP_TOKEN = "wz-secret"


def until(check: object, timeout: float = 15.0) -> object:
    deadline = time.monotonic() + timeout
    while not (value := check()) and time.monotonic() < deadline:  # type: ignore[operator]
        time.sleep(0.1)
    return value


@pytest.mark.heavy
def test_the_service_answers_whatsapp_and_wazzup_customers_and_refuses_strangers(sqlite_url: str, graph: FakeGraph) -> None:
    wazzup = FakeWazzup()
    with Loopback.running() as wazzup_server:
        graph_url = graph.url
        wazzup.url = wazzup_url = wazzup_server.mount(wazzup.app)
        env = {
            "WHATSAPP_TOKEN": TOKEN,
            "WHATSAPP_PHONE_NUMBER_ID": PHONE_ID,
            "WHATSAPP_APP_SECRET": APP_SECRET,
            "WHATSAPP_VERIFY_TOKEN": VERIFY_TOKEN,
            "WHATSAPP_API_BASE": graph_url,
            "WAZZUP_API_KEY": API_KEY,
            "WAZZUP_API_BASE": wazzup_url,
            "WAZZUP_WEBHOOK_TOKEN": WAZZUP_TOKEN,
        }
        with run_service(sqlite_url, **env) as base, httpx.Client(base_url=base, timeout=30) as http:
            raw = body(text_update("79161234567", "Здравствуйте, нужен стартер на камри", "wamid.E2E"))
            assert http.post("/webhooks/whatsapp", content=raw, headers={"Content-Type": "application/json"}).status_code in (
                401,
                403,
            )
            assert http.post("/webhooks/whatsapp", content=raw, headers=signed(raw)).status_code == 200
            message = {
                "messageId": "wz-1",
                "channelId": CHANNEL_ID,
                "chatType": "telegram",
                "chatId": "555",
                "type": "text",
                "text": "нужны колодки на гранту",
            }
            assert http.post("/webhooks/wazzup", json={"messages": [message]}).status_code == 401
            assert (
                http.post(
                    "/webhooks/wazzup", json={"messages": [message]}, headers={"Authorization": f"Bearer {WAZZUP_TOKEN}"}
                ).status_code
                == 200
            )
            assert until(lambda: graph.texts("79161234567")) and until(lambda: wazzup.texts("555"))
    assert "Виталий" in graph.texts("79161234567")[0]
    assert len(wazzup.texts("555")) == 1
