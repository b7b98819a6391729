"""Webhook mode: Telegram POSTs updates to our FastAPI route; the secret header guards it."""

from __future__ import annotations

import asyncio
import warnings
from pathlib import Path

import pytest

from bot.channels.telegram.webhook import SECRET_HEADER
from bot.clock import FixedClock
from tests.fakes.telegram_api import FakeTelegram
from tests.support.server import asgi_client
from tests.support.telegram import (
    eventually,
    fake_answers,
    quiet,
    running_bot,
)

CHAT = 2002
SECRET = "s3cret-Token_42"
URL = "https://shop.example/webhooks/telegram"


def webhook_bot(sqlite_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path):  # type: ignore[no-untyped-def]
    return running_bot(sqlite_url, fake, clock, tmp_path, telegram_webhook_url=URL, telegram_webhook_secret=SECRET)


async def test_the_webhook_is_registered_with_its_secret(
    sqlite_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path
) -> None:
    async with webhook_bot(sqlite_url, fake, clock, tmp_path):
        registered = await eventually(lambda: fake.webhook)
    assert registered["url"] == URL and registered["secret_token"] == SECRET
    assert set(registered["allowed_updates"]) >= {"message"}
    assert fake.attempts("getUpdates") == []


async def test_an_update_with_the_right_secret_is_answered(
    sqlite_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path
) -> None:
    async with webhook_bot(sqlite_url, fake, clock, tmp_path) as app:
        client = asgi_client(app, base_url="http://t")
        async with client:
            update = fake.message_update(CHAT, text="нужен стартер на камри")
            response = await client.post("/webhooks/telegram", json=update, headers={SECRET_HEADER: SECRET})
            assert response.status_code == 200
            [answer] = await fake_answers(fake, CHAT, 1)
    assert "стартер" in answer.lower() or "vin" in answer.lower()


async def test_a_wrong_or_missing_secret_is_rejected_and_nothing_is_handled(
    sqlite_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path
) -> None:
    async with webhook_bot(sqlite_url, fake, clock, tmp_path) as app:
        client = asgi_client(app, base_url="http://t")
        async with client:
            update = fake.message_update(CHAT, text="нужен стартер")
            wrong = await client.post("/webhooks/telegram", json=update, headers={SECRET_HEADER: "guess"})
            missing = await client.post("/webhooks/telegram", json=update)
            await quiet()
    assert wrong.status_code == 401 and missing.status_code == 401
    assert fake.texts(CHAT) == []


async def test_a_re_sent_webhook_update_is_answered_once(
    sqlite_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path
) -> None:
    async with webhook_bot(sqlite_url, fake, clock, tmp_path) as app:
        client = asgi_client(app, base_url="http://t")
        async with client:
            update = fake.message_update(CHAT, text="нужен генератор")
            headers = {SECRET_HEADER: SECRET}
            assert (await client.post("/webhooks/telegram", json=update, headers=headers)).status_code == 200
            await fake_answers(fake, CHAT, 1)
            assert (await client.post("/webhooks/telegram", json=update, headers=headers)).status_code == 200
            await quiet()
    assert len(fake.texts(CHAT)) == 1


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"[" * 100_000,
        b'{"update_id": "seven"}',
        b'{"update_id": 18446744073709551616, "message": {"message_id": 1, "date": 1, "chat": {"id": 1, "type": "private"}, "text": "a"}}',
    ],
    ids=["not_json", "nested_past_the_decoder", "wrong_types", "update_id_past_64_bits"],
)
async def test_a_body_that_is_not_an_update_gets_400(
    sqlite_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path, body: bytes
) -> None:
    async with webhook_bot(sqlite_url, fake, clock, tmp_path) as app:
        client = asgi_client(app, base_url="http://t")
        async with client:
            response = await client.post("/webhooks/telegram", content=body, headers={SECRET_HEADER: SECRET})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "body",
    [{"update_id": 77}, {"update_id": 78, "message": None}, {"update_id": 79, "future_kind": {"text": "нужен стартер"}}],
    ids=["nothing", "a_null_message", "a_kind_from_the_future"],
)
async def test_an_update_of_no_kind_we_know_is_acknowledged_and_never_written_to_the_log(
    sqlite_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path, body: dict[str, object]
) -> None:
    async with webhook_bot(sqlite_url, fake, clock, tmp_path) as app:
        client = asgi_client(app, base_url="http://t")
        async with client:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                response = await client.post("/webhooks/telegram", json=body, headers={SECRET_HEADER: SECRET})
                await quiet()
    assert response.status_code == 200  # Telegram would send it again and again otherwise
    assert [str(w.message) for w in caught if "update" in str(w.message).lower()] == []  # aiogram's warning prints it whole


async def test_the_same_update_delivered_fifty_times_at_once_is_answered_once(
    sqlite_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path
) -> None:
    async with webhook_bot(sqlite_url, fake, clock, tmp_path) as app:
        client = asgi_client(app, base_url="http://t")
        async with client:
            update = fake.message_update(CHAT, text="нужен стартер на камри")
            posts = (client.post("/webhooks/telegram", json=update, headers={SECRET_HEADER: SECRET}) for _ in range(50))
            responses = await asyncio.gather(*posts)
            assert {response.status_code for response in responses} == {200}
            await fake_answers(fake, CHAT, 1)
            await quiet()
    assert len(fake.texts(CHAT)) == 1


async def test_an_update_acknowledged_just_before_shutdown_is_still_answered(
    sqlite_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path
) -> None:
    async with webhook_bot(sqlite_url, fake, clock, tmp_path) as app:
        client = asgi_client(app, base_url="http://t")
        async with client:
            update = fake.message_update(CHAT, text="нужен стартер на камри")
            response = await client.post("/webhooks/telegram", json=update, headers={SECRET_HEADER: SECRET})
    # acknowledged with 200, so Telegram will not send it again: the service answers it before it stops
    assert response.status_code == 200
    assert len(fake.texts(CHAT)) == 1
