"""The owner sees who answers how fast: per manager the requests taken, the median and 90th percentile
of the working time to take and to the first reply, the overdue ones and the share won — in
`stats --json` ("managers", "sla", "feedback") and on the dashboard, with the feedback's average and
comments."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta

import httpx

from bot.app.feedback import Asker
from bot.app.sla import mark_first_reply
from bot.clock import FixedClock
from bot.runtime import Container
from bot.store.models import Customer as CustomerRow
from bot.web.app import create_app
from crm_adapters.local import close_local_deal
from tests.conftest import MOSCOW, make_settings
from tests.support.chat import Customer
from tests.support.cli import invoke
from tests.support.managers import board_client, sla_watch

MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=MOSCOW)
TOKEN = "owner-link-token-0123456789"


async def request(app: Container, chat: str, at: datetime) -> None:
    assert isinstance(app.clock, FixedClock)
    app.clock.set(at)
    customer = Customer(app, chat_id=chat)
    await customer.says("нужен стартер на камри, вин JTNBE46K303123456")
    app.clock.set(at)
    await customer.says("нет, всё")
    await app.outbox.drain()


async def take(app: Container, manager: str, deal: int, at: datetime) -> None:
    assert isinstance(app.clock, FixedClock)
    app.clock.set(at)
    async with board_client(app, manager) as (web, csrf):
        assert (await web.post(f"/crm/deals/{deal}/take", data={"csrf": csrf})).status_code == 303


async def a_working_day(app: Container) -> None:
    """Anna takes two requests in 20 and 40 minutes and wins one; Boris takes one after it went overdue;
    one is never taken."""
    for number, chat in enumerate(("c1", "c2", "c3", "c4")):
        await request(app, chat, MONDAY_10 + timedelta(minutes=number))
    await take(app, "anna", 1, MONDAY_10 + timedelta(minutes=20))
    await mark_first_reply(app.sessions, 1, "anna", "telegram", MONDAY_10 + timedelta(minutes=25))
    await take(app, "anna", 2, MONDAY_10 + timedelta(minutes=41))
    await sla_watch(app).run_once(MONDAY_10 + timedelta(hours=2, minutes=5))
    await take(app, "boris", 3, MONDAY_10 + timedelta(hours=2, minutes=32))
    await close_local_deal(app.sessions, 1, won=True, amount=3000, now=MONDAY_10 + timedelta(hours=3))


async def test_stats_json_gives_each_managers_numbers(container: Container, db_url: str) -> None:
    await a_working_day(container)
    data = json.loads(await asyncio.to_thread(invoke, "stats", "--json", "--db", db_url))
    anna, boris = data["managers"]
    assert anna == {
        "manager": "anna",
        "taken": 2,
        "take_median_minutes": 20.0,
        "take_p90_minutes": 40.0,
        "first_reply_median_minutes": 25.0,
        "first_reply_p90_minutes": 25.0,
        "escalations": 0,
        "won": 1,
        "won_share": 0.5,
    }
    assert boris["taken"] == 1 and boris["escalations"] == 1 and boris["take_median_minutes"] == 150.0
    assert data["sla"] == {"handed_off": 4, "not_taken": 1, "overdue": 2, "escalated": 0}
    assert "funnel" in data or "control" in data, "beside the owner's retention numbers"


async def test_the_managers_numbers_follow_the_period_and_channel_picked(container: Container, db_url: str) -> None:
    await a_working_day(container)  # Monday, web chat
    await request(container, "c5", MONDAY_10 + timedelta(days=1))  # Tuesday's request
    await take(container, "boris", 5, MONDAY_10 + timedelta(days=1, minutes=10))

    async def managers(*options: str) -> dict[str, int]:
        data = json.loads(await asyncio.to_thread(invoke, "stats", "--json", "--db", db_url, *options))
        return {row["manager"]: row["taken"] for row in data["managers"]}

    assert await managers() == {"anna": 2, "boris": 2}
    assert await managers("--since", "2026-11-24") == {"boris": 1}
    assert await managers("--until", "2026-11-23") == {"anna": 2, "boris": 1}
    assert await managers("--channel", "telegram") == {}


async def test_the_dashboard_shows_managers_and_the_feedback_average_with_its_comment(db_url: str, clock: FixedClock) -> None:
    from bot.bootstrap import build

    app = build(make_settings(db_url, dashboard_token=TOKEN), clock=clock)
    try:
        await request(app, "c1", MONDAY_10)
        await take(app, "anna", 1, MONDAY_10 + timedelta(minutes=10))
        async with app.sessions() as session:
            customer = await session.get(CustomerRow, 1)
            assert customer is not None
            customer.messaging_consent = True
            session.add(customer)
            await session.commit()
        won = MONDAY_10 + timedelta(hours=1)
        await close_local_deal(app.sessions, 1, won=True, amount=3000, now=won)
        clock.set(won + timedelta(days=3))
        assert await Asker.of(app.settings, app.sessions, app.senders, None).run_once(clock.now()) == 1
        await Customer(app, chat_id="c1").says("2, долго везли")
        transport = httpx.ASGITransport(app=create_app(app, background=False))
        async with httpx.AsyncClient(transport=transport, base_url="http://shop") as web:
            page = (await web.get(f"/dashboard?token={TOKEN}")).text
    finally:
        await app.close()
    assert 'data-testid="manager-row"' in page and "anna" in page
    assert 'data-testid="feedback-average">2,0<' in page
    assert "«долго везли»" in page
