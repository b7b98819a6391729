"""MAX beside the rest of the shop: win-back campaigns write first through MAX to the customers who started
the bot (never to one who stopped it, nor to one MAX cannot reach), and a MAX request goes to the
managers' Telegram chat and the CRM like any other, shown as coming from MAX; the manager's answer goes
back to the MAX chat (split below MAX's 4,000 characters when the manager wrote more)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from bot.app.chat_links import create_link_token
from bot.channels.max import store
from bot.clock import FixedClock
from bot.runtime import Container
from bot.store.kv import KvStore
from bot.store.models import LocalDeal
from tests.fakes.max_api import FakeMax
from tests.fakes.telegram_api import FakeTelegram
from tests.support.max import max_answers, running_max
from tests.support.population import add_customer
from tests.support.telegram import TOKEN, eventually

CHAT, STOPPED = 7401, 7402
MANAGERS = -100500
VIN = "JTNBE46K303123456"
ANNA = {"id": 7001, "is_bot": False, "first_name": "Анна", "username": "anna_parts"}


async def started_through_a_link(app: Container, max_api: FakeMax, chat: int, customer_id: int) -> None:
    token = await create_link_token(KvStore(app.sessions, app.clock), "max", customer_id)
    max_api.push_started(chat, token)
    await max_answers(max_api, chat, 1)


@pytest.mark.backend_matters
async def test_win_back_writes_first_through_max_only_to_customers_who_started_the_bot(
    db_url: str, max_api: FakeMax, clock: FixedClock, tmp_path: Path
) -> None:
    async with running_max(db_url, max_api, clock, tmp_path) as app:
        assert app.campaigns.rules.channels == ("max",)
        started = await add_customer(app, "Анна Смирнова", phone=None)
        stopped = await add_customer(app, "Борис", phone=None)
        await add_customer(app, "Вера (never started the bot)")
        await started_through_a_link(app, max_api, CHAT, started)
        await started_through_a_link(app, max_api, STOPPED, stopped)
        max_api.push_stopped(STOPPED)
        await eventually(lambda: store.is_blocked(app.sessions, str(STOPPED)))
        result = await app.campaigns.run_once(app.clock.now())
        _, opener = await max_answers(max_api, CHAT, 2)
    assert [(c.customer_id, c.channel) for c in result.contacted] == [(started, "max")]
    assert "Анна" in opener
    assert len(max_api.texts(STOPPED)) == 1  # only its greeting


async def test_a_max_request_reaches_the_managers_chat_and_the_crm_as_from_max(
    sqlite_url: str, max_api: FakeMax, fake: FakeTelegram, clock: FixedClock, tmp_path: Path
) -> None:
    telegram = {
        "telegram_bot_token": TOKEN,
        "telegram_api_base": fake.url,  # type: ignore[attr-defined]
        "telegram_polling_timeout": 1,
        "telegram_chat_interval_seconds": 0.0,
        "telegram_managers_chat_id": MANAGERS,
    }
    async with running_max(sqlite_url, max_api, clock, tmp_path, **telegram) as app:
        max_api.push_text(CHAT, f"нужен стартер на камри, вин {VIN}")
        await max_answers(max_api, CHAT, 1)
        max_api.push_text(CHAT, "нет, всё")
        await max_answers(max_api, CHAT, 2)
        [card] = await eventually(lambda: fake.sent("sendMessage", MANAGERS))
        await app.outbox.drain()
        async with app.sessions() as session:
            [deal] = (await session.exec(select(LocalDeal))).all()
        answer = "Стартер есть, 12 400 ₽. " + "Подробности по установке: " * 200  # what a manager may write in Telegram
        card_message = {"message_id": card.result["message_id"], "date": 0, "chat": {"id": MANAGERS, "type": "supergroup"}}
        fake.push_text(MANAGERS, answer[:4096], from_user=ANNA, reply_to_message={**card_message, "text": card.params["text"]})
        relayed = (await max_answers(max_api, CHAT, 4))[2:]
    assert "(MAX)" in card.params["text"] and VIN in card.params["text"]
    assert deal.source == "MAX"
    assert len(relayed) == 2 and all(len(piece) < 4000 for piece in relayed) and relayed[0].startswith("Стартер есть, 12 400 ₽.")
    assert "".join(relayed).replace(" ", "") == answer[:4096].replace(" ", "")
