"""The service layer as a specification, run on the in-memory unit of work and on the real one
(SQLite through the migrations): the same behaviour whether or not a database is behind it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from typing import TypeVar

import pytest
from sqlmodel import SQLModel, select

from bot.app.service import Core, answer, answer_pending, handle_inbound, store_inbound
from bot.app.uow import UnitOfWorkFactory
from bot.clock import FixedClock
from bot.config import Settings
from bot.dialogue.replies import Replies
from bot.messages import Inbound
from bot.store.engine import SessionFactory, create_engine, session_factory
from bot.store.models import Conversation, Customer, KeyValue, Lead, Message, OutboxItem
from bot.store.uow import SqlUnitOfWork
from tests.support.memory_uow import MemoryDatabase

T = TypeVar("T", bound=SQLModel)
CARD, FORWARD = "channel.manager_card", "channel.forward_to_managers"
VIN = "JTNBE46K303123456"


@dataclass
class Shop:
    core: Core
    uow: UnitOfWorkFactory
    sessions: SessionFactory | None = None  # the database's, when there is one

    async def all(self, model: type[T]) -> list[T]:
        if self.sessions is not None:
            async with self.sessions() as session:
                return list((await session.exec(select(model))).all())
        async with self.uow() as uow:
            return uow.db.rows(model)  # type: ignore[attr-defined, no-any-return]


@pytest.fixture(params=["memory", "sqlite"])
async def shop(request: pytest.FixtureRequest, clock: FixedClock, sqlite_url: str) -> AsyncIterator[Shop]:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    replies = Replies(settings.prompts_dir, persona=settings.persona_name, shop=settings.shop_name)
    if request.param == "memory":
        db = MemoryDatabase()
        factory: UnitOfWorkFactory = db.unit_of_work
        engine, sessions = None, None
    else:
        engine = create_engine(sqlite_url)
        sessions = session_factory(engine)

        def factory() -> SqlUnitOfWork:
            return SqlUnitOfWork(sessions)

    core = Core(uow=factory, clock=clock, replies=replies, photo_reader=None, hand_off_kinds=(CARD,), forward_kinds=(FORWARD,))
    yield Shop(core, factory, sessions)
    if engine is not None:
        await engine.dispose()


def says(text: str, clock: FixedClock, *, number: int, chat: str = "c1") -> Inbound:
    return Inbound(channel="web", chat_id=chat, external_id=f"{chat}:{number}", text=text, received_at=clock.now())


def from_whatsapp(text: str, clock: FixedClock, *, number: int) -> Inbound:
    """A WhatsApp message from +7 916 123-45-67, the chat's own number."""
    return Inbound(
        channel="whatsapp",
        chat_id="79161234567",
        external_id=f"wamid.{number}",
        text=text,
        received_at=clock.now(),
        sender_phone="+7 916 123-45-67",
    )


async def hand_off(shop: Shop, clock: FixedClock) -> Lead:
    for number, text in enumerate([f"нужен стартер на камри, вин {VIN}", "нет, всё"], start=1):
        await handle_inbound(says(text, clock, number=number), shop.core)
    [lead] = await shop.all(Lead)
    return lead


async def test_a_customer_message_is_stored_and_answered(shop: Shop, clock: FixedClock) -> None:
    [reply] = await handle_inbound(says("Здравствуйте, нужен стартер на камри", clock, number=1), shop.core)
    messages = await shop.all(Message)
    assert "Виталий" in reply.text and [m.direction for m in messages] == ["in", "out"]
    assert messages[0].processed_at is not None and reply.message_id == messages[1].id


async def test_a_redelivered_message_is_answered_once(shop: Shop, clock: FixedClock) -> None:
    first = await handle_inbound(says("нужен генератор", clock, number=1), shop.core)
    again = await handle_inbound(says("нужен генератор", clock, number=1), shop.core)
    assert first and again == []
    assert [m.direction for m in await shop.all(Message)] == ["in", "out"]


async def test_a_finished_request_becomes_a_lead_with_its_deliveries_queued(shop: Shop, clock: FixedClock) -> None:
    lead = await hand_off(shop, clock)
    assert lead.vin == VIN and lead.parts == ["стартер"]
    assert sorted(item.kind for item in await shop.all(OutboxItem)) == sorted(["crm.deliver_lead", CARD])


async def test_while_a_manager_owns_the_chat_the_persona_is_quiet_and_the_message_goes_to_them(
    shop: Shop, clock: FixedClock
) -> None:
    lead = await hand_off(shop, clock)
    async with shop.uow() as uow:
        owner = {"user_id": 7, "name": "Анна", "lead_id": lead.id, "conversation_id": lead.conversation_id}
        uow.add(KeyValue(key=f"manager.owner:{lead.conversation_id}", value=owner, updated_at=clock.now()))
        await uow.commit()
    assert await handle_inbound(says("а можно самовывоз?", clock, number=3), shop.core) == []
    [forward] = [item for item in await shop.all(OutboxItem) if item.kind == FORWARD]
    assert forward.payload["lead_id"] == lead.id and forward.payload["owner"]["name"] == "Анна"
    last = (await shop.all(Message))[-1]
    assert last.text == "а можно самовывоз?" and last.processed_at is not None


async def test_a_closed_deal_gives_the_chat_back_to_the_persona(shop: Shop, clock: FixedClock) -> None:
    lead = await hand_off(shop, clock)
    async with shop.uow() as uow:
        owner = {"user_id": 7, "name": "Анна", "lead_id": lead.id}
        uow.add(KeyValue(key=f"manager.owner:{lead.conversation_id}", value=owner, updated_at=clock.now()))
        stored = await uow.get(Lead, lead.id)
        assert stored is not None
        stored.status = "closed"
        uow.add(stored)
        await uow.commit()
    assert await handle_inbound(says("спасибо", clock, number=3), shop.core)
    assert not [item for item in await shop.all(OutboxItem) if item.kind == FORWARD]
    assert await shop.all(KeyValue) == []


async def test_a_message_stored_but_never_answered_is_answered_at_the_next_start(shop: Shop, clock: FixedClock) -> None:
    assert await store_inbound(says("нужны колодки", clock, number=1), shop.core) is not None
    clock.advance(timedelta(minutes=5))
    [reply] = await answer_pending(shop.core)
    assert reply.text and await answer_pending(shop.core) == []


async def test_a_message_from_a_phone_the_shop_knows_belongs_to_that_customer(shop: Shop, clock: FixedClock) -> None:
    async with shop.uow() as uow:
        known = Customer(name="Сергей", phone="+79161234567", created_at=clock.now())
        uow.add(known)
        await uow.commit()
    await handle_inbound(from_whatsapp("нужен стартер", clock, number=1), shop.core)
    [conversation] = await shop.all(Conversation)
    assert conversation.customer_id == known.id and len(await shop.all(Customer)) == 1


async def test_answering_the_last_of_several_stored_messages_answers_them_as_one_turn(shop: Shop, clock: FixedClock) -> None:
    first = await store_inbound(says("здравствуйте", clock, number=1), shop.core)
    last = await store_inbound(says(f"нужен стартер на камри, вин {VIN}", clock, number=2), shop.core)
    assert first is not None and last is not None
    [reply] = await answer(last, shop.core)
    assert "Виталий" in reply.text and VIN in reply.text
    assert await answer(first, shop.core) == []  # answered with the turn already
    assert all(m.processed_at is not None for m in await shop.all(Message) if m.direction == "in")


async def test_a_phone_written_in_a_chat_without_one_becomes_the_customers_and_is_not_asked_again(
    shop: Shop, clock: FixedClock
) -> None:
    texts = [f"Меня зовут Иван, телефон +7 916 123-45-67. Нужен стартер на камри, вин {VIN}", "нет, всё"]
    replies = [await handle_inbound(says(text, clock, number=n), shop.core) for n, text in enumerate(texts, start=1)]
    [customer] = await shop.all(Customer)
    assert customer.phone == "+79161234567"
    assert "номер телефона" not in " ".join(r.text for r in replies[-1])


async def test_without_a_phone_in_the_chat_the_persona_asks_for_one_at_the_hand_off(shop: Shop, clock: FixedClock) -> None:
    await handle_inbound(says(f"нужен стартер на камри, вин {VIN}", clock, number=1), shop.core)
    last = await handle_inbound(says("нет, всё", clock, number=2), shop.core)
    [customer] = await shop.all(Customer)
    assert customer.phone is None and "номер телефона" in " ".join(r.text for r in last)


async def test_a_phone_written_in_the_chat_is_said_back_and_a_corrected_one_replaces_it(shop: Shop, clock: FixedClock) -> None:
    await handle_inbound(says("нужны колодки на солярис 2017", clock, number=1), shop.core)
    given = await handle_inbound(says("тел 8 916 555 44 33", clock, number=2), shop.core)
    fixed = await handle_inbound(says("ой, номер не тот, правильный 8 916 555 44 34", clock, number=3), shop.core)
    [customer] = await shop.all(Customer)
    assert customer.phone == "+79165554434"
    assert "Номер записал: +7 916 555-44-33" in given[0].text and "Записал новый номер: +7 916 555-44-34" in fixed[0].text


async def test_a_number_given_with_a_call_asked_for_is_the_one_to_call(shop: Shop, clock: FixedClock) -> None:
    await handle_inbound(says("телефон 89161112233", clock, number=1), shop.core)
    await handle_inbound(says("перезвоните мне пожалуйста 89261112233", clock, number=2), shop.core)
    [customer] = await shop.all(Customer)
    assert customer.phone == "+79261112233"  # was kept +79161112233: the manager would call the wrong number


async def test_a_number_given_again_at_once_with_a_slip_word_replaces_the_first(shop: Shop, clock: FixedClock) -> None:
    await handle_inbound(says("нужны колодки на поло", clock, number=1), shop.core)
    await handle_inbound(says("телефон 89161112233", clock, number=2), shop.core)
    fixed = await handle_inbound(says("ой нет 89161112234", clock, number=3), shop.core)
    [customer] = await shop.all(Customer)
    assert customer.phone == "+79161112234" and "Записал новый номер: +7 916 111-22-34" in fixed[0].text


async def test_a_whatsapp_chats_own_number_is_never_replaced_by_one_written(shop: Shop, clock: FixedClock) -> None:
    await handle_inbound(from_whatsapp("нужен стартер, мой новый номер 8 916 555 44 34", clock, number=9), shop.core)
    [customer] = await shop.all(Customer)
    assert customer.phone == "+79161234567"


async def test_a_number_to_call_written_in_whatsapp_is_told_to_the_manager_and_the_chat_keeps_its_own(
    shop: Shop, clock: FixedClock
) -> None:
    [reply, *_] = await handle_inbound(
        from_whatsapp("мой номер 89161112233 перезвоните, нужен стартер на фокус 3 2014", clock, number=9), shop.core
    )
    [customer] = await shop.all(Customer)
    [conversation] = await shop.all(Conversation)
    assert customer.phone == "+79161234567" and "Записал номер для звонка: +7 916 111-22-33" in reply.text
    assert "Номер для звонка: +7 916 111-22-33" in conversation.state["draft"]["questions"]  # on the deal's note


async def test_a_number_written_about_someone_else_replaces_no_phone(shop: Shop, clock: FixedClock) -> None:
    await handle_inbound(says("тел 8 916 555 44 33, нужны колодки на солярис 2017", clock, number=1), shop.core)
    await handle_inbound(says("у мужа новый номер 8 916 555 44 34, запишите тоже", clock, number=2), shop.core)
    [customer] = await shop.all(Customer)
    assert customer.phone == "+79165554433"
