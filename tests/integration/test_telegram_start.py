"""/start registers the customer with consent; deep links and a shared phone attach known customers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from bot.app.chat_links import create_link_token, link_key
from bot.app.customers import CustomerRecord, upsert_customer
from bot.bootstrap import build
from bot.clock import FixedClock
from bot.runtime import Container
from bot.store.kv import KvStore
from bot.store.models import Consent, Conversation, Customer, KeyValue
from main import app as cli
from tests.conftest import MONDAY_11, make_settings
from tests.fakes.telegram_api import FakeTelegram
from tests.support.telegram import fake_answers, running_bot

CHAT = 6006


@pytest.fixture
async def app(sqlite_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path) -> AsyncIterator[Container]:
    async with running_bot(sqlite_url, fake, clock, tmp_path) as container:
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
        query = select(Customer).join(Conversation).where(Conversation.chat_id == str(CHAT))
        return (await session.exec(query)).one()


async def test_start_records_messaging_consent_with_the_wording_shown(app: Container, fake: FakeTelegram) -> None:
    fake.push_text(CHAT, "/start")
    [greeting] = await fake_answers(fake, CHAT, 1)
    customer = await the_chats_customer(app)
    async with app.sessions() as session:
        [consent] = (await session.exec(select(Consent).where(Consent.customer_id == customer.id))).all()
    assert customer.messaging_consent and customer.telegram_chat_id == str(CHAT)
    assert consent.source == "telegram_start" and consent.purpose == "messaging" and consent.granted
    assert consent.text and consent.text in greeting
    [sent] = fake.sent("sendMessage", CHAT)
    [[button]] = sent.params["reply_markup"]["keyboard"]
    assert button["request_contact"] is True


async def test_a_deep_link_attaches_the_chat_to_a_known_customer(app: Container, fake: FakeTelegram) -> None:
    customer_id = await imported_customer(app)
    token = await create_link_token(KvStore(app.sessions, app.clock), "telegram", customer_id)
    fake.push_text(CHAT, f"/start {token}")
    [greeting] = await fake_answers(fake, CHAT, 1)
    linked = await the_chats_customer(app)
    assert linked.id == customer_id and linked.telegram_chat_id == str(CHAT) and linked.messaging_consent
    assert "Сергей Петров" in greeting


async def test_a_used_deep_link_does_not_attach_another_chat(app: Container, fake: FakeTelegram) -> None:
    customer_id = await imported_customer(app)
    token = await create_link_token(KvStore(app.sessions, app.clock), "telegram", customer_id)
    fake.push_text(CHAT, f"/start {token}")
    await fake_answers(fake, CHAT, 1)
    fake.push_text(CHAT + 1, f"/start {token}")
    [answer] = await fake_answers(fake, CHAT + 1, 1)
    async with app.sessions() as session:
        assert (await session.get(Customer, customer_id)).telegram_chat_id == str(CHAT)  # type: ignore[union-attr]
    assert "уже использована" in answer


async def test_a_shared_phone_finds_the_imported_customer(app: Container, fake: FakeTelegram) -> None:
    customer_id = await imported_customer(app)
    user = {"id": CHAT, "is_bot": False, "first_name": "Сергей"}
    fake.push_text(CHAT, "нужен стартер")
    await fake_answers(fake, CHAT, 1)
    fake.push(
        fake.message_update(
            CHAT, contact={"phone_number": "89161234567", "first_name": "Сергей", "user_id": CHAT}, from_user=user
        )
    )
    [_, thanks] = await fake_answers(fake, CHAT, 2)
    linked = await the_chats_customer(app)
    assert linked.id == customer_id and linked.telegram_chat_id == str(CHAT)
    assert "нашёл вас" in thanks.lower()


async def test_a_shared_phone_of_a_known_customer_leaves_no_empty_customer_behind(app: Container, fake: FakeTelegram) -> None:
    customer_id = await imported_customer(app)
    user = {"id": CHAT, "is_bot": False, "first_name": "Сергей"}
    fake.push_text(CHAT, "/start")  # a customer of the chat's own, with consent, before we know who it is
    await fake_answers(fake, CHAT, 1)
    fake.push(
        fake.message_update(
            CHAT, contact={"phone_number": "+7 916 123-45-67", "first_name": "Сергей", "user_id": CHAT}, from_user=user
        )
    )
    await fake_answers(fake, CHAT, 2)
    async with app.sessions() as session:
        customers = (await session.exec(select(Customer))).all()
        consents = (await session.exec(select(Consent))).all()
    assert [c.id for c in customers] == [customer_id]
    assert consents and {c.customer_id for c in consents} == {customer_id}


async def test_someone_elses_contact_is_not_taken_as_the_customers_phone(app: Container, fake: FakeTelegram) -> None:
    customer_id = await imported_customer(app)
    fake.push(fake.message_update(CHAT, contact={"phone_number": "+79161234567", "first_name": "Сергей", "user_id": 1}))
    await fake_answers(fake, CHAT, 1)
    async with app.sessions() as session:
        assert (await session.get(Customer, customer_id)).telegram_chat_id is None  # type: ignore[union-attr]


def test_the_cli_prints_a_deep_link_for_a_customer(sqlite_url: str, fake: FakeTelegram) -> None:
    async def seed() -> int:
        container = build(make_settings(sqlite_url), clock=FixedClock(MONDAY_11))
        try:
            return await imported_customer(container)
        finally:
            await container.close()

    customer_id = asyncio.run(seed())
    env = {"DATABASE_URL": sqlite_url, "TELEGRAM_BOT_TOKEN": "42:TEST", "TELEGRAM_API_BASE": fake.url}  # type: ignore[attr-defined]
    result = CliRunner().invoke(cli, ["telegram", "link", "C-1024"], env=env)
    assert result.exit_code == 0, result.output
    url = result.output.strip()
    assert url.startswith("https://t.me/partsbot_fake_bot?start=")
    token = url.rsplit("=", 1)[1]

    async def stored() -> KeyValue | None:
        container = build(make_settings(sqlite_url))
        try:
            async with container.sessions() as session:
                return await session.get(KeyValue, link_key("telegram", token))
        finally:
            await container.close()

    record = asyncio.run(stored())
    assert record is not None and record.value["customer_id"] == customer_id


def test_the_cli_explains_an_unknown_customer(sqlite_url: str) -> None:
    result = CliRunner().invoke(
        cli, ["telegram", "link", "nobody", "--bot-username", "shop_bot"], env={"DATABASE_URL": sqlite_url}
    )
    assert result.exit_code == 1 and "No customer 'nobody'" in result.output
