"""«Удалите мои данные» (152-FZ): the customer's messages, photos, name, phone and VIN leave our
database and media folder at once; purchases stay as amounts for the accounts; the request is in the
consent ledger; with amoCRM a manager gets a task to do the same there."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlmodel import col, select

from bot.app.customers import record_purchase
from bot.bootstrap import build
from bot.clock import FixedClock
from bot.messages import Photo, PhotoReading
from bot.runtime import Container
from bot.store.models import Consent, Customer, KeyValue, OutboxItem, Purchase
from bot.web.app import create_app
from tests.conftest import make_settings
from tests.fakes.graph_api import PHONE_ID, TOKEN, FakeGraph
from tests.support.amocrm import FakeAmo, amo, amo_settings, amocrm_of  # noqa: F401
from tests.support.chat import Customer as Chat
from tests.support.cli import invoke
from tests.support.personal_data import files_in, leftovers, tables_inspected
from tests.support.whatsapp import APP_SECRET, VERIFY_TOKEN, body, image_update, signed, text_update

VIN = "JTNBE46K303123456"
PHONE, WA_ID = "+79161234567", "79161234567"
NAME = "Сергей Бармалеев"
WEB_CHAT = "web-session-4f1c2a"


class PhotoStub:
    async def read(self, path: str) -> PhotoReading:
        return PhotoReading(vin=VIN, confidence=0.97) if Path(path).read_bytes() == b"vin-plate" else PhotoReading()


@pytest.fixture
def media(tmp_path: Path) -> Path:
    return tmp_path / "media"


@pytest.fixture
async def shop(sqlite_url: str, clock: FixedClock, media: Path) -> AsyncIterator[Container]:
    app = build(make_settings(sqlite_url, telegram_media_dir=media), clock=clock, photo_reader=PhotoStub())
    yield app
    await app.close()


def vin_photo(media: Path, *names: str) -> Photo:
    path = media.joinpath(*names)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"vin-plate")
    return Photo(path=str(path.resolve()))


async def web_request(shop: Container, media: Path) -> Chat:
    """A web chat customer who sent a VIN photo, asked for a starter, gave their phone and name."""
    chat = Chat(shop, chat_id=WEB_CHAT, name=NAME)
    await chat.says("Здравствуйте, нужен стартер на камри", photos=(vin_photo(media, "web", WEB_CHAT, "p1.jpg"),))
    await chat.says(f"Меня зовут {NAME}, телефон 8 (916) 123-45-67")
    await chat.says("нет, всё")
    await shop.outbox.drain()
    return chat


async def test_after_erase_my_data_in_the_web_chat_nothing_identifying_remains_in_any_table(shop: Container, media: Path) -> None:
    chat = await web_request(shop, media)
    assert await leftovers(shop.engine, [VIN, "9161234567", NAME, WEB_CHAT])  # the test sees them before

    await chat.says("Удалите, пожалуйста, мои данные")
    await shop.outbox.drain()

    assert await leftovers(shop.engine, [VIN, "9161234567", "123-45-67", NAME, "Бармалеев", WEB_CHAT, "камри"]) == []
    assert files_in(media) == []
    assert {"messages", "conversations", "local_crm_notes", "outbox", "kv"} <= tables_inspected()


async def test_erase_my_data_is_confirmed_to_the_customer_and_recorded_in_the_consent_ledger(
    shop: Container, media: Path
) -> None:
    chat = await web_request(shop, media)
    answer = await chat.says("удалите мои данные")
    await shop.outbox.drain()
    assert "удаляю ваши данные" in answer.lower()
    async with shop.sessions() as session:
        ledger = (await session.exec(select(Consent).order_by(col(Consent.id)))).all()
        [customer] = (await session.exec(select(Customer))).all()
    assert [(c.purpose, c.granted, c.source) for c in ledger if c.purpose == "personal_data"] == [
        ("personal_data", False, "erasure_request")
    ]
    assert all(c.text is None for c in ledger)
    assert customer.forgotten_at is not None and customer.opted_out_at is not None and not customer.messaging_consent


async def test_purchases_keep_their_amounts_and_dates_after_the_erasure(shop: Container, media: Path, clock: FixedClock) -> None:
    chat = await web_request(shop, media)
    bought = clock.now()
    async with shop.sessions() as session:
        customer = (await session.exec(select(Customer))).one()
        await record_purchase(session, customer, purchased_at=bought, amount=4200.0, external_id="import:A-77", source="import")
        await session.commit()
    await chat.says("удалите мои данные")
    await shop.outbox.drain()
    async with shop.sessions() as session:
        [purchase] = (await session.exec(select(Purchase))).all()
    assert (purchase.amount, purchase.purchased_at, purchase.external_id) == (4200.0, bought, None)


async def test_a_photo_the_customer_sent_is_deleted_from_the_media_folder(shop: Container, media: Path) -> None:
    chat = Chat(shop, chat_id=WEB_CHAT, name=NAME)
    photo = vin_photo(media, "web", WEB_CHAT, "p1.jpg")
    await chat.says("", photos=(photo,))
    other = vin_photo(media, "web", "someone-else", "p2.jpg")  # another customer's photo stays

    await chat.says("удалите мои данные")
    await shop.outbox.drain()

    assert not Path(photo.path).exists() and Path(other.path).exists()


async def test_a_crm_delivery_still_waiting_is_dropped_and_never_brings_the_customer_into_the_crm(
    sqlite_url: str, amo: FakeAmo, clock: FixedClock
) -> None:
    app = build(amo_settings(sqlite_url, amo), clock=clock, photo_reader=PhotoStub())
    try:
        chat = Chat(app, channel="whatsapp", chat_id=WA_ID, name=NAME)
        amo.state.down = 503  # the deal waits in the outbox
        await chat.says(f"нужен стартер на камри, вин {VIN}", sender_phone=PHONE)
        await chat.says("нет, всё", sender_phone=PHONE)
        await app.outbox.drain()
        await chat.says("удалите мои данные", sender_phone=PHONE)
        await app.outbox.drain()
        amo.state.down = None
        clock.advance(timedelta(hours=1))
        await app.outbox.drain()
        async with app.sessions() as session:
            items = (await session.exec(select(OutboxItem).where(OutboxItem.kind == "crm.deliver_lead"))).all()
    finally:
        await app.close()
    assert [item.status for item in items] == ["dropped"]
    assert amo.state.contacts == {} and amo.state.leads == {}


# --- WhatsApp: the chat id is the phone number ---------------------------------------------------


async def test_after_erase_my_data_on_whatsapp_neither_the_number_nor_the_photo_remains(
    sqlite_url: str, clock: FixedClock, media: Path, graph: FakeGraph
) -> None:
    settings = make_settings(
        sqlite_url,
        telegram_media_dir=media,
        whatsapp_token=TOKEN,
        whatsapp_phone_number_id=PHONE_ID,
        whatsapp_app_secret=APP_SECRET,
        whatsapp_verify_token=VERIFY_TOKEN,
        whatsapp_api_base=graph.url,
        whatsapp_debounce_seconds=0,
        retention_enabled=False,
    )
    app = build(settings, clock=clock, photo_reader=PhotoStub())
    graph.add_media("media-77", b"vin-plate")

    async def post(update: dict[str, object]) -> None:
        raw = body(update)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=create_app(app, background=False)), base_url="http://shop"
        ) as web:
            assert (await web.post("/webhooks/whatsapp", content=raw, headers=signed(raw))).status_code == 200

    try:
        await post(text_update(WA_ID, "Здравствуйте, нужен стартер на камри", "wamid.E1", name=NAME))
        await post(image_update(WA_ID, "media-77", "wamid.E2", name=NAME))
        await post(text_update(WA_ID, "нет, всё", "wamid.E3", name=NAME))
        await app.outbox.drain()
        assert files_in(media) != []

        await post(text_update(WA_ID, "удалите мои данные", "wamid.E4", name=NAME))
        await app.outbox.drain()

        assert "удаляю ваши данные" in graph.texts(WA_ID)[-1].lower()  # the answer reached the chat first
        assert await leftovers(app.engine, [WA_ID[1:], NAME, VIN, "wamid."]) == []
        assert files_in(media) == []
    finally:
        await app.close()


# --- the owner's command --------------------------------------------------------------------------


async def chat_customer(sqlite_url: str, clock: FixedClock, media: Path) -> int:
    app = build(make_settings(sqlite_url, telegram_media_dir=media), clock=clock, photo_reader=PhotoStub())
    try:
        chat = Chat(app, channel="whatsapp", chat_id=WA_ID, name=NAME)
        await chat.says(
            f"нужен стартер на камри, вин {VIN}", sender_phone=PHONE, photos=(vin_photo(media, "whatsapp", "m1.jpg"),)
        )
        await chat.says("нет, всё", sender_phone=PHONE)
        await app.outbox.drain()
        async with app.sessions() as session:
            customer_id = (await session.exec(select(Customer.id))).one()
    finally:
        await app.close()
    assert customer_id is not None
    return customer_id


async def test_the_owner_forgets_a_customer_by_id(sqlite_url: str, clock: FixedClock, media: Path) -> None:
    customer_id = await chat_customer(sqlite_url, clock, media)
    env = {"TELEGRAM_MEDIA_DIR": str(media)}
    out = await asyncio.to_thread(invoke, "customers", "forget", str(customer_id), "--yes", "--db", sqlite_url, env=env)
    assert f"customer {customer_id}: erased" in out and "1 deleted" in out
    engine = build(make_settings(sqlite_url), clock=clock)
    try:
        assert await leftovers(engine.engine, [WA_ID[1:], NAME, VIN]) == []
        async with engine.sessions() as session:
            sources = (await session.exec(select(Consent.source).where(Consent.purpose == "personal_data"))).all()
    finally:
        await engine.close()
    assert sources == ["owner_cli"] and files_in(media) == []


async def test_the_owner_forgets_a_customer_by_phone_after_confirming(sqlite_url: str, clock: FixedClock, media: Path) -> None:
    await chat_customer(sqlite_url, clock, media)
    out = await asyncio.to_thread(invoke, "customers", "forget", "8 916 123-45-67", "--db", sqlite_url, input="y\n")
    assert NAME in out and "Erase 1 customer(s) for good?" in out and ": erased" in out
    app = build(make_settings(sqlite_url), clock=clock)
    try:
        assert await leftovers(app.engine, [WA_ID[1:], NAME, VIN]) == []
    finally:
        await app.close()


async def test_the_owner_is_told_when_there_is_no_such_customer(sqlite_url: str) -> None:
    out = await asyncio.to_thread(invoke, "customers", "forget", "+79990000000", "--yes", "--db", sqlite_url, code=1)
    assert "No customer" in out


# --- amoCRM: a manager deletes them there ---------------------------------------------------------


async def test_with_amocrm_a_manager_gets_a_task_on_the_customers_deal_and_we_delete_nothing_there(
    sqlite_url: str, amo: FakeAmo, clock: FixedClock, media: Path
) -> None:
    app = build(amo_settings(sqlite_url, amo, telegram_media_dir=media), clock=clock, photo_reader=PhotoStub())
    try:
        chat = Chat(app, channel="whatsapp", chat_id=WA_ID, name=NAME)
        await chat.says(f"нужен стартер на камри, вин {VIN}", sender_phone=PHONE)
        await chat.says("нет, всё", sender_phone=PHONE)
        await app.outbox.drain()
        [deal_id] = list(amo.state.leads)
        await chat.says("удалите мои данные", sender_phone=PHONE)
        await app.outbox.drain()
        assert await leftovers(app.engine, [WA_ID[1:], NAME, VIN]) == []
    finally:
        await app.close()
    erasure = [task for task in amo.state.tasks.values() if "удалить его персональные данные" in task["text"]]
    assert [(task["entity_type"], task["entity_id"]) for task in erasure] == [("leads", deal_id)]
    assert NAME not in erasure[0]["text"] and WA_ID not in erasure[0]["text"]
    assert len(amo.state.contacts) == 1  # amoCRM's copy is the manager's to delete


# --- never written to again -----------------------------------------------------------------------


async def test_a_re_import_of_an_erased_customer_neither_brings_them_back_nor_resumes_writing(
    sqlite_url: str, clock: FixedClock, media: Path, tmp_path: Path
) -> None:
    from bot.app.importer import import_customers
    from retention.due import CampaignRules, select_due

    export = tmp_path / "customers.csv"
    export.write_text(f"id,name,phone,consent_messaging\nC-1024,{NAME},{PHONE},да\n", encoding="utf-8")
    app = build(make_settings(sqlite_url, telegram_media_dir=media), clock=clock)
    try:
        await import_customers(app.sessions, export, clock.now())
        async with app.sessions() as session:
            customer = (await session.exec(select(Customer))).one()
            old = clock.now().replace(year=2025)
            await record_purchase(session, customer, purchased_at=old, amount=1500.0, external_id=None, source="import")
            await session.commit()
        await asyncio.to_thread(invoke, "customers", "forget", str(customer.id), "--yes", "--db", sqlite_url)

        again = await import_customers(app.sessions, export, clock.now())
        async with app.sessions() as session:
            due = await select_due(session, clock.now(), CampaignRules(channels=("whatsapp", "web")))
            phones = (await session.exec(select(Customer.phone).where(col(Customer.phone).is_not(None)))).all()
    finally:
        await app.close()
    assert (again.erased, again.created, again.updated) == (1, 0, 0)
    assert phones == [] and due == []


async def test_an_amocrm_sync_does_not_bring_an_erased_customer_back(sqlite_url: str, amo: FakeAmo, clock: FixedClock) -> None:
    from crm_adapters.amocrm.sync import CURSOR_KEY, sync_history

    contact = amo.state.seed_contact(NAME, PHONE)
    amo.state.seed_lead(contact, status_id=142, price=3000, closed_at=1_700_000_000)
    app = build(amo_settings(sqlite_url, amo), clock=clock)
    try:
        await sync_history(amocrm_of(app), app.sessions, clock)
        async with app.sessions() as session:
            customer_id = (await session.exec(select(Customer.id))).one()
        await asyncio.to_thread(invoke, "customers", "forget", str(customer_id), "--yes", "--db", sqlite_url)
        async with app.sessions() as session:  # the next sync reads every contact again
            await session.delete(await session.get(KeyValue, CURSOR_KEY))
            await session.commit()
        await sync_history(amocrm_of(app), app.sessions, clock)
        assert await leftovers(app.engine, [NAME, "9161234567"]) == []
    finally:
        await app.close()
