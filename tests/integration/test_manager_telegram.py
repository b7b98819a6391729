"""The managers' discipline over the real Telegram channel and the fake Bot API: an untaken request is
posted again to the managers' chat marked overdue with «Взять» and the owner is alerted later; the
customer hears once that a manager is still on it; the after-purchase question comes with buttons 1–5
and a «2» reaches the owner with the transcript."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from bot.app.feedback import Asker
from bot.clock import FixedClock
from bot.runtime import Container
from bot.store.models import Customer
from crm_adapters.local import close_local_deal
from tests.fakes.telegram_api import FakeTelegram
from tests.support.managers import sla_watch
from tests.support.telegram import eventually, fake_answers, running_bot

CUSTOMER = 4004
MANAGERS = -100500
OWNER = 9009
ANNA = {"id": 7001, "is_bot": False, "first_name": "Анна"}


@pytest.fixture
async def app(sqlite_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path) -> AsyncIterator[Container]:
    overrides = {"telegram_managers_chat_id": MANAGERS, "owner_telegram_ids": str(OWNER)}
    async with running_bot(sqlite_url, fake, clock, tmp_path, **overrides) as container:
        yield container


async def handed_off(fake: FakeTelegram) -> None:
    fake.push_text(CUSTOMER, "/start")
    await fake_answers(fake, CUSTOMER, 1)
    count = len(fake.texts(CUSTOMER))
    fake.push_text(CUSTOMER, "нужен стартер на камри, вин JTNBE46K303123456")
    await fake_answers(fake, CUSTOMER, count + 1)
    fake.push_text(CUSTOMER, "нет, всё")
    await fake_answers(fake, CUSTOMER, count + 2)
    await eventually(lambda: fake.sent("sendMessage", MANAGERS))


async def test_an_untaken_request_is_posted_again_as_overdue_and_the_owner_alerted(
    app: Container, fake: FakeTelegram, clock: FixedClock
) -> None:
    await handed_off(fake)
    start = clock.now()
    clock.set(start + timedelta(hours=2, minutes=1))
    await sla_watch(app).run_once(clock.now())
    _, overdue = await eventually(lambda: c if len(c := fake.sent("sendMessage", MANAGERS)) == 2 else None)
    assert overdue.params["text"].startswith("⏰ Просрочено") and "стартер" in overdue.params["text"]
    assert overdue.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "take:1"
    told = await eventually(lambda: [t for t in fake.texts(CUSTOMER) if "менеджер ещё подбирает" in t])
    assert len(told) == 1
    clock.set(start + timedelta(hours=4, minutes=1))
    await sla_watch(app).run_once(clock.now())
    [alert] = await eventually(lambda: fake.sent("sendMessage", OWNER))
    assert "никто не взял за 4 ч" in alert.params["text"] and "/crm" in alert.params["text"]


async def test_take_on_the_overdue_card_stops_the_escalation(app: Container, fake: FakeTelegram, clock: FixedClock) -> None:
    await handed_off(fake)
    start = clock.now()
    clock.set(start + timedelta(hours=2, minutes=1))
    await sla_watch(app).run_once(clock.now())
    _, overdue = await eventually(lambda: c if len(c := fake.sent("sendMessage", MANAGERS)) == 2 else None)
    fake.push_callback(MANAGERS, int(overdue.result["message_id"]), "take:1", ANNA)
    await eventually(lambda: fake.sent("answerCallbackQuery"))
    clock.set(start + timedelta(hours=6))
    assert (await eventually(lambda: _none_escalated(app, clock))) is True
    assert fake.sent("sendMessage", OWNER) == []


async def _none_escalated(app: Container, clock: FixedClock) -> bool:
    return (await sla_watch(app).run_once(clock.now())).escalated == []


async def test_the_feedback_question_has_buttons_and_a_two_reaches_the_owner(
    app: Container, fake: FakeTelegram, clock: FixedClock
) -> None:
    await handed_off(fake)
    won = clock.now() + timedelta(hours=1)
    await close_local_deal(app.sessions, 1, won=True, amount=5200, now=won)
    clock.set(won + timedelta(days=3))
    async with app.sessions() as session:
        assert (await session.exec(select(Customer))).one().messaging_consent, "given at /start"
    assert await Asker.of(app.settings, app.sessions, app.senders, app.core.wake_outbox).run_once(clock.now()) == 1
    question = await eventually(lambda: [c for c in fake.sent("sendMessage", CUSTOMER) if "от 1 до 5" in c.params["text"]])
    keyboard = question[0].params["reply_markup"]["keyboard"]
    assert [button["text"] for button in keyboard[0]] == ["1", "2", "3", "4", "5"]
    fake.push_text(CUSTOMER, "2 привезли не тот стартер")
    [alert] = await eventually(lambda: fake.sent("sendMessage", OWNER))
    assert "2 из 5" in alert.params["text"] and "привезли не тот стартер" in alert.params["text"]
    assert "Переписка с клиентом" in alert.params["text"] and "нужен стартер на камри" in alert.params["text"]
    await eventually(lambda: [c for c in fake.sent("sendMessage", MANAGERS) if "Плохая оценка" in c.params["text"]])
