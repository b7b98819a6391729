"""The ids of handled updates are kept only as long as a messenger may send an update again: Telegram's
update ids and MAX's Start/contact records older than a week are dropped by a daily job, newer ones stay
(so a re-sent update is still answered once)."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import col, select

from bot.channels.max import store as max_store
from bot.channels.max.plugin import UPDATES_KEPT as MAX_KEPT
from bot.channels.max.plugin import forget_old_updates as forget_max
from bot.channels.telegram.plugin import UPDATES_KEPT as TELEGRAM_KEPT
from bot.channels.telegram.plugin import forget_old_updates as forget_telegram
from bot.channels.telegram.store import HandledUpdates, TurnRecord
from bot.clock import FixedClock
from bot.runtime import Container
from bot.store.models import KeyValue, TelegramUpdate


async def test_telegram_update_ids_older_than_a_week_are_dropped_and_newer_ones_kept(
    container: Container, clock: FixedClock
) -> None:
    now = clock.now()
    updates = HandledUpdates(container.sessions)
    await updates.record_turn(TurnRecord("700", [1, 2], now - TELEGRAM_KEPT - timedelta(hours=1)))
    await updates.record_turn(TurnRecord("700", [3], now - timedelta(days=1)))
    dropped = await forget_telegram(container.sessions)(now)
    async with container.sessions() as session:
        kept = sorted((await session.exec(select(TelegramUpdate.update_id))).all())
    assert dropped == 2 and kept == [3]
    assert await updates.seen(3)


async def test_max_update_records_older_than_a_week_are_dropped_and_other_records_kept(
    container: Container, clock: FixedClock
) -> None:
    now = clock.now()
    assert await max_store.claim(container.sessions, "start:old", now - MAX_KEPT - timedelta(hours=1))
    assert await max_store.claim(container.sessions, "start:new", now - timedelta(hours=2))
    async with container.sessions() as session:
        session.add(KeyValue(key="max.link:old-token", value={"customer_id": 1}, updated_at=now - timedelta(days=30)))
        await session.commit()
    dropped = await forget_max(container.sessions)(now)
    async with container.sessions() as session:
        keys = sorted((await session.exec(select(KeyValue.key).where(col(KeyValue.key).startswith("max.")))).all())
    assert dropped == 1 and keys == ["max.link:old-token", "max.update:start:new"]
    assert not await max_store.claim(container.sessions, "start:new", now)  # still answered once
