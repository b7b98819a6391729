"""The web chat cannot be flooded (messages, new conversations, photos): a client over its limits is
told so plainly (429) and nothing of it is stored, while other customers chat as usual; the limits
refill with time."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlmodel import select

from bot.bootstrap import build
from bot.channels.web import TOO_MANY_CONVERSATIONS, TOO_MANY_MESSAGES, TOO_MANY_PHOTOS
from bot.clock import FixedClock
from bot.runtime import Container
from bot.store.models import Message
from bot.web.app import create_app
from tests.conftest import make_settings


@pytest.fixture
async def app(sqlite_url: str, clock: FixedClock) -> AsyncIterator[Container]:
    container = build(
        make_settings(sqlite_url, web_chat_messages_per_minute=5, web_chat_new_conversations_per_hour=3), clock=clock
    )
    try:
        yield container
    finally:
        await container.close()


def client(app: Container, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=create_app(app, background=False), client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://shop")


async def say(http: httpx.AsyncClient, session: str, text: str = "нужен стартер на камри") -> httpx.Response:
    return await http.post("/api/chat/messages", json={"session": session, "id": uuid.uuid4().hex, "text": text})


async def test_a_flood_in_one_conversation_is_throttled_while_another_customer_chats(app: Container, clock: FixedClock) -> None:
    flood, other = "flooding-session-1", "regular-customer-1"
    async with client(app, "203.0.113.5") as attacker, client(app, "198.51.100.7") as customer:
        answers = [await say(attacker, flood, f"сообщение {n}") for n in range(6)]
        assert [r.status_code for r in answers] == [200] * 5 + [429]
        assert answers[-1].json()["detail"] == TOO_MANY_MESSAGES
        assert (await say(customer, other)).status_code == 200
        async with app.sessions() as session:
            assert "сообщение 5" not in [m.text for m in (await session.exec(select(Message))).all()]
        clock.advance(timedelta(minutes=1))
        assert (await say(attacker, flood, "снова я")).status_code == 200


async def test_new_conversations_from_one_address_are_limited_but_its_open_ones_go_on(app: Container) -> None:
    async with client(app, "203.0.113.9") as same, client(app, "198.51.100.8") as elsewhere:
        sessions = [f"session-number-{n}" for n in range(4)]
        statuses = [(await say(same, s)).status_code for s in sessions]
        assert statuses == [200, 200, 200, 429]
        refused = await say(same, "session-number-9")
        assert refused.json()["detail"] == TOO_MANY_CONVERSATIONS
        assert (await say(same, sessions[0], "вин не помню")).status_code == 200  # an open conversation goes on
        assert (await say(elsewhere, "another-place-1")).status_code == 200


async def send_photo(http: httpx.AsyncClient, session: str, photo_id: str) -> httpx.Response:
    files = {"photo": ("plate.jpg", b"not really a jpeg", "image/jpeg")}
    return await http.post("/api/chat/photos", data={"session": session, "id": photo_id}, files=files)


async def test_photos_a_conversation_may_send_an_hour_are_counted_and_texts_still_go_through(
    sqlite_url: str, clock: FixedClock, tmp_path: Path
) -> None:
    media = tmp_path / "media"
    settings = make_settings(sqlite_url, web_chat_photos_per_hour=2, telegram_media_dir=media)
    container = build(settings, clock=clock)
    session = "photo-session-1"
    try:
        async with client(container, "203.0.113.20") as http:
            statuses = [(await send_photo(http, session, f"photo-number-{n}")).status_code for n in range(3)]
            assert statuses == [200, 200, 429]
            refused = await send_photo(http, session, "photo-number-9")
            assert refused.status_code == 429 and refused.json()["detail"] == TOO_MANY_PHOTOS
            assert sorted(p.stem for p in (media / "web" / session).iterdir()) == ["photo-number-0", "photo-number-1"]
            async with container.sessions() as db:
                stored = {m.external_id for m in (await db.exec(select(Message))).all()}
            assert f"{session}:photo-number-2" not in stored and f"{session}:photo-number-9" not in stored
            assert (await say(http, session, "вин пришлю текстом")).status_code == 200  # texts still go through
            assert (await send_photo(http, "other-session-1", "photo-number-0")).status_code == 200  # per conversation
            clock.advance(timedelta(hours=1))
            assert (await send_photo(http, session, "photo-number-3")).status_code == 200
    finally:
        await container.close()
