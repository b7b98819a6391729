"""bot_started registers the customer with messaging consent; a deep link (`python main.py max link`) and a
shared phone (the request_contact button) attach the MAX chat to a customer the shop imported; bot_stopped
marks the chat blocked until the customer starts the bot again."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlmodel import select

from bot.app.chat_links import create_link_token, link_key
from bot.app.customers import CustomerRecord, upsert_customer
from bot.bootstrap import build
from bot.channels.max import store
from bot.clock import FixedClock
from bot.runtime import Container
from bot.store.kv import KvStore
from bot.store.models import Consent, Conversation, Customer, KeyValue
from tests.conftest import MONDAY_11, make_settings
from tests.fakes.max_api import FakeMax
from tests.support.cli import invoke
from tests.support.max import QUIET, max_answers, running_max
from tests.support.telegram import eventually, quiet

CHAT = 7201


@pytest.fixture
async def app(sqlite_url: str, max_api: FakeMax, clock: FixedClock, tmp_path: Path) -> AsyncIterator[Container]:
    async with running_max(sqlite_url, max_api, clock, tmp_path) as container:
        yield container


async def imported_customer(app: Container, phone: str = "+79161234567") -> int:
    async with app.sessions() as session:
        record = CustomerRecord(external_ref="C-1024", name="Сергей Петров", phone=phone)
        customer, _ = await upsert_customer(session, record, app.clock.now(), source="import")
        await session.commit()
        assert customer.id is not None
        return customer.id


async def the_chats_customer(app: Container) -> Customer:
    async with app.sessions() as session:
        query = select(Customer).join(Conversation).where(Conversation.channel == "max", Conversation.chat_id == str(CHAT))
        return (await session.exec(query)).one()


async def test_starting_the_bot_records_messaging_consent_with_the_wording_shown(app: Container, max_api: FakeMax) -> None:
    max_api.push_started(CHAT)
    [greeting] = await max_answers(max_api, CHAT, 1)
    customer = await the_chats_customer(app)
    async with app.sessions() as session:
        [consent] = (await session.exec(select(Consent).where(Consent.customer_id == customer.id))).all()
    assert customer.messaging_consent and customer.name == "Сергей"
    assert consent.source == "max_start" and consent.purpose == "messaging" and consent.granted
    assert consent.text and consent.text in greeting and "Виталий" in greeting
    [sent] = max_api.sent(CHAT)
    [keyboard] = sent.body["attachments"]
    [[button]] = keyboard["payload"]["buttons"]
    assert keyboard["type"] == "inline_keyboard" and button == {"type": "request_contact", "text": "📱 Поделиться номером"}


async def test_a_start_max_delivers_again_greets_once(app: Container, max_api: FakeMax) -> None:
    update = max_api.push_started(CHAT)
    max_api.push(update)
    await max_answers(max_api, CHAT, 1)
    await quiet(QUIET)
    assert len(max_api.texts(CHAT)) == 1


async def test_a_deep_link_attaches_the_chat_to_a_known_customer(app: Container, max_api: FakeMax) -> None:
    customer_id = await imported_customer(app)
    token = await create_link_token(KvStore(app.sessions, app.clock), "max", customer_id)
    max_api.push_started(CHAT, token)
    [greeting] = await max_answers(max_api, CHAT, 1)
    linked = await the_chats_customer(app)
    assert linked.id == customer_id and linked.messaging_consent
    assert "Сергей Петров, рад вас видеть" in greeting and max_api.sent(CHAT)[0].body["attachments"] == []  # the phone is known


async def test_a_used_deep_link_does_not_attach_another_chat(app: Container, max_api: FakeMax) -> None:
    customer_id = await imported_customer(app)
    token = await create_link_token(KvStore(app.sessions, app.clock), "max", customer_id)
    max_api.push_started(CHAT + 1, token)
    await max_answers(max_api, CHAT + 1, 1)
    max_api.push_started(CHAT, token)
    [greeting] = await max_answers(max_api, CHAT, 1)
    assert "ссылка уже использована" in greeting
    assert (await the_chats_customer(app)).id != customer_id


async def test_a_shared_phone_finds_the_imported_customer(app: Container, max_api: FakeMax) -> None:
    customer_id = await imported_customer(app)
    max_api.push_started(CHAT)
    await max_answers(max_api, CHAT, 1)
    max_api.push_contact(CHAT, "79161234567")
    answers = await max_answers(max_api, CHAT, 2)
    linked = await the_chats_customer(app)
    assert linked.id == customer_id and linked.messaging_consent
    assert "Нашёл вас в нашей базе" in answers[1]


async def test_a_shared_phone_of_a_known_customer_leaves_no_empty_customer_behind(app: Container, max_api: FakeMax) -> None:
    customer_id = await imported_customer(app)
    max_api.push_started(CHAT)  # a customer of the chat's own, with consent, before we know who it is
    await max_answers(max_api, CHAT, 1)
    max_api.push_contact(CHAT, "79161234567")
    await max_answers(max_api, CHAT, 2)
    async with app.sessions() as session:
        customers = (await session.exec(select(Customer))).all()
        consents = (await session.exec(select(Consent))).all()
    assert [c.id for c in customers] == [customer_id]
    assert consents and {c.customer_id for c in consents} == {customer_id}


async def test_someone_elses_contact_is_not_taken_as_the_customers_phone(app: Container, max_api: FakeMax) -> None:
    customer_id = await imported_customer(app)
    max_api.push_contact(CHAT, "79161234567", own=False)
    [answer] = await max_answers(max_api, CHAT, 1)
    assert "свой номер" in answer
    async with app.sessions() as session:
        mine = (await session.exec(select(Conversation).where(Conversation.customer_id == customer_id))).all()
    assert mine == []


async def test_stopping_the_bot_blocks_the_chat_until_it_is_started_again(app: Container, max_api: FakeMax) -> None:
    max_api.push_started(CHAT)
    await max_answers(max_api, CHAT, 1)
    max_api.push_stopped(CHAT)
    await eventually(lambda: store.is_blocked(app.sessions, str(CHAT)))
    max_api.push_started(CHAT)
    await max_answers(max_api, CHAT, 2)
    assert not await store.is_blocked(app.sessions, str(CHAT))


def test_the_cli_prints_a_deep_link_for_a_customer(sqlite_url: str, max_api: FakeMax) -> None:
    async def seed() -> int:
        container = build(make_settings(sqlite_url), clock=FixedClock(MONDAY_11))
        try:
            return await imported_customer(container)
        finally:
            await container.close()

    customer_id = asyncio.run(seed())
    env = {"DATABASE_URL": sqlite_url, "MAX_BOT_TOKEN": max_api.token, "MAX_API_BASE": max_api.url}
    url = invoke("max", "link", "C-1024", env=env).strip()
    assert url.startswith("https://max.ru/partsbot_fake_bot?start=")  # the name asked from MAX (GET /me)
    token = url.rsplit("=", 1)[1]

    async def stored() -> KeyValue | None:
        container = build(make_settings(sqlite_url))
        try:
            async with container.sessions() as session:
                return await session.get(KeyValue, link_key("max", token))
        finally:
            await container.close()

    record = asyncio.run(stored())
    assert record is not None and record.value["customer_id"] == customer_id


def test_the_cli_explains_an_unknown_customer(sqlite_url: str) -> None:
    out = invoke("max", "link", "nobody", "--bot-username", "shop_bot", env={"DATABASE_URL": sqlite_url}, code=1)
    assert out == ""
