"""Personal links that attach a messenger chat to a customer the shop already knows.

`python main.py telegram link C-1024` prints https://t.me/<bot>?start=<token>; the token is kept in
the key-value store until the customer's chat uses it (and stays that chat's). Any channel with a
start payload (Telegram, MAX) uses the same tokens under its own key prefix.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.store.kv import KvStore
from bot.store.models import Conversation, Customer, KeyValue


def link_key(channel: str, token: str) -> str:
    return f"{channel}.link:{token}"


async def create_link_token(kv: KvStore, channel: str, customer_id: int) -> str:
    """A one-chat token (URL-safe: A-Z a-z 0-9 _ -, 24 characters, within Telegram's 64)."""
    token = secrets.token_urlsafe(18)
    await kv.put(link_key(channel, token), {"customer_id": customer_id})
    return token


async def customer_by_token(session: AsyncSession, channel: str, token: str, chat_id: str) -> Customer | None:
    """The customer a token was made for, unless another chat used it already (caller commits)."""
    record = await session.get(KeyValue, link_key(channel, token))
    if record is None or record.value.get("used_by") not in (None, chat_id):
        return None
    customer = await session.get(Customer, int(record.value["customer_id"]))
    if customer is not None:
        record.value = {**record.value, "used_by": chat_id}
        session.add(record)
    return customer


async def attach_conversation(
    session: AsyncSession, customer: Customer, channel: str, chat_id: str, now: datetime
) -> Conversation:
    """Make the chat's conversation the customer's, opening it when the chat has none (caller commits)."""
    assert customer.id is not None
    query = select(Conversation).where(Conversation.channel == channel, Conversation.chat_id == chat_id)
    conversation = (await session.exec(query)).first()
    if conversation is None:
        conversation = Conversation(customer_id=customer.id, channel=channel, chat_id=chat_id, created_at=now, updated_at=now)
        session.add(conversation)
        await session.flush()
    elif conversation.customer_id != customer.id:
        conversation.customer_id = customer.id
        session.add(conversation)
    return conversation


async def customer_of_chat(session: AsyncSession, channel: str, chat_id: str) -> Customer | None:
    """The customer whose conversation this chat is, if it has one."""
    query = (
        select(Customer)
        .join(Conversation, col(Conversation.customer_id) == col(Customer.id))
        .where(Conversation.channel == channel, Conversation.chat_id == chat_id)
    )
    return (await session.exec(query)).first()


async def new_customer(session: AsyncSession, name: str | None, now: datetime) -> Customer:
    """A customer known only by the chat they wrote from (caller commits)."""
    customer = Customer(name=name, created_at=now)
    session.add(customer)
    await session.flush()
    return customer
