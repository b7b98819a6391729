"""amoCRM webhooks: answered at once, applied by the outbox worker: won deals become purchases
(what retention counts from), lost ones close the lead, stage moves show on our lead."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from urllib.parse import urlencode

import httpx
import pytest
from sqlmodel import select

from bot.bootstrap import build
from bot.clock import FixedClock
from bot.runtime import Container
from bot.store.models import Customer as CustomerRow
from bot.store.models import Lead, OutboxItem, Purchase
from bot.web.app import create_app
from tests.support.amocrm import FakeAmo, amo, amo_settings  # noqa: F401
from tests.support.chat import Customer

SECRET = "hook-secret-0123456789"
CLOSED = datetime(2026, 11, 24, 15, 30, tzinfo=UTC)


@pytest.fixture
async def hooked(sqlite_url: str, amo: FakeAmo, clock: FixedClock) -> AsyncIterator[Container]:
    app = build(amo_settings(sqlite_url, amo, amocrm_webhook_secret=SECRET), clock=clock)
    yield app
    await app.close()


async def post_hook(app: Container, secret: str, form: dict[str, str]) -> httpx.Response:
    transport = httpx.ASGITransport(app=create_app(app, background=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://partsbot") as client:
        return await client.post(
            f"/webhooks/amocrm/{secret}",
            content=urlencode(form),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )


def status_form(deal_id: int, status_id: int, price: str = "0") -> dict[str, str]:
    entry = {
        "id": str(deal_id),
        "status_id": str(status_id),
        "pipeline_id": "3001",
        "old_status_id": "4001",
        "price": price,
        "last_modified": "1764000000",
    }
    return {f"leads[status][0][{k}]": v for k, v in entry.items()} | {"account[subdomain]": "shop", "account[id]": "7"}


async def our_deal(app: Container) -> tuple[Customer, int]:
    customer = Customer(app)
    await customer.says("нужен стартер на камри, вин JTNBE46K303123456", sender_phone="+79161234567")
    await customer.says("нет", sender_phone="+79161234567")
    await app.outbox.drain()
    [lead] = await customer.leads()
    assert lead.crm_deal_id is not None
    return customer, int(lead.crm_deal_id)


async def test_a_won_deal_records_the_purchase_with_its_price_and_close_date(hooked: Container, amo: FakeAmo) -> None:
    _customer, deal_id = await our_deal(hooked)
    amo.state.leads[deal_id].update(status_id=142, price=5400, closed_at=int(CLOSED.timestamp()))
    response = await post_hook(hooked, SECRET, status_form(deal_id, 142, price="5400"))
    assert response.status_code == 200
    await hooked.outbox.drain()
    await hooked.outbox.drain()  # a second delivery of the same hook changes nothing
    async with hooked.sessions() as session:
        [purchase] = (await session.exec(select(Purchase))).all()
        [lead] = (await session.exec(select(Lead))).all()
        buyer = await session.get(CustomerRow, purchase.customer_id)
    assert (purchase.amount, purchase.purchased_at, purchase.external_id) == (5400.0, CLOSED, f"amocrm:lead:{deal_id}")
    assert buyer is not None and buyer.id == lead.customer_id and buyer.last_purchase_at == CLOSED
    assert lead.status == "closed" and lead.crm_stage == "Успешно реализовано"


async def test_a_stage_move_shows_on_the_lead_and_a_lost_deal_closes_it(hooked: Container, amo: FakeAmo) -> None:
    _, deal_id = await our_deal(hooked)
    await post_hook(hooked, SECRET, status_form(deal_id, 4002))
    await hooked.outbox.drain()
    async with hooked.sessions() as session:
        lead = (await session.exec(select(Lead))).one()
        assert (lead.crm_stage, lead.status) == ("Переговоры", "handed_off")
    await post_hook(hooked, SECRET, status_form(deal_id, 143))
    await hooked.outbox.drain()
    async with hooked.sessions() as session:
        lead = (await session.exec(select(Lead))).one()
        assert lead.status == "closed" and lead.closed_at is not None
        assert not (await session.exec(select(Purchase))).all()


async def test_a_deal_won_by_a_manager_alone_makes_a_customer_from_its_contact(hooked: Container, amo: FakeAmo) -> None:
    contact = amo.state.seed_contact("Ольга", "8 903 111-22-33")
    deal_id = amo.state.seed_lead(contact, status_id=142, price=12000, closed_at=int(CLOSED.timestamp()))
    await post_hook(hooked, SECRET, status_form(deal_id, 142))
    await hooked.outbox.drain()
    async with hooked.sessions() as session:
        [purchase] = (await session.exec(select(Purchase))).all()
        buyer = await session.get(CustomerRow, purchase.customer_id)
    assert buyer is not None and (buyer.phone, buyer.name, buyer.last_purchase_at) == ("+79031112233", "Ольга", CLOSED)
    assert purchase.amount == 12000.0


async def test_a_wrong_secret_is_not_found_and_queues_nothing(hooked: Container) -> None:
    response = await post_hook(hooked, "guess", status_form(1, 142))
    assert response.status_code == 404
    async with hooked.sessions() as session:
        assert not (await session.exec(select(OutboxItem))).all()


async def test_without_a_secret_there_is_no_amocrm_webhook(sqlite_url: str, amo: FakeAmo, clock: FixedClock) -> None:
    app = build(amo_settings(sqlite_url, amo), clock=clock)
    try:
        assert (await post_hook(app, SECRET, status_form(1, 142))).status_code == 404
    finally:
        await app.close()
