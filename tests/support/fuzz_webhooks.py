"""What a fuzz run sends to each platform's webhook and what it must answer (the checks of
tests/support/fuzz_edges.py `send`: no 500, no exception, no echo in a refusal):

- garbage: a body that is not JSON, an update of the wrong shape, a wrong content type, a wrong or
  missing secret, each as the platform would sign it → 2xx (acknowledged, so it is not re-sent
  forever) or 4xx; never a 500, which the platform answers by delivering the same garbage again;
- messages: a well-formed update carrying any kind of text → the customer is answered.

Updates of the wrong shape are made from real ones (tests/support/whatsapp.py, the fake Bot API's,
Wazzup's documented form) and never name a photo, whose download failing is our failure to report (500).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.runtime import Container
from tests.fakes.graph_api import PHONE_ID, FakeGraph
from tests.fakes.graph_api import TOKEN as GRAPH_TOKEN
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.wazzup_api import API_KEY, CHANNEL_ID, FakeWazzup
from tests.support import whatsapp
from tests.support.fuzz import Inputs, Tally
from tests.support.fuzz_edges import JSON, MARKER, Client, raw_json, send

TELEGRAM_SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
TELEGRAM_PATH, TELEGRAM_SECRET = "/webhooks/telegram", "fuzz-secret_1"
WAZZUP_TOKEN = "fuzz-wazzup-token"


def telegram_settings() -> dict[str, object]:
    """tests/support/telegram.py `running_bot` overrides: webhook mode."""
    return {"telegram_webhook_url": f"https://shop.example{TELEGRAM_PATH}", "telegram_webhook_secret": TELEGRAM_SECRET}


def whatsapp_settings(graph: FakeGraph, media: Path) -> dict[str, object]:
    return {
        "whatsapp_token": GRAPH_TOKEN,
        "whatsapp_phone_number_id": PHONE_ID,
        "whatsapp_app_secret": whatsapp.APP_SECRET,
        "whatsapp_verify_token": whatsapp.VERIFY_TOKEN,
        "whatsapp_api_base": graph.url,
        "whatsapp_debounce_seconds": 0,  # answered before the webhook returns
        "telegram_media_dir": media,
        "retention_enabled": False,
    }


def wazzup_settings(fake: FakeWazzup, media: Path) -> dict[str, object]:
    return {
        "wazzup_api_key": API_KEY,
        "wazzup_api_base": fake.url,
        "wazzup_webhook_token": WAZZUP_TOKEN,
        "wazzup_debounce_seconds": 0,
        "telegram_media_dir": media,
        "retention_enabled": False,
    }


async def garbage(
    http: Client,
    inputs: Inputs,
    tally: Tally,
    count: int,
    *,
    edge: str,
    path: str,
    examples: list[dict[str, Any]],
    sign: Callable[[bytes], dict[str, str]],
) -> None:
    """`count` requests of garbage to one webhook, each signed as the platform signs it (`sign`)."""
    for _ in range(count):
        example = inputs.random.choice(examples)
        roll = inputs.random.random()
        if roll < 0.5:
            kind, raw = inputs.body(example)
        elif roll < 0.95:
            kind, value = inputs.reshaped(example)
            raw = raw_json(value)
        else:
            kind, raw = "content_type", raw_json(example)
        headers: dict[str, str | bytes] = {**sign(raw)}
        if kind == "content_type":
            headers["content-type"] = inputs.content_type()[1]
        elif inputs.random.random() < 0.05:
            kind, headers = "unsigned", {**JSON, **_wrong_signature(inputs, headers)}
        await send(http, tally, edge, kind, "POST", path, content=raw, headers=headers)


def _wrong_signature(inputs: Inputs, headers: dict[str, str | bytes]) -> dict[str, str | bytes]:
    """The platform's secret header with what is not the secret: any bytes (a header is not text), nothing, a guess."""
    forged = inputs.short_text()[1].encode("utf-8", "surrogatepass").replace(b"\r", b"").replace(b"\n", b"") + MARKER.encode()
    guesses: list[str | bytes] = [forged, "", "sha256=" + "0" * 64, "Bearer " + MARKER]
    return {name: inputs.random.choice(guesses) for name in headers if name.lower() != "content-type"}


# --- Telegram ------------------------------------------------------------------------------------


def telegram_examples(fake: FakeTelegram) -> list[dict[str, Any]]:
    user = {"id": 5005, "is_bot": False, "first_name": MARKER}
    return [
        fake.message_update(5005, text=f"нужен стартер {MARKER}"),
        fake.message_update(5005, text="/start", entities=[{"type": "bot_command", "offset": 0, "length": 6}]),
        fake.message_update(
            5005,
            sticker={
                "file_id": "s",
                "file_unique_id": "s",
                "width": 1,
                "height": 1,
                "is_animated": False,
                "is_video": False,
                "type": "regular",
            },
        ),
        fake.message_update(5005, contact={"phone_number": "+79161234567", "first_name": MARKER, "user_id": 5005}),
        {"update_id": 9001, "edited_message": fake.message_update(5005, text=MARKER)["message"]},
        {"update_id": 9002, "callback_query": {"id": "cb", "from": user, "chat_instance": "ci", "data": MARKER}},
        {
            "update_id": 9003,
            "my_chat_member": {
                "chat": {"id": 5005, "type": "private"},
                "from": user,
                "date": 1,
                "old_chat_member": {"status": "member", "user": user},
                "new_chat_member": {"status": "kicked", "user": user, "until_date": 0},
            },
        },
    ]


def telegram_signer(secret: str) -> Callable[[bytes], dict[str, str]]:
    return lambda raw: {**JSON, TELEGRAM_SECRET_HEADER: secret}


async def telegram_settled(container: Container, timeout: float = 60) -> None:
    """Every update the webhook acknowledged is handled and every gathered turn answered. The webhook
    hands updates to tasks of its own that nothing waits for when the service stops (reported in #19),
    so they are found by name; the gatherer is the Telegram plugin's closer's."""
    deadline = time.monotonic() + timeout
    while feeding := [t for t in asyncio.all_tasks() if t.get_coro().__qualname__ == "TelegramChannel.feed"]:  # type: ignore[union-attr]
        assert time.monotonic() < deadline, f"{len(feeding)} Telegram updates still handled after {timeout} s"
        await asyncio.wait(feeding, timeout=1)
    channel = container.plugins["telegram"].closers[0].__self__  # type: ignore[attr-defined]
    await channel.gatherer.idle()


async def telegram_messages(
    http: Client, fake: FakeTelegram, inputs: Inputs, tally: Tally, count: int, *, path: str, secret: str
) -> None:
    """Text updates of every kind from `count` new chats; each chat gets an answer."""
    chats: dict[int, str] = {}
    for index, (kind, text) in enumerate(inputs.texts(count)):
        chat = 700_000 + index
        response = await send(
            http,
            tally,
            "telegram_message",
            kind,
            "POST",
            path,
            content=raw_json(fake.message_update(chat, text=text)),
            headers=telegram_signer(secret)(b""),
        )
        if response is not None and response.status_code == 200:
            chats[chat] = kind
        elif response is not None:
            tally.fail("telegram_message", kind, f"HTTP {response.status_code}")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(not fake.texts(chat) for chat in chats):
        await asyncio.sleep(0.05)
    for chat, kind in chats.items():
        if not any(text.strip() for text in fake.texts(chat)):
            tally.fail("telegram_message", kind, f"chat {chat} not answered")


# --- WhatsApp Cloud API --------------------------------------------------------------------------


def whatsapp_examples() -> list[dict[str, Any]]:
    return [
        whatsapp.text_update("79160000001", f"нужен стартер {MARKER}", "wamid.fuzz.1", name=MARKER),
        whatsapp.button_update("79160000001", MARKER, "wamid.fuzz.2"),
        whatsapp.username_text_update("RU.fuzz", MARKER, "wamid.fuzz.3"),
        whatsapp.sticker_update("79160000001", "wamid.fuzz.4"),
        whatsapp.status_update("wamid.out.1", "failed", "79160000001", error=131047),
    ]


def whatsapp_signer(raw: bytes) -> dict[str, str]:
    return whatsapp.signed(raw)


async def whatsapp_messages(http: Client, graph: FakeGraph, inputs: Inputs, tally: Tally, count: int, *, path: str) -> None:
    """Text updates of every kind from `count` new customers; each is answered before the webhook returns."""
    for index, (kind, text) in enumerate(inputs.texts(count)):
        wa_id = f"7999{index:07d}"
        raw = whatsapp.body(whatsapp.text_update(wa_id, text, f"wamid.fuzz.text.{index}"))
        response = await send(http, tally, "whatsapp_message", kind, "POST", path, content=raw, headers=whatsapp.signed(raw))
        if response is None or response.status_code != 200 or not any(t.strip() for t in graph.texts(wa_id)):
            tally.fail("whatsapp_message", kind, f"not answered (HTTP {response.status_code if response else '-'})")


# --- Wazzup --------------------------------------------------------------------------------------


def wazzup_message(chat_id: str, text: str, message_id: str, **extra: Any) -> dict[str, Any]:
    """A customer's message as Wazzup posts it (https://wazzup24.ru/help/api-en/webhooks/)."""
    return {
        "messageId": message_id,
        "channelId": CHANNEL_ID,
        "chatType": "whatsapp",
        "chatId": chat_id,
        "dateTime": "2026-11-23T08:00:00.000Z",
        "type": "text",
        "status": "inbound",
        "text": text,
        "isEcho": False,
        "contact": {"name": MARKER, "phone": chat_id},
        **extra,
    }


def wazzup_examples() -> list[dict[str, Any]]:
    return [
        {"messages": [wazzup_message("79160000002", f"нужен стартер {MARKER}", "wz-fuzz-1")]},
        {"messages": [wazzup_message("79160000002", MARKER, "wz-fuzz-2", isEcho=True, authorName=MARKER)]},
        {"messages": [wazzup_message("79160000002", "", "wz-fuzz-3", type="audio")]},
        {
            "statuses": [
                {"messageId": "out-1", "timestamp": "2026-11-23T08:00:01.000Z", "status": "error", "error": {"error": MARKER}}
            ]
        },
        {"test": True},
    ]


def wazzup_signer(token: str) -> Callable[[bytes], dict[str, str]]:
    return lambda raw: {**JSON, "Authorization": f"Bearer {token}"}


async def wazzup_messages(
    http: Client, fake: FakeWazzup, inputs: Inputs, tally: Tally, count: int, *, path: str, token: str
) -> None:
    """Text messages of every kind from `count` new customers; each is answered before the webhook returns."""
    for index, (kind, text) in enumerate(inputs.texts(count)):
        chat = f"7998{index:07d}"
        raw = raw_json({"messages": [wazzup_message(chat, text, f"wz-fuzz-text-{index}")]})
        response = await send(http, tally, "wazzup_message", kind, "POST", path, content=raw, headers=wazzup_signer(token)(raw))
        if response is None or response.status_code != 200 or not any(t.strip() for t in fake.texts(chat)):
            tally.fail("wazzup_message", kind, f"not answered (HTTP {response.status_code if response else '-'})")
