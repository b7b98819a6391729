"""The web chat and the CRM board over real HTTP: a conversation typed by a customer becomes a deal."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import httpx

from bot.bootstrap import build
from bot.config import Settings
from bot.db import upgrade
from bot.web.app import create_app
from tests.support.server import serve_app

VIN = "XTA21099051234567"


def chat_app(tmp_path: Path):  # type: ignore[no-untyped-def]
    url = f"sqlite+aiosqlite:///{tmp_path / 'web.db'}"
    upgrade(url)
    settings = Settings(_env_file=None, database_url=url, outbox_poll_seconds=0.1)  # type: ignore[call-arg]
    return create_app(build(settings))


def send(client: httpx.Client, session: str, text: str) -> list[dict[str, object]]:
    response = client.post("/api/chat/messages", json={"session": session, "id": uuid.uuid4().hex, "text": text})
    response.raise_for_status()
    return response.json()["messages"]


def bot_text(messages: list[dict[str, object]]) -> str:
    return " ".join(str(m["text"]) for m in messages if m["direction"] == "out")


def test_a_typed_conversation_becomes_a_deal_on_the_board(tmp_path: Path) -> None:
    with serve_app(chat_app(tmp_path)) as base, httpx.Client(base_url=base, timeout=10) as client:
        session = uuid.uuid4().hex
        assert "Виталий" in bot_text(send(client, session, "Здравствуйте, нужен стартер на приору"))
        assert VIN in bot_text(send(client, session, f"вин {VIN}"))
        assert "заявка принята" in bot_text(send(client, session, "нет, спасибо")).lower()
        board = ""
        for _ in range(50):  # the outbox worker delivers the deal in the background
            board = client.get("/crm").text
            if "Переписка" in board:
                break
            time.sleep(0.1)
        assert VIN in board and "стартер" in board and "Переписка" in board


def test_history_is_returned_for_a_returning_page(tmp_path: Path) -> None:
    with serve_app(chat_app(tmp_path)) as base, httpx.Client(base_url=base, timeout=10) as client:
        session = uuid.uuid4().hex
        send(client, session, "нужен генератор")
        history = client.get("/api/chat/messages", params={"session": session}).json()["messages"]
        assert [m["direction"] for m in history] == ["in", "out"]
        later = client.get("/api/chat/messages", params={"session": session, "after": history[-1]["id"]})
        assert later.json()["messages"] == []


def test_a_resent_message_is_answered_once(tmp_path: Path) -> None:
    with serve_app(chat_app(tmp_path)) as base, httpx.Client(base_url=base, timeout=10) as client:
        body = {"session": uuid.uuid4().hex, "id": "retry-0001", "text": "нужен генератор"}
        first = client.post("/api/chat/messages", json=body).json()["messages"]
        second = client.post("/api/chat/messages", json=body).json()["messages"]
        assert bot_text(first) and not bot_text(second)


def test_a_malformed_session_is_refused_with_422(tmp_path: Path) -> None:
    with serve_app(chat_app(tmp_path)) as base, httpx.Client(base_url=base, timeout=10) as client:
        response = client.post("/api/chat/messages", json={"session": "../etc", "id": "x" * 10, "text": "hi"})
        assert response.status_code == 422
