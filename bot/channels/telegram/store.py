"""What the Telegram channel keeps in the database: handled update ids and the customer <-> chat
link (its small records — link tokens, manager cards — live in the one kv store, bot/store/kv.py).
Each function owns its commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, select

from bot.store.engine import SessionFactory, insert_once
from bot.store.models import Conversation, Customer, Message, TelegramUpdate

CHANNEL = "telegram"


async def seen(sessions: SessionFactory, update_id: int) -> bool:
    async with sessions() as session:
        return await session.get(TelegramUpdate, update_id) is not None


async def claim(sessions: SessionFactory, update_id: int, now: datetime) -> bool:
    """Record an update as handled; False when it was handled before (the caller drops it)."""
    return await insert_once(sessions, TelegramUpdate(update_id=update_id, seen_at=now))


async def remember(sessions: SessionFactory, update_ids: list[int], now: datetime) -> None:
    """Record every update of a gathered turn in one statement, whichever were recorded already."""
    rows = [{"update_id": u, "seen_at": now} for u in sorted(set(update_ids))]
    async with sessions() as session:
        dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        statement = insert(TelegramUpdate).values(rows).on_conflict_do_nothing(index_elements=["update_id"])
        await session.exec(statement)
        await session.commit()


async def forget_updates(sessions: SessionFactory, before: datetime) -> int:
    """Drop the ids of updates handled before `before` (Telegram re-sends an update for a day at most);
    how many were dropped."""
    async with sessions() as session:
        result = await session.exec(delete(TelegramUpdate).where(col(TelegramUpdate.seen_at) < before))
        await session.commit()
    return int(result.rowcount or 0)


@dataclass(frozen=True)
class ChatRef:
    conversation_id: int
    customer_id: int
    reachable: bool  # the customer's telegram_chat_id is this chat and no 403 is on record


async def chat_ref(sessions: SessionFactory, chat_id: str) -> ChatRef | None:
    async with sessions() as session:
        query = (
            select(Conversation.id, Conversation.customer_id, Customer.telegram_chat_id, Customer.telegram_unreachable)
            .join(Customer, col(Customer.id) == col(Conversation.customer_id))
            .where(Conversation.channel == CHANNEL, Conversation.chat_id == chat_id)
        )
        row = (await session.exec(query)).first()
    if row is None or row[0] is None:
        return None
    return ChatRef(row[0], row[1], reachable=row[2] == chat_id and not row[3])


async def note_reachable(sessions: SessionFactory, customer_id: int, chat_id: str) -> None:
    """A customer who writes to the bot can be written to: remember the chat, clear the 403 mark."""
    async with sessions() as session:
        await session.exec(
            update(Customer)
            .where(col(Customer.id) == customer_id)
            .where((col(Customer.telegram_chat_id).is_(None)) | (col(Customer.telegram_unreachable).is_(True)))
            .values(telegram_chat_id=chat_id, telegram_unreachable=False)
        )
        await session.commit()


async def mark_unreachable(sessions: SessionFactory, chat_id: str) -> None:
    ref = await chat_ref(sessions, chat_id)
    async with sessions() as session:
        query = update(Customer).values(telegram_unreachable=True)
        if ref is not None:
            query = query.where(col(Customer.id) == ref.customer_id)
        else:
            query = query.where(col(Customer.telegram_chat_id) == chat_id)
        await session.exec(query)
        await session.commit()


async def mark_processed(sessions: SessionFactory, message_id: int, now: datetime) -> None:
    """The persona will not answer this stored message (a manager has the conversation)."""
    async with sessions() as session:
        message = await session.get(Message, message_id)
        if message is not None:
            message.processed_at = now
            session.add(message)
            await session.commit()
