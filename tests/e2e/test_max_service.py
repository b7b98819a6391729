"""The service as README says to start it (`python main.py run`), with MAX_BOT_TOKEN and MAX_API_BASE
pointing at a MAX Bot API server it never saw (the fake, on loopback): over long polling and over the
webhook it answers as the persona, reads a VIN from a photo, answers an update delivered again once,
keeps two chats apart, refuses webhook calls without the secret, and splits a reply MAX would refuse
(a manager's long answer from the Telegram managers' chat)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.fakes.max_api import SECRET_HEADER, FakeMax
from tests.fakes.telegram_api import FakeTelegram
from tests.support.photo_synth import generate_one
from tests.support.server import run_service, wait_for
from tests.support.telegram import TOKEN as TELEGRAM_TOKEN

pytestmark = pytest.mark.heavy  # seconds each (a real process, the OCR engines): scheduled first
STARTER, GRANTA = 8001, 8002
MANAGERS = -100900
ANNA = {"id": 7001, "is_bot": False, "first_name": "Анна"}
SECRET = "max-e2e-secret"


def answers(max_api: FakeMax, chat: int, count: int) -> list[str]:
    wait_for(lambda: len(max_api.texts(chat)) >= count, f"{count} answers in MAX chat {chat}")
    return max_api.texts(chat)


def test_over_long_polling_the_persona_reads_a_photo_keeps_chats_apart_and_splits_a_long_reply(
    sqlite_url: str, max_api: FakeMax, fake: FakeTelegram, tmp_path: Path
) -> None:
    sample = generate_one(tmp_path / "photos", 12)  # a VIN plate, read surely and quickly
    assert sample.vin is not None
    env = {
        "MAX_BOT_TOKEN": max_api.token,
        "MAX_API_BASE": max_api.url,
        "MAX_DEBOUNCE_SECONDS": "0.2",
        "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
        "TELEGRAM_API_BASE": fake.url,  # type: ignore[attr-defined]
        "TELEGRAM_POLLING_TIMEOUT": "1",
        "TELEGRAM_MANAGERS_CHAT_ID": str(MANAGERS),
    }
    with run_service(sqlite_url, output=tmp_path / "service.log", **env):
        max_api.push_text(STARTER, "Здравствуйте, нужен стартер")  # the car: from the VIN on the photo
        max_api.push_text(GRANTA, "нужны тормозные колодки на гранту")
        [starter] = answers(max_api, STARTER, 1)
        [granta] = answers(max_api, GRANTA, 1)

        photo = max_api.push_photo(STARTER, sample.path.read_bytes())
        max_api.push(photo)  # MAX delivers it again
        read = answers(max_api, STARTER, 2)[1]

        max_api.push_text(STARTER, "нет, всё")
        answers(max_api, STARTER, 3)
        wait_for(lambda: fake.sent("sendMessage", MANAGERS), "the card in the managers' chat")
        [card] = fake.sent("sendMessage", MANAGERS)
        reply = ("Стартер есть, 12 400 ₽, доставка завтра. " * 120)[:4096]  # as long as Telegram lets a manager write
        chat = {"id": MANAGERS, "type": "supergroup"}
        fake.push_text(
            MANAGERS, reply, from_user=ANNA, reply_to_message={"message_id": card.result["message_id"], "date": 0, "chat": chat}
        )
        relayed = answers(max_api, STARTER, 5)[3:]
    assert "Виталий" in starter and "Granta" in granta and "стартер" not in granta
    assert sample.vin in read and sample.vin not in "".join(max_api.texts(GRANTA))
    assert len(max_api.texts(STARTER)) == 5 and len(max_api.texts(GRANTA)) == 1  # the photo delivered twice: one answer
    assert "(MAX)" in card.params["text"] and sample.vin in card.params["text"]
    assert len(relayed) == 2 and all(len(piece) < 4000 for piece in relayed)
    assert " ".join(relayed) == reply.strip()


def test_over_the_webhook_the_persona_answers_and_strangers_are_refused(
    sqlite_url: str, max_api: FakeMax, tmp_path: Path
) -> None:
    env = {
        "MAX_BOT_TOKEN": max_api.token,
        "MAX_API_BASE": max_api.url,
        "MAX_WEBHOOK_URL": "https://shop.example/webhooks/max",
        "MAX_WEBHOOK_SECRET": SECRET,
        "MAX_DEBOUNCE_SECONDS": "0.2",
    }
    with run_service(sqlite_url, output=tmp_path / "service.log", **env) as base, httpx.Client(base_url=base, timeout=30) as http:
        wait_for(lambda: max_api.subscriptions, "the webhook subscription")
        [subscription] = max_api.subscriptions
        update = max_api.message_update(STARTER, "Здравствуйте, нужен стартер на камри")
        missing = http.post("/webhooks/max", json=update)
        wrong = http.post("/webhooks/max", json=update, headers={SECRET_HEADER: "guess"})
        first = http.post("/webhooks/max", json=update, headers={SECRET_HEADER: SECRET})
        [answer] = answers(max_api, STARTER, 1)
        again = http.post("/webhooks/max", json=update, headers={SECRET_HEADER: SECRET})
        other = http.post(
            "/webhooks/max", json=max_api.message_update(GRANTA, "нужны колодки на гранту"), headers=max_api.webhook_headers()
        )
        answers(max_api, GRANTA, 1)
    assert subscription["url"] == "https://shop.example/webhooks/max" and subscription["secret"] == SECRET
    assert (missing.status_code, wrong.status_code, first.status_code, again.status_code, other.status_code) == (
        403,
        403,
        200,
        200,
        200,
    )
    assert "Виталий" in answer and len(max_api.texts(STARTER)) == 1 and len(max_api.texts(GRANTA)) == 1
    assert max_api.attempts("GET /updates") == []
