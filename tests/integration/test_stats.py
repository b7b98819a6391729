"""The funnel numbers the owner sees, from real campaign conversations."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from bot.app.customers import record_purchase
from bot.clock import FixedClock
from bot.runtime import Container
from bot.store.models import Customer, RetentionContact
from retention.funnel import as_text, chart_png, compute
from tests.support.chat import Customer as Chat
from tests.support.population import add_customer

VIN = "JTNBE46K303123456"


async def reply_all(app: Container, answers: list[list[str]]) -> None:
    async with app.sessions() as session:
        contacts = list((await session.exec(select(RetentionContact).order_by(RetentionContact.id))).all())  # type: ignore[arg-type]
    for contact, turns in zip(contacts, answers, strict=True):
        chat = Chat(app, chat_id=f"c-{contact.web_token}")
        for text in turns:
            await chat.says(text)


@pytest.mark.backend_matters
async def test_the_funnel_counts_every_outcome_offers_orders_and_money(container: Container, clock: FixedClock) -> None:
    assert container.campaigns is not None
    for name in ("A", "B", "C", "D", "E"):
        await add_customer(container, name)
    await container.campaigns.run_once(clock.now())
    await reply_all(
        container,
        [
            ["да, нужен стартер", f"вин {VIN}", "нет"],
            ["через две недели"],
            ["ничего не нужно"],
            ["стоп"],
            [],
        ],
    )
    async with container.sessions() as session:
        buyer = (await session.exec(select(Customer).where(Customer.name == "A"))).one()
        await record_purchase(
            session, buyer, purchased_at=clock.now() + timedelta(days=2), amount=2500.0, external_id="order-1", source="crm"
        )
        await session.commit()
    clock.advance(timedelta(days=4))
    await container.campaigns.close_silent(clock.now())

    stats = await compute(container.sessions, now=clock.now())
    data = stats.to_dict()
    assert (data["contacted"], data["replied"]) == (5, 4)
    assert [data[k] for k in ("need_now", "later", "nothing", "no_reply", "opted_out")] == [1, 1, 1, 1, 1]
    assert data["shares"]["need_now"] == 0.2
    assert (data["offers_made"], data["leads_handed_off"], data["orders"], data["revenue"]) == (1, 1, 1, 2500.0)
    assert data["revenue_per_100_dialogs"] == 50000.0 and data["cost_per_dialog"] == 0.0
    assert "Написали: 5" in as_text(stats)
    assert (chart_png(stats) or b"").startswith(b"\x89PNG")


async def test_no_campaign_yet_gives_zeros_and_no_chart(container: Container) -> None:
    stats = await compute(container.sessions, now=container.clock.now())
    assert stats.contacted == 0 and stats.cost_per_dialog == 0 and chart_png(stats) is None
