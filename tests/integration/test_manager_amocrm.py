"""With amoCRM: a request whose deal got a responsible manager in amoCRM counts as taken and is never
escalated; one nobody took gets an overdue task for the senior manager (SLA_SENIOR_AMOCRM_USER); the
customer's feedback lands on the deal as a note."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from urllib.parse import urlencode

import httpx
import pytest

from bot.bootstrap import build
from bot.clock import FixedClock
from bot.runtime import Container
from bot.web.app import create_app
from tests.support.amocrm import FakeAmo, amo, amo_settings  # noqa: F401
from tests.support.chat import Customer
from tests.support.managers import sla_row, sla_watch

SECRET = "hook-secret-0123456789"
SENIOR = "9100"


@pytest.fixture
async def app(sqlite_url: str, amo: FakeAmo, clock: FixedClock) -> AsyncIterator[Container]:
    container = build(amo_settings(sqlite_url, amo, amocrm_webhook_secret=SECRET, sla_senior_amocrm_user=SENIOR), clock=clock)
    yield container
    await container.close()


async def our_deal(app: Container) -> int:
    assert isinstance(app.clock, FixedClock)
    start = app.clock.now()
    customer = Customer(app)
    await customer.says("нужен стартер на камри, вин JTNBE46K303123456", sender_phone="+79161234567")
    app.clock.set(start)
    await customer.says("нет", sender_phone="+79161234567")
    await app.outbox.drain()
    [lead] = await customer.leads()
    assert lead.crm_deal_id is not None
    return int(lead.crm_deal_id)


async def test_a_responsible_user_set_in_amocrm_takes_the_request(app: Container, amo: FakeAmo, clock: FixedClock) -> None:
    deal_id = await our_deal(app)
    form = {"leads[responsible][0][id]": str(deal_id), "leads[responsible][0][responsible_user_id]": "9001"}
    transport = httpx.ASGITransport(app=create_app(app, background=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://partsbot") as client:
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        assert (await client.post(f"/webhooks/amocrm/{SECRET}", content=urlencode(form), headers=headers)).status_code == 200
    await app.outbox.drain()
    row = await sla_row(app)
    assert row is not None and row.taken_by == "amoCRM #9001" and row.taken_via == "amocrm"
    result = await sla_watch(app).run_once(clock.now() + timedelta(hours=5))
    assert result.overdue == [] and result.escalated == []


async def test_the_manager_who_took_it_in_amocrm_is_named_as_amocrm_names_them(
    app: Container, amo: FakeAmo, clock: FixedClock
) -> None:
    amo.state.users[9002] = "Анна Смирнова"
    deal_id = await our_deal(app)
    form = {"leads[responsible][0][id]": str(deal_id), "leads[responsible][0][responsible_user_id]": "9002"}
    transport = httpx.ASGITransport(app=create_app(app, background=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://partsbot") as client:
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        assert (await client.post(f"/webhooks/amocrm/{SECRET}", content=urlencode(form), headers=headers)).status_code == 200
    await app.outbox.drain()
    row = await sla_row(app)
    assert row is not None and row.taken_by == "Анна Смирнова"


async def test_an_overdue_request_gets_a_task_for_the_senior_manager(app: Container, amo: FakeAmo, clock: FixedClock) -> None:
    deal_id = await our_deal(app)
    clock.set(clock.now() + timedelta(hours=2))
    assert (await sla_watch(app).run_once(clock.now())).overdue == [1]
    await app.outbox.drain()
    [task] = [t for t in amo.state.tasks.values() if str(t["text"]).startswith("Просрочено")]
    assert task["entity_id"] == deal_id and task["responsible_user_id"] == int(SENIOR)
