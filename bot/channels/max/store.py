"""What the MAX channel keeps: handled updates, who a chat belongs to, and which chats blocked the bot.

A customer's MAX reach is their MAX conversation (the chat they started the bot in, or the one a
deep link or a shared phone attached to them), unless that chat stopped the bot or MAX refused a
message to it: `max.blocked:<conversation id>` in the kv store (no chat id in the key, so an erased
customer leaves nothing behind). Retention reads the same two things (retention/due.py).
Messages are deduplicated by the core on their MAX id (`mid`); the updates the core never sees
(bot_started, a shared contact) are claimed here. Each function owns its commit.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import delete
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.chat_links import attach_conversation, customer_of_chat, new_customer
from bot.store.engine import SessionFactory, insert_once
from bot.store.models import Conversation, Customer, KeyValue, Message

CHANNEL = "max"
BLOCKED = "max.blocked:"  # + conversation id


def blocked_key(conversation_id: int) -> str:
    return f"{BLOCKED}{conversation_id}"


async def seen(sessions: SessionFactory, mid: str) -> bool:
    """The core has this message already (MAX delivered it again)."""
    async with sessions() as session:
        query = select(Message.id).where(Message.channel == CHANNEL, Message.external_id == mid)
        return (await session.exec(query)).first() is not None


async def claim(sessions: SessionFactory, update_key: str, now: datetime) -> bool:
    """Record an update the core does not store as handled; False when it was handled before."""
    return await insert_once(sessions, KeyValue(key=f"max.update:{update_key}", value={}, updated_at=now))


async def forget_updates(sessions: SessionFactory, before: datetime) -> int:
    """Drop the records of updates handled before `before` (MAX delivers an update again within
    hours, not days); how many were dropped."""
    async with sessions() as session:
        query = delete(KeyValue).where(col(KeyValue.key).startswith("max.update:"), col(KeyValue.updated_at) < before)
        result = await session.exec(query)
        await session.commit()
    return int(result.rowcount or 0)


async def conversation_of(session: AsyncSession, chat_id: str) -> Conversation | None:
    query = select(Conversation).where(Conversation.channel == CHANNEL, Conversation.chat_id == chat_id)
    return (await session.exec(query)).first()


async def link_chat(session: AsyncSession, customer: Customer, chat_id: str, now: datetime) -> Conversation:
    """Make this chat's conversation the customer's (created when there is none); the caller commits."""
    return await attach_conversation(session, customer, CHANNEL, chat_id, now)


async def customer_for_chat(session: AsyncSession, chat_id: str, name: str | None, now: datetime) -> Customer:
    """The customer this chat belongs to, a new one when the chat is new (the caller commits)."""
    customer = await customer_of_chat(session, CHANNEL, chat_id) or await new_customer(session, name, now)
    await link_chat(session, customer, chat_id, now)
    return customer


async def set_blocked(sessions: SessionFactory, chat_id: str, blocked: bool, now: datetime) -> None:
    """The chat stopped the bot (or MAX refused to deliver to it), or it is back. Unblocking runs for
    every message a customer writes: one read, and a write only when the chat was blocked (a write
    would queue behind every other writer)."""
    if not blocked:
        async with sessions() as session:
            conversation = select(sa.literal(BLOCKED) + sa.cast(Conversation.id, sa.String)).where(
                Conversation.channel == CHANNEL, Conversation.chat_id == chat_id
            )
            mark = col(KeyValue.key) == conversation.scalar_subquery()
            if (await session.exec(select(KeyValue.key).where(mark))).first() is None:
                return
            await session.exec(delete(KeyValue).where(mark))
            await session.commit()
        return
    async with sessions() as session:
        found = await conversation_of(session, chat_id)
    if found is not None and found.id is not None:
        await insert_once(sessions, KeyValue(key=blocked_key(found.id), value={}, updated_at=now))  # twice at once: one row


async def is_blocked(sessions: SessionFactory, chat_id: str) -> bool:
    async with sessions() as session:
        conversation = await conversation_of(session, chat_id)
        return (
            conversation is not None
            and conversation.id is not None
            and await session.get(KeyValue, blocked_key(conversation.id)) is not None
        )
