"""The web chat and the CRM board over real HTTP: a conversation typed by a customer becomes a deal."""

from __future__ import annotations

import re
import time
import uuid
from pathlib import Path

import httpx
import pytest

from bot.bootstrap import build
from bot.config import Settings
from bot.store.engine import upgrade
from bot.web.app import create_app
from tests.support.photo_synth import KINDS, generate_one
from tests.support.server import serve_app
from tests.support.staff import add_staff, csrf_of, sign_in

VIN = "XTA21099051234567"


def chat_app(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The service on a fresh database with one manager, "anna" (see tests/support/staff.py)."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'web.db'}"
    upgrade(url)
    add_staff(url, "anna")
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
        sign_in(client, "anna")
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


def test_a_deal_marked_won_on_the_board_becomes_the_customers_purchase(tmp_path: Path) -> None:
    app = chat_app(tmp_path)
    with serve_app(app) as base, httpx.Client(base_url=base, timeout=10) as client:
        session = uuid.uuid4().hex
        send(client, session, f"нужен стартер, вин {VIN}")
        send(client, session, "нет")
        sign_in(client, "anna")
        for _ in range(50):
            if 'action="/crm/deals/1/close"' in (board := client.get("/crm").text):
                break
            time.sleep(0.1)
        csrf = csrf_of(board)
        response = client.post("/crm/deals/1/close", data={"outcome": "won", "amount": "2 500,50", "csrf": csrf})
        assert response.status_code == 303
        assert "Выиграна" in client.get("/crm").text
        assert client.post("/crm/deals/99/close", data={"outcome": "won", "csrf": csrf}).status_code == 404
    container = app.state.container

    async def purchases() -> list[tuple[float, str, bool]]:
        from sqlmodel import select

        from bot.store.models import Customer, Lead, Purchase

        async with container.sessions() as db:
            [purchase] = (await db.exec(select(Purchase))).all()
            customer = await db.get(Customer, purchase.customer_id)
            [lead] = (await db.exec(select(Lead))).all()
            return [(purchase.amount, lead.status, customer.last_purchase_at == purchase.purchased_at)]

    import asyncio

    assert asyncio.run(purchases()) == [(2500.5, "closed", True)]


@pytest.mark.heavy
def test_a_photo_of_the_sts_uploaded_in_the_chat_puts_its_vin_into_the_deal(tmp_path: Path) -> None:
    sample = generate_one(tmp_path / "photos", KINDS.index("sts") + 3 * len(KINDS))  # an СТС read surely, in ~1 s
    assert sample.vin is not None
    with serve_app(chat_app(tmp_path)) as base, httpx.Client(base_url=base, timeout=60) as client:
        session = uuid.uuid4().hex
        send(client, session, "нужны передние колодки")
        with sample.path.open("rb") as photo:
            files = {"photo": ("sts.jpg", photo, "image/jpeg")}
            answer = client.post("/api/chat/photos", data={"session": session, "id": uuid.uuid4().hex}, files=files)
        assert answer.status_code == 200
        reply = bot_text(answer.json()["messages"])
        assert sample.vin in reply
        if "всё верно" in reply:  # a doubtful reading is confirmed first
            send(client, session, "да")
        assert "заявка принята" in bot_text(send(client, session, "нет, всё")).lower()
        sign_in(client, "anna")
        for _ in range(50):
            board = client.get("/crm").text
            if sample.vin in board:
                break
            time.sleep(0.1)
        assert sample.vin in board and "[фото:" in board
        link = re.search(r"/media/([0-9a-f]{32})/([^\]\s<\"]+)", board)
        assert link is not None, "the deal links the photo for the manager"
        photo_page = client.get(f"/media/{link.group(1)}/{link.group(2)}")
        assert photo_page.status_code == 200 and photo_page.content == sample.path.read_bytes()
        assert client.get(f"/media/{'0' * 32}/{link.group(2)}").status_code == 404  # a guessed link opens nothing
        assert client.get(f"/media/{link.group(1)}/%2E%2E%2F.link-secret", follow_redirects=True).status_code == 404
        assert client.get(f"/media/%D0%BF/{link.group(2)}").status_code == 404  # not a 500
        assert photo_page.headers["content-type"] == "image/jpeg" and "sandbox" in photo_page.headers["content-security-policy"]
        history = client.get("/api/chat/messages", params={"session": session}).json()["messages"]
        assert "[фото]" in [m["text"] for m in history]


def test_a_broken_image_gets_a_polite_ask_not_an_error(tmp_path: Path) -> None:
    with serve_app(chat_app(tmp_path)) as base, httpx.Client(base_url=base, timeout=60) as client:
        files = {"photo": ("x.jpg", b"definitely not a jpeg", "image/jpeg")}
        answer = client.post("/api/chat/photos", data={"session": uuid.uuid4().hex, "id": uuid.uuid4().hex}, files=files)
        assert answer.status_code == 200 and "фото поближе" in bot_text(answer.json()["messages"])
