"""Rows a storage test starts from, written through the service's own unit of work."""

from __future__ import annotations

from datetime import datetime

from bot.store.engine import SessionFactory
from bot.store.models import Conversation, Customer, new_row
from bot.store.uow import SqlUnitOfWork


async def a_web_chat(sessions: SessionFactory, when: datetime, chat_id: str = "c1") -> tuple[int, int]:
    """(customer id, conversation id) of a new web chat with Сергей."""
    async with SqlUnitOfWork(sessions) as uow:
        customer = new_row(Customer, name="Сергей", created_at=when)
        await uow.insert(customer)
        conversation = new_row(
            Conversation, customer_id=customer.id, channel="web", chat_id=chat_id, created_at=when, updated_at=when
        )
        await uow.insert(conversation)
        await uow.commit()
    assert customer.id is not None and conversation.id is not None
    return customer.id, conversation.id
