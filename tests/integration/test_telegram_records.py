"""What a Telegram customer's message leaves in the database besides the turn (bot/channels/telegram/
store.py HandledUpdates): its updates are handled, and the customer who wrote can be written to —
their chat noted, a 403 mark cleared — for every turn recorded together; a customer whose Telegram
link is another chat keeps it."""

from __future__ import annotations

import asyncio
from datetime import datetime

import pytest

from bot.channels.telegram.store import HandledUpdates, TurnRecord
from bot.clock import FixedClock
from bot.runtime import Container
from bot.store.models import Conversation, Customer

pytestmark = pytest.mark.backend_matters


async def _chat(app: Container, chat_id: str, now: datetime, **customer: object) -> int:
    async with app.sessions() as session:
        row = Customer(created_at=now, **customer)
        session.add(row)
        await session.flush()
        assert row.id is not None
        session.add(Conversation(customer_id=row.id, channel="telegram", chat_id=chat_id, created_at=now, updated_at=now))
        await session.commit()
        return row.id


async def test_turns_recorded_together_mark_their_updates_handled_and_their_customers_reachable(
    container: Container, clock: FixedClock
) -> None:
    now = clock.now()
    new = await _chat(container, "101", now)
    blocked = await _chat(container, "102", now, telegram_chat_id="102", telegram_unreachable=True)
    elsewhere = await _chat(container, "103", now, telegram_chat_id="999")
    updates = HandledUpdates(container.sessions)
    assert not any(await asyncio.gather(*(updates.seen(u) for u in (1, 2, 3, 4))))
    records = [TurnRecord("101", [1, 2], now), TurnRecord("102", [3], now), TurnRecord("103", [4], now)]
    await asyncio.gather(*(updates.record_turn(record) for record in records))
    await updates.record_turn(TurnRecord("101", [2], now))  # an update recorded again: nothing changes
    assert await asyncio.gather(*(updates.seen(u) for u in (1, 2, 3, 4, 5))) == [True, True, True, True, False]
    async with container.sessions() as session:
        links = {
            c.id: (c.telegram_chat_id, c.telegram_unreachable)
            for c in [await session.get(Customer, i) for i in (new, blocked, elsewhere)]
            if c
        }
    assert links == {new: ("101", False), blocked: ("102", False), elsewhere: ("999", False)}
