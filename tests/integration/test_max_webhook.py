"""Webhook mode: the service subscribes MAX_WEBHOOK_URL with its secret at start, and /webhooks/max reads
only updates carrying X-Max-Bot-Api-Secret (the real maxapi client against the fake MAX Bot API)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.channels.max.webhook import SECRET_HEADER
from bot.clock import FixedClock
from tests.fakes.max_api import FakeMax
from tests.support.max import QUIET, WEBHOOK_SECRET, WEBHOOK_URL, inbound_messages, max_answers, running_max, webhook
from tests.support.server import asgi_client
from tests.support.telegram import eventually, quiet

CHAT = 7101


async def test_the_webhook_is_subscribed_with_its_secret_and_nothing_is_polled(
    sqlite_url: str, max_api: FakeMax, clock: FixedClock, tmp_path: Path
) -> None:
    async with running_max(sqlite_url, max_api, clock, tmp_path, **webhook()):
        [subscription] = await eventually(lambda: max_api.subscriptions)
    assert subscription["url"] == WEBHOOK_URL and subscription["secret"] == WEBHOOK_SECRET
    assert set(subscription["update_types"]) == {"message_created", "bot_started", "bot_stopped"}
    assert max_api.attempts("GET /updates") == []


async def test_without_a_secret_of_its_own_one_is_derived_from_the_token(
    sqlite_url: str, max_api: FakeMax, clock: FixedClock, tmp_path: Path
) -> None:
    async with running_max(sqlite_url, max_api, clock, tmp_path, max_webhook_url=WEBHOOK_URL):
        [subscription] = await eventually(lambda: max_api.subscriptions)
    assert 5 <= len(subscription["secret"]) <= 256 and "max-test-token" not in subscription["secret"]


async def test_an_update_with_the_secret_is_answered(
    sqlite_url: str, max_api: FakeMax, clock: FixedClock, tmp_path: Path
) -> None:
    async with running_max(sqlite_url, max_api, clock, tmp_path, **webhook()) as app, asgi_client(app) as client:
        await eventually(lambda: max_api.subscriptions)
        update = max_api.message_update(CHAT, "Здравствуйте, нужен стартер на камри")
        response = await client.post("/webhooks/max", json=update, headers=max_api.webhook_headers())
        assert response.status_code == 200
        assert len(await inbound_messages(app)) == 1  # stored before it was acknowledged
        [answer] = await max_answers(max_api, CHAT, 1)
    assert "Виталий" in answer


async def test_a_request_without_the_secret_is_refused_and_nothing_is_stored(
    sqlite_url: str, max_api: FakeMax, clock: FixedClock, tmp_path: Path
) -> None:
    async with running_max(sqlite_url, max_api, clock, tmp_path, **webhook()) as app, asgi_client(app) as client:
        update = max_api.message_update(CHAT, "нужен стартер")
        missing = await client.post("/webhooks/max", json=update)
        wrong = await client.post("/webhooks/max", json=update, headers={SECRET_HEADER: "guess"})
        await quiet(QUIET)
        assert await inbound_messages(app) == []
    assert missing.status_code == 403 and wrong.status_code == 403
    assert max_api.texts(CHAT) == []


async def test_an_update_delivered_twice_is_answered_once(
    sqlite_url: str, max_api: FakeMax, clock: FixedClock, tmp_path: Path
) -> None:
    async with running_max(sqlite_url, max_api, clock, tmp_path, **webhook()) as app, asgi_client(app) as client:
        update = max_api.message_update(CHAT, "нужен генератор на гранту")
        headers = {SECRET_HEADER: WEBHOOK_SECRET}
        assert (await client.post("/webhooks/max", json=update, headers=headers)).status_code == 200
        await max_answers(max_api, CHAT, 1)
        assert (await client.post("/webhooks/max", json=update, headers=headers)).status_code == 200
        await quiet(QUIET)
        assert len(await inbound_messages(app)) == 1
    assert len(max_api.texts(CHAT)) == 1


async def test_what_is_not_an_update_is_acknowledged_without_logging_it(
    sqlite_url: str, max_api: FakeMax, clock: FixedClock, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    secret_words = "мой номер 89161234567"
    headers = {SECRET_HEADER: WEBHOOK_SECRET}
    async with running_max(sqlite_url, max_api, clock, tmp_path, **webhook()) as app, asgi_client(app) as client:
        with caplog.at_level(logging.DEBUG):
            not_json = await client.post("/webhooks/max", content=b"{nope", headers=headers)
            unknown = await client.post(
                "/webhooks/max", json={"update_type": "poll_voted", "text": secret_words}, headers=headers
            )
            broken = await client.post(
                "/webhooks/max", json={"update_type": "message_created", "timestamp": 1, "text": secret_words}, headers=headers
            )
        assert await inbound_messages(app) == []
    assert [r.status_code for r in (not_json, unknown, broken)] == [200, 200, 200]
    assert secret_words not in caplog.text
