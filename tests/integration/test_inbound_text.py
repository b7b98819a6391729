"""What is not text never reaches the database or a reply: NUL, other control characters and lone
surrogates are dropped from every inbound message at the edge, on SQLite and on PostgreSQL alike; a
link, a sign-in name or a message id that no row can hold is refused before the database sees it."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlmodel import select

from bot.messages import clean_text
from bot.runtime import Container
from bot.store.models import Message
from tests.support.server import asgi_client
from tests.support.staff import csrf_of

pytestmark = pytest.mark.backend_matters


async def test_a_web_chat_message_with_a_nul_and_a_lone_surrogate_is_answered_and_stored_clean(container: Container) -> None:
    async with asgi_client(container) as http:
        body = {"session": "fuzzed-session-1", "id": uuid.uuid4().hex, "text": "нужен стартер\u0000 на приору \ud800\x07"}
        raw = json.dumps(body).encode()  # escaped as the browser's JSON would: "\\u0000", "\\ud800"
        answer = await http.post("/api/chat/messages", content=raw, headers={"content-type": "application/json"})
    assert answer.status_code == 200
    async with container.sessions() as session:
        stored = [m.text for m in (await session.exec(select(Message).where(Message.direction == "in"))).all()]
    assert stored == ["нужен стартер на приору "]


def test_line_breaks_tabs_and_emoji_are_text_and_stay() -> None:
    assert clean_text("колодки\tи диски\r\nспасибо 👍") == "колодки\tи диски\r\nспасибо 👍"


async def test_an_invalid_request_with_a_lone_surrogate_is_a_422_that_echoes_nothing(container: Container) -> None:
    async with asgi_client(container) as http:
        raw = json.dumps({"session": "bad\ud800session", "id": uuid.uuid4().hex, "text": "мой телефон 89161234567"}).encode()
        answer = await http.post("/api/chat/messages", content=raw, headers={"content-type": "application/json"})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "session"]
    assert "89161234567" not in answer.text  # the customer's words are not sent back


async def test_a_campaign_link_holding_a_nul_is_not_found(container: Container) -> None:
    async with asgi_client(container) as http:
        response = await http.get("/c/abc%00def")
    assert response.status_code == 404


async def test_a_sign_in_name_holding_a_nul_is_a_wrong_name(container: Container) -> None:
    async with asgi_client(container) as http:
        csrf = csrf_of((await http.get("/login")).text)
        response = await http.post("/login", data={"name": "anna\x00", "password": "x", "csrf": csrf})
    assert response.status_code == 401


@pytest.mark.parametrize("after", [str(2**31), str(2**63), str(10**30), str(-(2**64))])
async def test_the_history_after_an_id_no_message_can_have_is_a_422(container: Container, after: str) -> None:
    async with asgi_client(container) as http:
        response = await http.get("/api/chat/messages", params={"session": "fuzzed-session-1", "after": after})
    assert response.status_code == 422
