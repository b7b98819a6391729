"""Deals reach the CRM through the outbox: once, in order, surviving a CRM that is down."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest
from sqlmodel import select

from bot.app.sending import queue_message
from bot.bootstrap import build
from bot.clock import FixedClock
from bot.messages import Outbound
from bot.ports import ContactCard, CrmRejected, CrmUnavailable, DealCard
from bot.runtime import Container
from bot.store.models import Conversation, LocalContact, LocalDeal, LocalNote, LocalTask
from crm_adapters.local import LocalCrm
from tests.conftest import make_settings
from tests.support.chat import Customer

pytestmark = pytest.mark.backend_matters  # claims, leases and saved progress: all conditional updates

VIN = "JTNBE46K303123456"


class FlakyCrm:
    """The local CRM behind a switch: down, rejecting, or failing once right after a create."""

    def __init__(self, inner: LocalCrm) -> None:
        self.inner = inner
        self.down = False
        self.reject = False
        self.lose_answer_after_create = False
        self.calls: list[str] = []

    def _gate(self, name: str) -> None:
        self.calls.append(name)
        if self.down:
            raise CrmUnavailable("amoCRM is down")
        if self.reject:
            raise CrmRejected("validation-errors: custom_fields_values.0.values.0.value")

    async def upsert_contact(self, contact: ContactCard) -> str:
        self._gate("upsert_contact")
        return await self.inner.upsert_contact(contact)

    async def find_deal(self, key: str) -> str | None:
        self._gate("find_deal")
        return await self.inner.find_deal(key)

    async def create_deal(self, deal: DealCard, contact_id: str) -> str:
        self._gate("create_deal")
        deal_id = await self.inner.create_deal(deal, contact_id)
        if self.lose_answer_after_create:
            self.lose_answer_after_create = False
            raise CrmUnavailable("timeout after the deal was created")
        return deal_id

    async def add_note(self, deal_id: str, text: str) -> str:
        self._gate("add_note")
        return await self.inner.add_note(deal_id, text)

    async def add_task(self, deal_id: str, text: str, due: datetime, *, responsible: str | None = None) -> str:
        self._gate("add_task")
        return await self.inner.add_task(deal_id, text, due)


def flaky_app(db_url: str, clock: FixedClock) -> tuple[Container, FlakyCrm]:
    probe = build(make_settings(db_url), clock=clock)
    crm = FlakyCrm(LocalCrm(probe.sessions, clock))
    app = build(make_settings(db_url), clock=clock, crm=crm)
    crm.inner = LocalCrm(app.sessions, clock)
    return app, crm


async def count(app: Container, model: type) -> int:
    async with app.sessions() as session:
        return len((await session.exec(select(model))).all())


async def hand_off(app: Container) -> Customer:
    customer = Customer(app)
    await customer.says(f"нужен стартер, вин {VIN}")
    await customer.says("нет")
    return customer


async def test_a_handed_off_lead_becomes_a_deal_with_contact_transcript_and_task(container: Container) -> None:
    await hand_off(container)
    await container.outbox.drain()
    async with container.sessions() as session:
        deal = (await session.exec(select(LocalDeal))).one()
        contact = (await session.exec(select(LocalContact))).one()
        note = (await session.exec(select(LocalNote))).one()
        task = (await session.exec(select(LocalTask))).one()
    assert deal.parts == ["стартер"] and deal.title.startswith("Стартер") and "partsbot" in deal.tags
    assert contact.vin == VIN and contact.name == "Сергей"
    assert "Клиент: нужен стартер" in note.text and "Виталий:" in note.text
    assert task.deal_id == deal.id


async def test_crm_down_keeps_the_lead_queued_until_it_is_back(db_url: str, clock: FixedClock) -> None:
    app, crm = flaky_app(db_url, clock)
    try:
        customer = await hand_off(app)
        crm.down = True
        for _ in range(3):
            await app.outbox.run_once()
            clock.advance(timedelta(minutes=10))
        [item] = await customer.outbox()
        assert item.status == "pending" and item.attempts == 3
        crm.down = False
        clock.advance(timedelta(minutes=10))
        await app.outbox.drain()
        assert await count(app, LocalDeal) == 1 and await count(app, LocalNote) == 1
        assert [i.status for i in await customer.outbox()] == ["done"]
    finally:
        await app.close()


async def test_an_answer_lost_after_create_does_not_create_the_deal_twice(db_url: str, clock: FixedClock) -> None:
    app, crm = flaky_app(db_url, clock)
    try:
        await hand_off(app)
        crm.lose_answer_after_create = True
        await app.outbox.run_once()
        clock.advance(timedelta(minutes=1))
        await app.outbox.drain()
        assert await count(app, LocalDeal) == 1
        assert crm.calls.count("upsert_contact") == 1  # resumed from saved progress
    finally:
        await app.close()


async def test_a_rejected_item_is_parked_not_retried_forever(db_url: str, clock: FixedClock) -> None:
    app, crm = flaky_app(db_url, clock)
    try:
        customer = await hand_off(app)
        crm.reject = True
        await app.outbox.run_once()
        [item] = await customer.outbox()
        assert item.status == "parked" and "validation-errors" in (item.last_error or "")
        clock.advance(timedelta(hours=1))
        calls = len(crm.calls)
        await app.outbox.run_once()
        assert len(crm.calls) == calls
    finally:
        await app.close()


async def test_a_note_added_after_hand_off_waits_for_its_deal(db_url: str, clock: FixedClock) -> None:
    app, crm = flaky_app(db_url, clock)
    try:
        customer = await hand_off(app)
        await customer.says("и ещё свечи")
        crm.down = True
        await app.outbox.run_once()
        crm.down = False
        clock.advance(timedelta(minutes=5))
        await app.outbox.drain()
        async with app.sessions() as session:
            notes = [n.text for n in (await session.exec(select(LocalNote).order_by(LocalNote.id))).all()]  # type: ignore[arg-type]
        assert len(notes) == 2 and notes[1] == "Клиент дописал: и ещё свечи"
    finally:
        await app.close()


async def test_an_outage_of_hours_parks_nothing_and_the_deal_goes_out_when_the_crm_is_back(
    db_url: str, clock: FixedClock
) -> None:
    app, crm = flaky_app(db_url, clock)
    try:
        customer = await hand_off(app)
        crm.down = True
        for _ in range(6 * 30):  # three hours, a pass every minute
            await app.outbox.run_once()
            clock.advance(timedelta(minutes=1))
        [item] = await customer.outbox()
        assert item.status == "pending" and item.attempts > 20
        crm.down = False
        clock.advance(timedelta(minutes=10))
        await app.outbox.drain()
        assert await count(app, LocalDeal) == 1
    finally:
        await app.close()


class SlowRecorder:
    """A channel sender that takes a while, so two workers overlap."""

    def __init__(self, delivered: list[int]) -> None:
        self.delivered = delivered

    async def send(self, outbound: Outbound) -> None:
        await asyncio.sleep(0.05)
        assert outbound.message_id is not None
        self.delivered.append(outbound.message_id)


async def test_two_workers_on_one_database_deliver_each_message_once(db_url: str, clock: FixedClock) -> None:
    first, second = build(make_settings(db_url), clock=clock), build(make_settings(db_url), clock=clock)
    delivered: list[int] = []
    for app in (first, second):
        app.senders["web"] = SlowRecorder(delivered)
    try:
        await Customer(first).says("добрый день")
        async with first.sessions() as session:
            conversation = (await session.exec(select(Conversation))).one()
            for n in range(3):
                await queue_message(session, conversation, f"сообщение {n}", clock.now())
            await session.commit()
        await asyncio.gather(first.outbox.run_once(), second.outbox.run_once(), first.outbox.run_once())
        assert len(delivered) == 3 and len(set(delivered)) == 3
    finally:
        await first.close()
        await second.close()
