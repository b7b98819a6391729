"""The one key-value store over the `kv` table: small durable records of any adapter or of the core
(amoCRM tokens and field map, Telegram link tokens and cards, who owns a conversation), plus a
cross-process lock for what must never run twice at once (amoCRM's token refresh).

The lock is `SELECT … FOR UPDATE` on PostgreSQL and an insert-only lease row on SQLite (SQLite has
no row locks; the primary key makes the insert the atomic step, and an expired lease can be taken
over by a conditional delete).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from bot.clock import Clock
from bot.ports import RetryLater
from bot.store.engine import SessionFactory, insert_once
from bot.store.models import KeyValue

Change = Callable[[dict[str, Any] | None], Awaitable[dict[str, Any] | None]]

LEASE = timedelta(seconds=60)


class KvBusy(RetryLater):
    """Another process held the lock on a key for longer than the caller would wait."""


class KvStore:
    def __init__(self, sessions: SessionFactory, clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    def now(self) -> datetime:
        return self._clock.now()

    async def get(self, key: str) -> dict[str, Any] | None:
        async with self._sessions() as session:
            row = await session.get(KeyValue, key)
            return None if row is None else dict(row.value)

    async def put(self, key: str, value: dict[str, Any]) -> None:
        async with self._sessions() as session:
            row = await session.get(KeyValue, key) or KeyValue(key=key, updated_at=self._clock.now())
            row.value, row.updated_at = dict(value), self._clock.now()
            session.add(row)
            await session.commit()

    async def insert(self, key: str, value: dict[str, Any]) -> bool:
        """Insert once: the first writer wins; False when the key was there before."""
        return await insert_once(self._sessions, KeyValue(key=key, value=dict(value), updated_at=self._clock.now()))

    async def delete(self, key: str) -> None:
        async with self._sessions() as session:
            await session.exec(delete(KeyValue).where(col(KeyValue.key) == key))
            await session.commit()

    async def locked_change(self, key: str, change: Change, *, wait: float = 30.0) -> dict[str, Any] | None:
        """Run `change(current)` while no other process runs one for `key`; a returned dict is
        committed before the lock is released. Returns the value stored afterwards."""
        if self._dialect() == "postgresql":
            return await self._change_for_update(key, change)
        return await self._change_under_lease(key, change, wait)

    def _dialect(self) -> str:
        bind = self._sessions.kw.get("bind")
        return str(bind.dialect.name) if bind is not None else "sqlite"

    async def _change_for_update(self, key: str, change: Change) -> dict[str, Any] | None:
        async with self._sessions() as session:
            placeholder = {"key": key, "value": {}, "updated_at": self._clock.now()}
            await session.exec(pg_insert(KeyValue).values(**placeholder).on_conflict_do_nothing())
            await session.commit()
            row = (await session.exec(select(KeyValue).where(KeyValue.key == key).with_for_update())).one()
            current = dict(row.value) or None
            new = await change(current)
            if new is not None:
                row.value, row.updated_at = dict(new), self._clock.now()
                session.add(row)
            await session.commit()
            return dict(new) if new is not None else current

    async def _change_under_lease(self, key: str, change: Change, wait: float) -> dict[str, Any] | None:
        lease_key, holder = f"{key}.lease", uuid.uuid4().hex
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        while not await self._take_lease(lease_key, holder):
            if loop.time() > deadline:
                raise KvBusy(f"another process holds {lease_key}")
            await asyncio.sleep(0.05)
        try:
            current = await self.get(key)
            new = await change(current or None)
            if new is not None:
                await self.put(key, new)
            return new if new is not None else current
        finally:
            await self.delete(lease_key)

    async def _take_lease(self, lease_key: str, holder: str) -> bool:
        now = self._clock.now()
        async with self._sessions() as session:
            session.add(KeyValue(key=lease_key, value={"holder": holder, "until": (now + LEASE).isoformat()}, updated_at=now))
            try:
                await session.commit()
                return True
            except IntegrityError:
                await session.rollback()
            row = await session.get(KeyValue, lease_key)
            if row is not None and datetime.fromisoformat(row.value["until"]) < now:
                # a crashed holder: take over only if nobody else did in between
                stale = delete(KeyValue).where(KeyValue.key == lease_key, KeyValue.updated_at == row.updated_at)  # type: ignore[arg-type]
                await session.exec(stale)
                await session.commit()
            return False
