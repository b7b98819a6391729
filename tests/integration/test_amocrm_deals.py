"""Handed-off leads become amoCRM deals over real HTTP (fake amoCRM on loopback): the right
pipeline, fields and contact, exactly once, whatever amoCRM does in between."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from bot.bootstrap import build
from bot.clock import FixedClock
from bot.runtime import Container
from bot.store.models import Lead
from tests.fakes.amocrm import STATUS_ID
from tests.support.amocrm import (  # noqa: F401
    FakeAmo,
    amo,
    amo_app,
    amo_settings,
    amocrm_of,
    max_per_second,
)
from tests.support.chat import Customer

VIN = "JTNBE46K303123456"


async def hand_off(app: Container, *, chat_id: str = "chat-1", phone: str = "+79161234567") -> Customer:
    customer = Customer(app, chat_id=chat_id)
    await customer.says(f"нужен стартер на камри, вин {VIN}", sender_phone=phone)
    await customer.says("нет, всё", sender_phone=phone)
    return customer


async def deliver(app: Container, clock: FixedClock, rounds: int = 20) -> None:
    for _ in range(rounds):
        await app.outbox.run_once()
        clock.advance(timedelta(minutes=15))


async def test_a_lead_becomes_a_deal_on_the_contact_found_by_phone_with_fields_note_and_task(
    amo_app: Container, amo: FakeAmo
) -> None:
    known = amo.state.seed_contact("Сергей Петрович", "8 (916) 123-45-67")
    customer = await hand_off(amo_app)
    await amo_app.outbox.drain()

    [deal] = amo.state.leads.values()
    assert len(amo.state.contacts) == 1 and deal["contacts"] == [known]
    assert deal["name"].startswith("Стартер") and (deal["pipeline_id"], deal["status_id"]) == (3001, STATUS_ID)
    assert amo.state.value(deal, "Запчасти") == "стартер" and amo.state.value(deal, "Источник") == "Веб-чат"
    assert {t["name"] for t in deal["tags"]} >= {"partsbot", "web"}
    assert amo.state.value(amo.state.contacts[known], "VIN", "contacts") == VIN
    [note] = amo.state.notes.values()
    [task] = amo.state.tasks.values()
    assert note["entity_id"] == deal["id"] and "Клиент: нужен стартер" in note["params"]["text"]
    assert task["entity_id"] == deal["id"] and task["entity_type"] == "leads"
    [lead] = await customer.leads()
    assert lead.crm_deal_id == str(deal["id"])


async def test_a_new_customer_gets_a_new_contact_with_phone_and_a_second_lead_reuses_it(amo_app: Container, amo: FakeAmo) -> None:
    await hand_off(amo_app, chat_id="a")
    await hand_off(amo_app, chat_id="b")
    await amo_app.outbox.drain()
    [contact] = amo.state.contacts.values()
    phone_field = contact["custom_fields_values"][0]
    assert phone_field["field_code"] == "PHONE" and phone_field["values"][0]["value"] == "+79161234567"
    assert [lead["contacts"] for lead in amo.state.leads.values()] == [[contact["id"]], [contact["id"]]]


async def test_pipeline_and_stage_are_found_by_name_and_missing_fields_created(
    sqlite_url: str, amo: FakeAmo, clock: FixedClock
) -> None:
    app = build(amo_settings(sqlite_url, amo, amocrm_pipeline="опт", amocrm_stage="Новая заявка"), clock=clock)
    try:
        mapping = await amocrm_of(app).mapping()
    finally:
        await app.close()
    assert (mapping.pipeline_name, mapping.status_id) == ("Опт", 5001)
    for entity, name in [
        ("contacts", "VIN"),
        ("contacts", "Номер кузова"),
        ("leads", "Запчасти"),
        ("leads", "Автомобиль"),
        ("leads", "Источник"),
    ]:
        assert amo.state.field_id(entity, name) is not None
    assert mapping.missing == {"contacts:Бонусы": "not_found"}
    pages = [path for _, method, path in amo.state.requests if path.endswith("/custom_fields") and method == "GET"]
    assert len(pages) == 4  # 62 contact fields and 55 lead fields, 50 a page


async def test_existing_fields_are_used_and_the_default_stage_is_the_first_working_one(amo_app: Container, amo: FakeAmo) -> None:
    vin_field = amo.state.add_field("contacts", "vin ")
    mapping = await amocrm_of(amo_app).mapping()
    assert mapping.fields["vin"] == vin_field and mapping.status_name == "Первичный контакт"
    assert [f["id"] for f in amo.state.fields["contacts"] if f["name"].strip().lower() == "vin"] == [vin_field]


async def test_fields_the_token_may_not_create_are_reported_missing(amo_app: Container, amo: FakeAmo) -> None:
    amo.state.can_create_fields = False
    mapping = await amocrm_of(amo_app).mapping()
    assert mapping.missing["leads:Запчасти"] == "no_rights"
    assert not mapping.created


async def test_an_answer_lost_after_the_deal_was_created_does_not_create_it_twice(
    sqlite_url: str, amo: FakeAmo, clock: FixedClock
) -> None:
    app = build(amo_settings(sqlite_url, amo, amocrm_timeout_seconds=0.5), clock=clock)
    try:
        amo.state.seed_contact("Сергей", "+79161234567")
        await amocrm_of(app).mapping()
        customer = await hand_off(app)
        amo.state.lose_next_write = 1.5  # the complex create is applied, its answer never arrives
        await app.outbox.run_once()
        [item] = await customer.outbox()
        assert item.status == "pending" and "did not answer" in (item.last_error or "")
        assert len(amo.state.leads) == 1
        await deliver(app, clock, rounds=3)
        assert len(amo.state.leads) == 1 and len(amo.state.notes) == 1 and len(amo.state.tasks) == 1
        [lead] = await customer.leads()
        assert lead.crm_deal_id == str(next(iter(amo.state.leads)))
    finally:
        await app.close()


async def test_a_deal_amocrm_rejects_is_parked_with_the_field_path(amo_app: Container, amo: FakeAmo) -> None:
    amo.state.reject_leads = "custom_fields_values.0.field_id"  # rejected even with a fresh field map
    customer = await hand_off(amo_app)
    await amo_app.outbox.run_once()
    [item] = await customer.outbox()
    assert item.status == "parked"
    assert "custom_fields_values.0.field_id" in (item.last_error or "") and "NotSupportedChoice" in (item.last_error or "")
    assert not amo.state.leads


@pytest.mark.heavy
async def test_a_429_storm_is_ridden_out_within_seven_requests_a_second(sqlite_url: str, amo: FakeAmo, clock: FixedClock) -> None:
    app = build(amo_settings(sqlite_url, amo, amocrm_rate_per_second=7.0), clock=clock)
    try:
        await hand_off(app)
        amo.state.fail_next = [429] * 8
        await deliver(app, clock, rounds=8)
        assert len(amo.state.leads) == 1 and len(amo.state.notes) == 1 and len(amo.state.tasks) == 1
        assert max_per_second([t for t, _, _ in amo.state.requests]) <= 7
    finally:
        await app.close()


async def test_amocrm_down_for_a_while_loses_no_deal_and_makes_none_twice(
    amo_app: Container, amo: FakeAmo, clock: FixedClock
) -> None:
    phones = ["+79161234567", "+79031112233", "+79265554433"]
    for n, phone in enumerate(phones):
        await hand_off(amo_app, chat_id=f"c{n}", phone=phone)
    amo.state.down = 503
    await deliver(amo_app, clock, rounds=4)
    async with amo_app.sessions() as session:
        assert all(lead.crm_deal_id is None for lead in (await session.exec(select(Lead))).all())
    amo.state.down = None
    await deliver(amo_app, clock, rounds=6)
    keys = [amo.state.value(lead, "Заявка partsbot") for lead in amo.state.leads.values()]
    assert len(keys) == 3 and len(set(keys)) == 3
    assert len(amo.state.contacts) == 3 and len(amo.state.notes) == 3 and len(amo.state.tasks) == 3
    [customer] = [Customer(amo_app, chat_id="c0")]
    assert {i.status for i in await customer.outbox()} == {"done"}


async def test_an_unpaid_account_pauses_all_calls_and_keeps_the_deal_queued(
    amo_app: Container, amo: FakeAmo, clock: FixedClock
) -> None:
    alerts: list[str] = []

    async def alert_owner(text: str) -> None:
        alerts.append(text)

    amocrm_of(amo_app).client.guard.alert = alert_owner
    customer = await hand_off(amo_app)
    amo.state.fail_next = [402]
    await amo_app.outbox.run_once()
    assert len(alerts) == 1 and "не оплачен" in alerts[0] and "не потеряна" in alerts[0]
    seen = len(amo.state.requests)
    clock.advance(timedelta(minutes=5))
    await amo_app.outbox.run_once()
    assert len(amo.state.requests) == seen  # paused: not even a probe
    [item] = await customer.outbox()
    assert item.status == "pending" and "402" in (item.last_error or "")
    clock.advance(timedelta(minutes=20))
    await deliver(amo_app, clock, rounds=3)
    assert len(amo.state.leads) == 1 and [i.status for i in await customer.outbox()] == ["done"]


async def test_a_customer_who_introduces_themselves_in_the_chat_is_called_so_on_the_contact(
    amo_app: Container, amo: FakeAmo
) -> None:
    customer = Customer(amo_app, chat_id="chat-name", name=None)  # the web chat knows no name
    await customer.says(f"Здравствуйте, меня зовут Андрей. Нужен стартер на камри, вин {VIN}")
    await customer.says("нет, всё, мой номер +7 916 765-43-21")
    await amo_app.outbox.drain()
    [contact] = amo.state.contacts.values()
    assert contact["name"] == "Андрей"


async def test_a_customer_without_a_phone_keeps_one_contact_across_requests(amo_app: Container, amo: FakeAmo) -> None:
    from bot.ports import ContactCard

    crm = amocrm_of(amo_app)
    first = await crm.upsert_contact(ContactCard(key="customer:7", name="Иван", phone=None, vin=None, frame=None))
    again = await crm.upsert_contact(ContactCard(key="customer:7", name="Иван", phone=None, vin=VIN, frame=None))
    assert first == again and len(amo.state.contacts) == 1
    assert amo.state.value(amo.state.contacts[int(first)], "VIN", "contacts") == VIN
    del amo.state.contacts[int(first)]  # a manager deleted it in amoCRM: a new one is made, not an error
    third = await crm.upsert_contact(ContactCard(key="customer:7", name="Иван", phone=None, vin=VIN, frame=None))
    assert third != first and len(amo.state.contacts) == 1


async def test_a_request_late_in_the_evening_gets_a_task_due_next_morning(
    amo_app: Container, amo: FakeAmo, clock: FixedClock
) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    msk = ZoneInfo("Europe/Moscow")
    clock.set(datetime(2026, 11, 23, 18, 45, tzinfo=msk))  # Monday; managers leave at 19:00
    await hand_off(amo_app)
    await amo_app.outbox.drain()
    [task] = amo.state.tasks.values()
    due = datetime.fromtimestamp(task["complete_till"], msk)
    assert datetime(2026, 11, 24, 9, 0, tzinfo=msk) < due <= datetime(2026, 11, 24, 9, 30, tzinfo=msk)


async def test_a_field_deleted_in_amocrm_after_caching_is_made_again_not_parked(amo_app: Container, amo: FakeAmo) -> None:
    await hand_off(amo_app, chat_id="first")
    await amo_app.outbox.drain()
    amo.state.fields["leads"] = [f for f in amo.state.fields["leads"] if f["name"] != "Запчасти"]  # a manager deleted it
    customer = await hand_off(amo_app, chat_id="second", phone="+79160000002")
    await amo_app.outbox.drain()
    assert {i.status for i in await customer.outbox()} == {"done"}
    second = max(amo.state.leads.values(), key=lambda lead: lead["id"])
    assert amo.state.value(second, "Запчасти") == "стартер"


async def test_without_the_request_field_a_lost_answer_still_makes_one_deal(
    sqlite_url: str, amo: FakeAmo, clock: FixedClock
) -> None:
    amo.state.can_create_fields = False  # a manager's token: «Заявка partsbot» cannot be created
    app = build(amo_settings(sqlite_url, amo, amocrm_timeout_seconds=0.5), clock=clock)
    try:
        amo.state.seed_contact("Сергей", "+79161234567")
        assert (await amocrm_of(app).mapping()).field_id("key") is None
        customer = await hand_off(app)
        amo.state.lose_next_write = 1.5
        await app.outbox.run_once()
        assert len(amo.state.leads) == 1
        await deliver(app, clock, rounds=3)
        assert len(amo.state.leads) == 1 and len(amo.state.tasks) == 1
        assert {i.status for i in await customer.outbox()} == {"done"}
    finally:
        await app.close()


async def test_a_retry_after_on_a_429_is_honoured_before_amocrm_is_asked_again(
    amo_app: Container, amo: FakeAmo, clock: FixedClock
) -> None:
    await hand_off(amo_app)
    amo.state.fail_next, amo.state.retry_after = [429], 120
    await amo_app.outbox.run_once()
    asked = len(amo.state.requests)
    clock.advance(timedelta(seconds=100))  # still inside the two minutes amoCRM asked for
    await amo_app.outbox.run_once()
    assert len(amo.state.requests) == asked and not amo.state.leads
    clock.advance(timedelta(seconds=30))
    await deliver(amo_app, clock, rounds=3)
    assert len(amo.state.leads) == 1
