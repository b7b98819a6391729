"""A month of the win-back campaign on the example shop (examples/), with time injected.

The example customers and purchases are imported as of 2026-11-23; then every simulated day at 11:00
Moscow time a campaign pass runs, the touched customers answer (or not) and purchases arrive for both
groups on their own days. Who does what follows the customer id (`id % 20`), so the month is the same
in every run:

    touched  0: needs a part now (a lead; every other one is won in the CRM two days later)
             1: "через две недели", buys 16 days later      2: "через две недели", does not buy
             3: nothing needed, buys 5 days later            4: nothing needed
             5: "стоп"                                       6, 9, 10: silent, reminded, buy 10-12 days later
             7, 8: silent, buy 10 days later (they would have come anyway)       others: silent
    control  7, 8: buy 10 days after they were due, as they would have anyway; others: nothing
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import select

from bot.app.customers import record_purchase
from bot.app.deals import close_lead
from bot.app.importer import import_customers, import_purchases
from bot.clock import FixedClock
from bot.runtime import Container
from bot.store.models import Customer, Lead, RetentionContact
from tests.support.chat import Customer as Chat

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
START = datetime(2026, 11, 23, 11, 0, tzinfo=ZoneInfo("Europe/Moscow"))
DAYS = 30
VIN = "JTNBE46K303123456"

REPLIES = {
    0: ["да, нужен стартер", f"вин {VIN}", "нет"],
    1: ["через две недели"],
    2: ["через две недели"],
    3: ["ничего не нужно"],
    4: ["ничего не нужно"],
    5: ["стоп"],
}
TOUCHED_BUYS = {
    1: (16, 6400.0),
    3: (5, 3900.0),
    6: (10, 11800.0),
    7: (10, 9100.0),
    8: (10, 14300.0),
    9: (12, 7200.0),
    10: (12, 10400.0),
}
CONTROL_BUYS = {7: (10, 9100.0), 8: (10, 14300.0)}
WON_AFTER_DAYS, WON_AMOUNT = 2, 8700.0

Event = Callable[[Container], Awaitable[None]]


async def simulate_month(app: Container, clock: FixedClock, *, days: int = DAYS) -> None:
    assert app.campaigns is not None
    clock.set(START)
    await import_customers(app.sessions, EXAMPLES / "customers.csv", clock.now())
    await import_purchases(app.sessions, EXAMPLES / "purchases.csv", clock.now())
    planned: dict[date, list[Event]] = defaultdict(list)
    for day in range(days):
        clock.set(START + timedelta(days=day))
        for event in planned.pop(clock.now().date(), []):
            await event(app)
        result = await app.campaigns.run_once(clock.now())
        for held in result.held:
            if (rule := CONTROL_BUYS.get(held.customer_id % 20)) is not None:
                planned[(clock.now() + timedelta(days=rule[0])).date()].append(_buys(held.customer_id, rule[1]))
        for touched in result.contacted:
            kind = touched.customer_id % 20
            await _answers(app, touched.customer_id, REPLIES.get(kind, []))
            if (rule := TOUCHED_BUYS.get(kind)) is not None:
                planned[(clock.now() + timedelta(days=rule[0])).date()].append(_buys(touched.customer_id, rule[1]))
            if kind == 0 and (touched.customer_id // 20) % 2 == 0:
                planned[(clock.now() + timedelta(days=WON_AFTER_DAYS)).date()].append(_wins(touched.customer_id))
        clock.set(START + timedelta(days=day, hours=8))  # the evening: silence for three days is "no reply"
        await app.campaigns.resume_snoozed(clock.now())
        await app.campaigns.close_silent(clock.now())
    clock.set(START + timedelta(days=days))
    await app.campaigns.close_silent(clock.now())


async def _answers(app: Container, customer_id: int, turns: list[str]) -> None:
    if not turns:
        return
    async with app.sessions() as session:
        contact = (
            await session.exec(
                select(RetentionContact).where(RetentionContact.customer_id == customer_id).order_by(RetentionContact.id.desc())  # type: ignore[union-attr]
            )
        ).first()
    assert contact is not None and contact.web_token
    chat = Chat(app, chat_id=f"c-{contact.web_token}")
    for text in turns:
        await chat.says(text)


def _buys(customer_id: int, amount: float) -> Event:
    async def buy(app: Container) -> None:
        async with app.sessions() as session:
            customer = await session.get(Customer, customer_id)
            assert customer is not None
            at = app.clock.now()
            await record_purchase(
                session, customer, purchased_at=at, amount=amount, external_id=f"sim:{customer_id}:{at:%Y%m%d}", source="crm"
            )
            await session.commit()

    return buy


def _wins(customer_id: int) -> Event:
    async def win(app: Container) -> None:
        async with app.sessions() as session:
            lead = (await session.exec(select(Lead).where(Lead.customer_id == customer_id))).first()
            assert lead is not None, f"customer {customer_id} asked for a part: a lead was expected"
            await close_lead(
                session, lead, won=True, amount=WON_AMOUNT, at=app.clock.now(), external_id=f"crm:{lead.id}", source="crm"
            )
            await session.commit()

    return win


def simulated_shop(database: Path, *, days: int = DAYS, **settings: object) -> FixedClock:
    """The example shop after `days` simulated days, in a new SQLite file; returns the clock at its end.
    Sync (its own event loop): for module fixtures, and for tests that then start the real service."""
    import asyncio

    from bot.bootstrap import build
    from bot.config import Settings
    from bot.store.engine import upgrade

    url = f"sqlite+aiosqlite:///{database}"
    upgrade(url)
    clock = FixedClock(START)

    async def run() -> None:
        app = build(Settings(_env_file=None, database_url=url, **settings), clock=clock)  # type: ignore[call-arg]
        try:
            await simulate_month(app, clock, days=days)
        finally:
            await app.close()

    asyncio.run(run())
    return clock


def shared_simulated_shop(tmp_path_factory: Any) -> tuple[Path, FixedClock]:
    """One simulated month per test run, shared by the modules and the xdist workers that need it (it
    takes seconds): made once under a file lock in the run's own temporary folder. Copy it before use."""
    import fcntl
    import os

    base = tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # the run's folder, shared by its workers
    path = root / "simulated_month.db"
    with (root / "simulated_month.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            making = root / f"simulated_month.{os.getpid()}.db"
            simulated_shop(making)
            making.replace(path)
    return path, FixedClock(START + timedelta(days=DAYS))
