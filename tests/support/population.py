"""Customers in the states the campaign must tell apart, written straight into the database."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlmodel import col, select

from bot.runtime import Container
from bot.store.models import Customer, Lead, Purchase, RetentionContact
from tests.support.chat import Customer as Chat


async def add_customer(
    app: Container,
    name: str,
    *,
    bought_days_ago: float | None = 120,
    contacted_days_ago: float | None = None,
    timezone: str = "Europe/Moscow",
    messaging_consent: bool = True,
    ads_consent: bool = True,
    opted_out: bool = False,
    snoozed_until: datetime | None = None,
    open_deal_days_ago: float | None = None,
    bonus_points: int = 500,
    phone: str | None = "+79160000000",
    telegram_chat_id: str | None = None,
) -> int:
    now = app.clock.now()
    async with app.sessions() as session:
        customer = Customer(
            name=name,
            phone=phone,
            timezone=timezone,
            bonus_points=bonus_points,
            messaging_consent=messaging_consent,
            ads_consent=ads_consent,
            telegram_chat_id=telegram_chat_id,
            last_purchase_at=now - timedelta(days=bought_days_ago) if bought_days_ago is not None else None,
            last_contacted_at=now - timedelta(days=contacted_days_ago) if contacted_days_ago is not None else None,
            opted_out_at=now - timedelta(days=1) if opted_out else None,
            next_contact_at=snoozed_until,
            created_at=now - timedelta(days=400),
        )
        session.add(customer)
        await session.flush()
        assert customer.id is not None
        if bought_days_ago is not None:
            session.add(Purchase(customer_id=customer.id, purchased_at=customer.last_purchase_at, amount=3000))  # type: ignore[arg-type]
        if open_deal_days_ago is not None:
            from bot.store.models import Conversation

            conversation = Conversation(
                customer_id=customer.id, channel="web", chat_id=f"deal-{customer.id}", created_at=now, updated_at=now
            )
            session.add(conversation)
            await session.flush()
            session.add(
                Lead(
                    conversation_id=conversation.id,
                    customer_id=customer.id,
                    channel="web",  # type: ignore[arg-type]
                    created_at=now - timedelta(days=open_deal_days_ago),
                )
            )
        await session.commit()
        return customer.id


async def written_to(app: Container, name: str, **details: Any) -> Chat:
    """A customer the campaign has just written to, as a chat to answer in."""
    assert app.campaigns is not None
    await add_customer(app, name, **details)
    await app.campaigns.run_once(app.clock.now())
    async with app.sessions() as session:
        contact = (await session.exec(select(RetentionContact).order_by(col(RetentionContact.id).desc()))).first()
    assert contact is not None
    return Chat(app, chat_id=f"c-{contact.web_token}")
