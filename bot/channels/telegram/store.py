"""What the Telegram channel keeps in the database: handled update ids and the customer <-> chat
link (its small records — link tokens, manager cards — live in the one kv store, bot/store/kv.py).
Each function owns its commit. What every customer message passes through (`HandledUpdates`) is
Core on a plain connection, batched: no ORM unit of work for a lookup or two small writes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import delete, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, select

from bot.store.batch import Batched
from bot.store.engine import SessionFactory, engine_of, insert_once
from bot.store.models import Conversation, Customer, Message, TelegramUpdate

CHANNEL = "telegram"
_updates: sa.Table = TelegramUpdate.__table__  # type: ignore[attr-defined]
_customers: sa.Table = Customer.__table__  # type: ignore[attr-defined]
_conversations: sa.Table = Conversation.__table__  # type: ignore[attr-defined]
# built once, values bound at execution: building a statement costs more than running it
_CUSTOMER_OF_CHAT = (
    sa.select(_conversations.c.customer_id)
    .where(_conversations.c.channel == CHANNEL, _conversations.c.chat_id == sa.bindparam("chat_id"))
    .scalar_subquery()
)
_NOTE_REACHABLE = (
    sa.update(_customers)
    .where(_customers.c.id == _CUSTOMER_OF_CHAT)
    .where(_customers.c.telegram_chat_id.is_(None) | _customers.c.telegram_unreachable.is_(True))
    .values(telegram_chat_id=sa.bindparam("chat_id"), telegram_unreachable=False)
)


_SEEN_ANY = sa.select(_updates.c.update_id).where(_updates.c.update_id.in_(sa.bindparam("update_ids", expanding=True)))
_REMEMBER = {
    "postgresql": postgresql_insert(_updates).on_conflict_do_nothing(index_elements=["update_id"]),
    "sqlite": sqlite_insert(_updates).on_conflict_do_nothing(index_elements=["update_id"]),
}


@dataclass(frozen=True)
class TurnRecord:
    chat_id: str
    update_ids: list[int]
    now: datetime


class HandledUpdates:
    """Every customer message passes here twice: is its update handled already (`seen`), and, once
    its turn is committed, `record_turn`. The checks, and the records, of updates that arrive
    together are one statement and one transaction (bot/store/batch.py), in Core."""

    def __init__(self, sessions: SessionFactory) -> None:
        self._engine = engine_of(sessions)
        self.seen = Batched(self._seen_all)
        self.record_turn = Batched(self._record_all)

    async def _seen_all(self, update_ids: list[int]) -> list[bool]:
        async with self._engine.connect() as connection:
            found = set((await connection.scalars(_SEEN_ANY, {"update_ids": sorted(set(update_ids))})).all())
        return [update_id in found for update_id in update_ids]

    async def _record_all(self, turns: list[TurnRecord]) -> list[None]:
        """In one transaction: the turns' updates are handled (`remember`), and each customer who
        wrote can be written to — their chat noted, a 403 mark cleared. After the turn's commit,
        before its replies go out: a 403 on a reply wins."""
        handled = {u: turn.now for turn in turns for u in turn.update_ids}
        async with self._engine.begin() as connection:
            await connection.execute(
                _REMEMBER[connection.dialect.name], [{"update_id": u, "seen_at": at} for u, at in sorted(handled.items())]
            )
            await connection.execute(_NOTE_REACHABLE, [{"chat_id": chat} for chat in sorted({t.chat_id for t in turns})])
        return [None for _ in turns]


async def claim(sessions: SessionFactory, update_id: int, now: datetime) -> bool:
    """Record an update as handled; False when it was handled before (the caller drops it)."""
    return await insert_once(sessions, TelegramUpdate(update_id=update_id, seen_at=now))


async def forget_updates(sessions: SessionFactory, before: datetime) -> int:
    """Drop the ids of updates handled before `before` (Telegram re-sends an update for a day at most);
    how many were dropped."""
    async with sessions() as session:
        result = await session.exec(delete(TelegramUpdate).where(col(TelegramUpdate.seen_at) < before))
        await session.commit()
    return int(result.rowcount or 0)


async def mark_unreachable(sessions: SessionFactory, chat_id: str) -> None:
    """A 403 on this chat: its conversation's customer (or, with no conversation, the customer the
    chat is noted on) is not written to on Telegram until they write again."""
    async with sessions() as session:
        query = select(Conversation.customer_id).where(Conversation.channel == CHANNEL, Conversation.chat_id == chat_id)
        customer_id = (await session.exec(query)).first()
        mark = update(Customer).values(telegram_unreachable=True)
        if customer_id is not None:
            mark = mark.where(col(Customer.id) == customer_id)
        else:
            mark = mark.where(col(Customer.telegram_chat_id) == chat_id)
        await session.exec(mark)
        await session.commit()


async def mark_processed(sessions: SessionFactory, message_id: int, now: datetime) -> None:
    """The persona will not answer this stored message (a manager has the conversation)."""
    async with sessions() as session:
        message = await session.get(Message, message_id)
        if message is not None:
            message.processed_at = now
            session.add(message)
            await session.commit()
