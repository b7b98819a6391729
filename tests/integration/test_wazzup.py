"""The Wazzup channel: Wazzup's webhook in (only with the shop's bearer token), the v3 API (a fake on
loopback) out; the customer's messenger is kept per chat, and a manager's own message (isEcho)
silences the persona in that chat."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlmodel import select
from typer.testing import CliRunner

from bot.bootstrap import build
from bot.channels.gate import CONNECTIONS
from bot.channels.wazzup.api import WazzupApi, WazzupChat
from bot.clock import FixedClock
from bot.messages import PhotoReading
from bot.runtime import Container
from bot.store.models import Conversation, LocalDeal, Message
from main import app as cli
from tests.conftest import make_settings
from tests.fakes.wazzup_api import API_KEY, CHANNEL_ID, FakeWazzup
from tests.support.server import asgi_client

PATH = "/webhooks/wazzup"
TOKEN = "wz-webhook-secret"
VIN = "JTNBE46K303123456"
SERGEY, OLGA = "79161234567", "5550001"


class PhotoStub:
    async def read(self, path: str) -> PhotoReading:
        return PhotoReading(vin=VIN, confidence=0.97) if Path(path).read_bytes() == b"vin-plate" else PhotoReading()


def message(chat_id: str, text: str, message_id: str, *, chat_type: str = "whatsapp", **extra: Any) -> dict[str, Any]:
    return {
        "messageId": message_id,
        "channelId": CHANNEL_ID,
        "chatType": chat_type,
        "chatId": chat_id,
        "dateTime": "2026-11-23T08:00:00.000Z",
        "type": "text",
        "status": "inbound",
        "text": text,
        "isEcho": False,
        "contact": {"name": "Сергей"},
        **extra,
    }


@pytest.fixture
async def app(sqlite_url: str, wazzup: FakeWazzup, clock: FixedClock, tmp_path: Path) -> AsyncIterator[Container]:
    settings = make_settings(
        sqlite_url,
        wazzup_api_key=API_KEY,
        wazzup_api_base=wazzup.url,
        wazzup_webhook_token=TOKEN,
        telegram_media_dir=tmp_path,
        retention_enabled=False,
        wazzup_debounce_seconds=0,
    )
    container = build(settings, clock=clock, photo_reader=PhotoStub())
    try:
        yield container
    finally:
        await container.close()


@pytest.fixture
async def webhook(app: Container) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(app) as client:
        yield client


async def deliver(webhook: httpx.AsyncClient, *messages: dict[str, Any], token: str = TOKEN) -> httpx.Response:
    return await webhook.post(PATH, json={"messages": list(messages)}, headers={"Authorization": f"Bearer {token}"})


async def test_the_test_request_wazzup_sends_when_the_url_is_set_is_answered_200(webhook: httpx.AsyncClient) -> None:
    response = await webhook.post(PATH, json={"test": True}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200


async def test_a_customers_message_is_answered_in_the_same_messenger_and_channel(
    webhook: httpx.AsyncClient, wazzup: FakeWazzup
) -> None:
    assert (await deliver(webhook, message(SERGEY, "Здравствуйте, нужен стартер на камри", "m-1"))).status_code == 200
    [sent] = wazzup.sent
    assert (sent["channelId"], sent["chatType"], sent["chatId"]) == (CHANNEL_ID, "whatsapp", SERGEY)
    assert "Виталий" in sent["text"] and sent["crmMessageId"]


@pytest.mark.parametrize("token", ["", "guess"])
async def test_a_request_without_the_bearer_token_is_refused_and_nothing_stored(
    webhook: httpx.AsyncClient, wazzup: FakeWazzup, app: Container, token: str
) -> None:
    response = await deliver(webhook, message(SERGEY, "нужен стартер", "m-2"), token=token)
    assert response.status_code == 401
    async with app.sessions() as session:
        assert (await session.exec(select(Message))).all() == []
    assert wazzup.sent == []


async def test_a_re_delivered_message_is_answered_once(webhook: httpx.AsyncClient, wazzup: FakeWazzup) -> None:
    update = message(SERGEY, "нужен стартер на камри", "m-3")
    await deliver(webhook, update)
    await deliver(webhook, update)
    assert len(wazzup.texts(SERGEY)) == 1


async def test_a_telegram_chat_through_wazzup_is_its_own_conversation(
    webhook: httpx.AsyncClient, wazzup: FakeWazzup, app: Container
) -> None:
    await deliver(
        webhook, message(SERGEY, "нужен стартер", "m-4"), message(OLGA, "колодки на гранту", "m-5", chat_type="telegram")
    )
    async with app.sessions() as session:
        chats = sorted(c.chat_id for c in (await session.exec(select(Conversation))).all())
    assert chats == [f"telegram:{OLGA}@{CHANNEL_ID}", f"whatsapp:{SERGEY}@{CHANNEL_ID}"]
    assert [m["chatType"] for m in wazzup.sent if m["chatId"] == OLGA] == ["telegram"]


async def test_a_photo_is_fetched_by_its_content_uri_and_read(webhook: httpx.AsyncClient, wazzup: FakeWazzup) -> None:
    wazzup.media["plate.jpg"] = b"vin-plate"
    await deliver(webhook, message(SERGEY, "нужен стартер", "m-6"))
    await deliver(webhook, message(SERGEY, "", "m-7", type="image", contentUri=f"{wazzup.url}/media/plate.jpg"))
    assert VIN in wazzup.texts(SERGEY)[-1]


async def test_a_photo_on_another_host_is_fetched_without_the_shops_api_key(
    webhook: httpx.AsyncClient, wazzup: FakeWazzup
) -> None:
    wazzup.media["plate.jpg"] = b"vin-plate"
    elsewhere = wazzup.url.replace("127.0.0.1", "localhost")  # the same fake under another host name
    await deliver(webhook, message(SERGEY, "", "m-6", type="image", contentUri=f"{elsewhere}/media/plate.jpg"))
    assert VIN in wazzup.texts(SERGEY)[-1]
    [fetch] = wazzup.media_requests
    assert fetch["host"] and fetch["host"].startswith("localhost") and fetch["authorization"] is None


async def test_a_flood_of_replies_goes_to_wazzup_a_few_at_a_time_and_every_one_arrives(
    app: Container, wazzup: FakeWazzup
) -> None:
    wazzup.answer_after = 0.02
    api = WazzupApi(app.settings.wazzup)
    chats = [WazzupChat(CHANNEL_ID, "whatsapp", f"7916000{n:04d}") for n in range(100)]
    try:
        await asyncio.gather(*(api.send_text(chat, "Здравствуйте!", f"reply-{chat.chat_id}") for chat in chats))
    finally:
        await api.aclose()
    assert len(wazzup.sent) == 100
    assert wazzup.most_at_once == CONNECTIONS  # not 100 requests queued in httpx's pool at once


async def test_after_a_managers_own_message_the_persona_stays_quiet(webhook: httpx.AsyncClient, wazzup: FakeWazzup) -> None:
    await deliver(webhook, message(SERGEY, f"нужен стартер на камри, вин {VIN}", "m-8"))
    await deliver(webhook, message(SERGEY, "нет, всё", "m-9"))
    await deliver(webhook, message(SERGEY, "Стартер есть, 12 400 ₽", "m-10", isEcho=True, status="sent", authorName="Анна"))
    before = len(wazzup.texts(SERGEY))
    await deliver(webhook, message(SERGEY, "а можно самовывоз?", "m-11"))
    assert len(wazzup.texts(SERGEY)) == before


async def test_a_managers_own_message_is_kept_in_the_transcript_once(webhook: httpx.AsyncClient, app: Container) -> None:
    await deliver(webhook, message(SERGEY, "нужен стартер", "m-13"))
    echo = message(SERGEY, "Стартер есть, 12 400 ₽", "m-14", isEcho=True, status="sent")
    await deliver(webhook, echo)
    await deliver(webhook, echo)
    async with app.sessions() as session:
        texts = [m.text for m in (await session.exec(select(Message).where(Message.direction == "out"))).all()]
    assert texts.count("Стартер есть, 12 400 ₽") == 1


async def test_a_reply_wazzup_failed_to_take_goes_out_through_the_outbox_once(
    webhook: httpx.AsyncClient, wazzup: FakeWazzup, app: Container
) -> None:
    wazzup.fail_next(503)
    update = message(SERGEY, "нужен стартер на камри", "m-12")
    assert (await deliver(webhook, update)).status_code == 200
    await deliver(webhook, update)
    await app.outbox.drain()
    assert len(wazzup.texts(SERGEY)) == 1


def test_webhook_register_tells_wazzup_the_url(wazzup: FakeWazzup, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {"WAZZUP_API_KEY": API_KEY, "WAZZUP_API_BASE": wazzup.url, "WAZZUP_WEBHOOK_TOKEN": TOKEN}.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(cli, ["wazzup", "webhook-register", "https://shop.example/webhooks/wazzup"])
    assert result.exit_code == 0, result.output
    assert wazzup.webhooks == [
        {
            "webhooksUri": "https://shop.example/webhooks/wazzup",
            "subscriptions": {"messagesAndStatuses": True, "contactsAndDealsCreation": False},
        }
    ]


async def test_the_deal_says_which_messenger_the_customer_wrote_from(webhook: httpx.AsyncClient, app: Container) -> None:
    await deliver(webhook, message(OLGA, f"нужен стартер на камри, вин {VIN}", "m-20", chat_type="telegram"))
    await deliver(webhook, message(OLGA, "нет, всё", "m-21", chat_type="telegram"))
    await app.outbox.drain()
    async with app.sessions() as session:
        [deal] = (await session.exec(select(LocalDeal))).all()
    assert deal.source == "Telegram через Wazzup"


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b'{"messages": "nope"}',
        b'{"messages": ["nope", {"text": "without an id"}]}',
        b"\xff\xfe\x00",
        b"[" * 100_000,  # nested deeper than the JSON decoder recurses
        b'{"messages": [{"messageId": "wz-no-chat", "type": "text", "text": "a message to no chat"}]}',
    ],
)
async def test_a_malformed_update_is_acknowledged_not_retried_and_nothing_stored(
    webhook: httpx.AsyncClient, app: Container, body: bytes
) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}", "content-type": "application/json"}
    response = await webhook.post(PATH, content=body, headers=headers)
    assert response.status_code == 200  # a 500 would make Wazzup deliver the same poison again and again
    async with app.sessions() as session:
        assert (await session.exec(select(Message))).all() == []


@pytest.mark.parametrize(
    "contact", [["Сергей"], "Сергей", 42, {"name": 42, "phone": ["+7916"]}, {"name": {"first": "Сергей"}, "phone": 79161234567}]
)
async def test_a_message_with_a_malformed_contact_is_answered_as_one_without_it(
    webhook: httpx.AsyncClient, wazzup: FakeWazzup, contact: object
) -> None:
    response = await deliver(webhook, message(SERGEY, "нужен стартер на камри", "wz-contact-1", contact=contact))
    assert response.status_code == 200
    assert len(wazzup.texts(SERGEY)) == 1


async def test_a_managers_own_message_is_kept_without_what_is_not_text(webhook: httpx.AsyncClient, app: Container) -> None:
    await deliver(webhook, message(SERGEY, "нужен стартер на камри", "wz-clean-1"))
    echo = message(SERGEY, "Добрый день\u0000, стартер есть \ud800", "wz-clean-2", isEcho=True)
    raw = json.dumps({"messages": [echo]}).encode()  # escaped as Wazzup's JSON would be: "\\u0000", "\\ud800"
    assert (await webhook.post(PATH, content=raw, headers={"Authorization": f"Bearer {TOKEN}"})).status_code == 200
    async with app.sessions() as session:
        stored = (await session.exec(select(Message).where(Message.external_id == "echo:wz-clean-2"))).one()
    assert stored.text == "Добрый день, стартер есть "


@pytest.mark.parametrize("uri", ["{url}/media/gone.jpg", "not a link", "ftp://files.example/plate.jpg", "http://[::1"])
async def test_a_photo_wazzup_cannot_give_is_answered_not_delivered_again(
    webhook: httpx.AsyncClient, wazzup: FakeWazzup, uri: str
) -> None:
    update = message(SERGEY, "", "wz-gone-1", type="image", contentUri=uri.format(url=wazzup.url))
    response = await deliver(webhook, update)
    assert response.status_code == 200  # a 500 would make Wazzup deliver the same link again and again
    [answer] = wazzup.texts(SERGEY)
    assert "Фото не получилось открыть" in answer


async def test_a_bearer_token_that_is_not_ascii_is_refused_like_any_wrong_one(webhook: httpx.AsyncClient, app: Container) -> None:
    update = {"messages": [message(SERGEY, "нужен стартер", "wz-token-1")]}
    response = await webhook.post(PATH, json=update, headers={"Authorization": "Bearer тест".encode()})
    assert response.status_code == 401
    async with app.sessions() as session:
        assert (await session.exec(select(Message))).all() == []
