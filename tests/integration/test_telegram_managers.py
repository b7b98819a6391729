"""Hand-off to the managers' chat: a card with «Взять», the first press wins, replies are relayed,
and the persona stays quiet while a manager has the conversation."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlmodel import col, select

from bot.channels.telegram.managers import FORWARD_KIND
from bot.clock import FixedClock
from bot.runtime import Container
from bot.store.models import KeyValue, Lead, LocalNote, Message, OutboxItem
from bot.web.app import create_app
from tests.fakes.telegram_api import FakeTelegram
from tests.support.amocrm import FakeAmo, amo  # noqa: F401
from tests.support.telegram import (
    eventually,
    fake_answers,
    quiet,
    running_bot,
)

CUSTOMER = 4004
MANAGERS = -100500
VIN = "JTNBE46K303123456"
ANNA = {"id": 7001, "is_bot": False, "first_name": "Анна", "username": "anna_parts"}
BORIS = {"id": 7002, "is_bot": False, "first_name": "Борис"}


@pytest.fixture
async def app(sqlite_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path) -> AsyncIterator[Container]:
    async with running_bot(sqlite_url, fake, clock, tmp_path, telegram_managers_chat_id=MANAGERS) as container:
        yield container


@pytest.fixture
async def app_on_each_db(db_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path) -> AsyncIterator[Container]:
    """The claim is atomic by the database's primary key: checked on SQLite and PostgreSQL."""
    async with running_bot(db_url, fake, clock, tmp_path, telegram_managers_chat_id=MANAGERS) as container:
        yield container


async def handed_off_card(fake: FakeTelegram) -> dict[str, Any]:
    """The customer makes a request to the end; returns the card posted in the managers' chat."""
    fake.push_text(CUSTOMER, f"нужен стартер на камри, вин {VIN}")
    await fake_answers(fake, CUSTOMER, 1)
    fake.push_text(CUSTOMER, "нет, всё")
    await fake_answers(fake, CUSTOMER, 2)
    [card] = await eventually(lambda: fake.sent("sendMessage", MANAGERS))
    return card.params


async def notes_on_deals(app: Container) -> list[str] | None:
    await app.outbox.drain()
    async with app.sessions() as session:
        notes = [n.text for n in (await session.exec(select(LocalNote))).all()]
    return notes if any("взял" in n for n in notes) else None


async def forwarded_to_managers(app: Container) -> bool:
    async with app.sessions() as session:
        items = (await session.exec(select(OutboxItem).where(OutboxItem.kind == FORWARD_KIND))).all()
    return bool(items) and all(item.status == "done" for item in items)


def card_message(card: dict[str, Any], message_id: int) -> dict[str, Any]:
    return {"message_id": message_id, "date": 0, "chat": {"id": MANAGERS, "type": "supergroup"}, "text": card["text"]}


async def card_id(fake: FakeTelegram) -> int:
    sent = await eventually(lambda: fake.sent("sendMessage", MANAGERS))
    return int(sent[0].result["message_id"])


async def test_a_handed_off_request_is_posted_as_a_card_with_a_take_button(app: Container, fake: FakeTelegram) -> None:
    card = await handed_off_card(fake)
    assert "стартер" in card["text"] and VIN in card["text"] and "Сергей" in card["text"]
    assert "/crm" in card["text"]
    [[button]] = card["reply_markup"]["inline_keyboard"]
    assert button["text"] == "Взять" and button["callback_data"].startswith("take:")


@pytest.mark.backend_matters
async def test_the_first_manager_to_press_take_gets_the_deal_the_second_sees_who(
    app_on_each_db: Container, fake: FakeTelegram
) -> None:
    app = app_on_each_db
    card = await handed_off_card(fake)
    data = card["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    message_id = await card_id(fake)
    fake.push_callback(MANAGERS, message_id, data, ANNA)
    await eventually(lambda: fake.sent("answerCallbackQuery"))
    fake.push_callback(MANAGERS, message_id, data, BORIS)
    first, second = await eventually(lambda: a if len(a := fake.sent("answerCallbackQuery")) == 2 else None)
    assert "ваша" in first.params["text"]
    assert "Анна" in second.params["text"] and second.params["show_alert"] == "true"
    [edit] = await eventually(lambda: fake.sent("editMessageText"))
    assert "Взял(а): Анна" in edit.params["text"] and int(edit.params["message_id"]) == message_id
    async with app.sessions() as session:
        [claim] = (await session.exec(select(KeyValue).where(col(KeyValue.key).startswith("manager.taken:")))).all()
    assert claim.value["user_id"] == ANNA["id"]
    notes = await eventually(lambda: notes_on_deals(app))
    assert any("Анна" in note for note in notes), "the CRM deal records who took it"


async def test_take_makes_the_manager_responsible_for_the_deal_in_amocrm(
    sqlite_url: str, fake: FakeTelegram, amo: FakeAmo, clock: FixedClock, tmp_path: Path
) -> None:
    settings = {
        "telegram_managers_chat_id": MANAGERS,
        "telegram_manager_crm_users": f"{ANNA['id']}:9001, junk",
        "amocrm_base_url": amo.url,
        "amocrm_access_token": "long-lived-token",
        "amocrm_rate_per_second": 100.0,
    }
    async with running_bot(sqlite_url, fake, clock, tmp_path, **settings) as app:
        card = await handed_off_card(fake)
        data = card["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        fake.push_callback(MANAGERS, await card_id(fake), data, ANNA)
        await eventually(lambda: fake.sent("answerCallbackQuery"))

        async def responsible() -> int | None:
            await app.outbox.drain()
            return next(iter(amo.state.leads.values()), {}).get("responsible_user_id")

        assert await eventually(responsible) == 9001


@pytest.mark.backend_matters
async def test_two_managers_pressing_at_once_make_exactly_one_owner(app_on_each_db: Container, fake: FakeTelegram) -> None:
    card = await handed_off_card(fake)
    data = card["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    message_id = await card_id(fake)
    presses = {fake.push_callback(MANAGERS, message_id, data, user)["callback_query"]["id"]: user for user in (ANNA, BORIS)}
    answers = await eventually(lambda: a if len(a := fake.sent("answerCallbackQuery")) == 2 else None)
    winners = [presses[a.params["callback_query_id"]] for a in answers if "ваша" in a.params["text"]]
    [loser] = [a for a in answers if "ваша" not in a.params["text"]]
    assert len(winners) == 1 and winners[0]["first_name"] in loser.params["text"]
    [edit] = await eventually(lambda: fake.sent("editMessageText"))
    assert winners[0]["first_name"] in edit.params["text"]


async def test_a_managers_reply_to_the_card_reaches_the_customer_and_the_persona_stays_quiet(
    app: Container, fake: FakeTelegram
) -> None:
    card = await handed_off_card(fake)
    message_id = await card_id(fake)
    fake.push_callback(MANAGERS, message_id, card["reply_markup"]["inline_keyboard"][0][0]["callback_data"], ANNA)
    await eventually(lambda: fake.sent("editMessageText"))

    fake.push_text(
        MANAGERS,
        "Стартер есть в наличии, 12 400 ₽, доставка завтра",
        from_user=ANNA,
        reply_to_message=card_message(card, message_id),
    )
    answers = await fake_answers(fake, CUSTOMER, 3)
    assert answers[2] == "Стартер есть в наличии, 12 400 ₽, доставка завтра"

    fake.push_text(CUSTOMER, "а можно самовывоз?")
    forwarded = await eventually(lambda: fake.sent("forwardMessage", MANAGERS))
    await quiet()
    assert len(fake.texts(CUSTOMER)) == 3  # the persona did not answer
    assert int(forwarded[0].params["from_chat_id"]) == CUSTOMER
    async with app.sessions() as session:
        messages = (await session.exec(select(Message).order_by(Message.id))).all()  # type: ignore[arg-type]
    assert [m.text for m in messages[-2:]] == ["Стартер есть в наличии, 12 400 ₽, доставка завтра", "а можно самовывоз?"]
    assert messages[-2].direction == "out" and messages[-1].processed_at is not None


async def test_the_persona_comes_back_when_the_deal_is_closed(app: Container, fake: FakeTelegram) -> None:
    card = await handed_off_card(fake)
    message_id = await card_id(fake)
    fake.push_callback(MANAGERS, message_id, card["reply_markup"]["inline_keyboard"][0][0]["callback_data"], ANNA)
    await eventually(lambda: fake.sent("editMessageText"))
    async with app.sessions() as session:
        lead = (await session.exec(select(Lead))).one()
        lead.status = "closed"
        session.add(lead)
        await session.commit()
    fake.push_text(CUSTOMER, "спасибо")
    await fake_answers(fake, CUSTOMER, 3)
    assert fake.sent("forwardMessage", MANAGERS) == []


async def test_managers_talking_in_their_chat_get_no_persona_answers(app: Container, fake: FakeTelegram) -> None:
    fake.push_text(MANAGERS, "коллеги, кто сегодня на складе?", from_user=BORIS)
    fake.push_text(CUSTOMER, "нужен стартер")
    await fake_answers(fake, CUSTOMER, 1)
    await quiet()
    assert fake.texts(MANAGERS) == []


async def test_a_web_customer_whose_deal_a_manager_took_hears_the_manager_not_the_persona(
    app: Container, fake: FakeTelegram
) -> None:
    web = httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(app, background=False)), base_url="http://shop")
    session = uuid.uuid4().hex

    async def customer_says(text: str) -> list[str]:
        response = await web.post("/api/chat/messages", json={"session": session, "id": uuid.uuid4().hex, "text": text})
        return [m["text"] for m in response.json()["messages"] if m["direction"] == "out"]

    async with web:
        await customer_says(f"нужен стартер на камри, вин {VIN}")
        assert await customer_says("нет, всё")
        [card] = await eventually(lambda: fake.sent("sendMessage", MANAGERS))
        data = card.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        fake.push_callback(MANAGERS, int(card.result["message_id"]), data, ANNA)
        await eventually(lambda: fake.sent("editMessageText"))

        assert await customer_says("а можно самовывоз?") == []  # the persona stays quiet
        [shown] = await eventually(lambda: [c for c in fake.sent("sendMessage", MANAGERS) if "самовывоз" in c.params["text"]])
        await eventually(lambda: forwarded_to_managers(app))  # the shown message is known as this deal's
        fake.push_text(
            MANAGERS,
            "Да, с 10 до 19 на Ленина, 5",
            from_user=ANNA,
            reply_to_message=card_message({"text": shown.params["text"]}, int(shown.result["message_id"])),
        )

        async def history() -> list[str]:
            response = await web.get("/api/chat/messages", params={"session": session})
            return [m["text"] for m in response.json()["messages"]]

        async def managers_reply_shown() -> bool:
            return (await history())[-1] == "Да, с 10 до 19 на Ленина, 5"

        await eventually(managers_reply_shown)
