"""A request budget shared by every process on one database: at most `rate` calls reach the server in
any window of `slots / rate` seconds plus a margin, however many processes make them (amoCRM allows
an integration 7 requests a second and blocks an account that keeps going over).

A bucket is `int(rate)` rows of `rate_slots` (at most MOST_SLOTS), each holding when it was last used by the database's
clock (one clock for every process and host). A call claims the least recently used slot with one
conditional UPDATE, the way the outbox claims an item:

    UPDATE rate_slots SET used_at = now
     WHERE bucket = :bucket AND slot = (the least recently used slot) AND used_at <= now - window

When two processes race for one slot, one wins: SQLite runs one writer at a time, and on PostgreSQL
the second UPDATE waits for the first one's row lock, then finds the condition false. The loser looks
again. When the call ends, its slot is marked used once more. A slot is reused only a whole window
after its last call ended, so no window holds more than `slots` arrivals at the server: a sliding
log kept in the database. Each step is one short transaction. A caller that finds every slot taken
sleeps, holding nothing, until the oldest one frees.

Real time, not bot.clock: replay's fixed clock stands still, and the budget is about real seconds.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from bot.store.engine import create_engine
from bot.store.models import RateSlot

log = logging.getLogger(__name__)

MARGIN = 0.05  # seconds of slack for how the server counts (its own clock, its queue)
MOST_SLOTS = 50  # a higher rate (tests, replay) gets a shorter window instead of more rows
SLOTS: sa.Table = RateSlot.__table__  # type: ignore[attr-defined]


def budget(rate: float, margin: float = MARGIN) -> tuple[int, float]:
    """(slots, window in seconds) for at most `rate` calls a second."""
    slots = min(max(int(rate), 1), MOST_SLOTS)
    return slots, slots / rate + margin


def _db_now(postgres: bool) -> Any:
    """Seconds since the epoch by the database's clock, as one value for the whole statement."""
    if postgres:
        return sa.cast(sa.extract("epoch", sa.func.statement_timestamp()), sa.Double)
    return sa.type_coerce((sa.func.julianday("now") - 2440587.5) * 86400.0, sa.Double)


class RateSlots:
    """`slot = await slots.claim()` before a call, `await slots.release(slot)` after it (also when it
    failed); `await slots.aclose()` at the end.

    A slot is marked used again when the call ends: the request reached the server at some moment
    between the claim and the answer, and the slot's next call starts a window after the answer, so
    a slow first request (a new connection, a TLS handshake) cannot arrive bunched up with the next
    window's. A process that dies mid-call leaves its slot marked at the claim: free a window later.

    It has an engine of its own, so a claim never waits for a pooled connection that its own caller
    holds. One process's callers should take turns at `claim` (crm_adapters/amocrm/client.py
    RateLimiter does), so that only one of them polls the database."""

    def __init__(self, database_url: str, bucket: str, rate: float) -> None:
        self._engine = create_engine(database_url)
        self._bucket = bucket
        self._slots, self._window = budget(rate)
        postgres = self._engine.dialect.name == "postgresql"
        self._insert = postgresql.insert if postgres else sqlite.insert
        now = _db_now(postgres)
        mine = sa.and_(SLOTS.c.bucket == bucket, SLOTS.c.slot < self._slots)
        oldest = SLOTS.alias("oldest")
        least_recent = (
            sa.select(oldest.c.slot)
            .where(oldest.c.bucket == bucket, oldest.c.slot < self._slots)
            .order_by(oldest.c.used_at, oldest.c.slot)
            .limit(1)
            .scalar_subquery()
        )
        self._claim = (
            sa.update(SLOTS)
            .where(mine, SLOTS.c.slot == least_recent, SLOTS.c.used_at <= now - self._window)
            .values(used_at=now)
            .returning(SLOTS.c.slot)
        )
        self._release = (
            sa.update(SLOTS)
            .where(SLOTS.c.bucket == bucket, SLOTS.c.slot == sa.bindparam("which"), SLOTS.c.used_at < now)
            .values(used_at=now)
        )
        self._look = sa.select(sa.func.count(), sa.func.min(SLOTS.c.used_at), sa.func.max(SLOTS.c.used_at), now).where(mine)
        # the database's clock went back: a use "in the future" would hold its slot until then
        self._unstick = sa.update(SLOTS).where(mine, SLOTS.c.used_at > now + self._window).values(used_at=0.0)

    async def aclose(self) -> None:
        await self._engine.dispose()

    async def claim(self) -> int:
        """Wait for a free slot and take it; returns its number for `release`."""
        while True:
            slot = await self._take()
            if slot is not None:
                return slot
            await asyncio.sleep(await self._wait())

    async def release(self, slot: int) -> None:
        """The call ended: the slot's next call may start a window from now. Best effort: if the
        database fails here, the slot frees a window after its claim."""
        try:
            async with self._engine.begin() as connection:
                await connection.execute(self._release, {"which": slot})
        except SQLAlchemyError:
            log.warning("could not mark rate slot %s/%s as used", self._bucket, slot, exc_info=True)

    async def _take(self) -> int | None:
        async with self._engine.begin() as connection:
            slot: int | None = (await connection.execute(self._claim)).scalar_one_or_none()
        return slot

    async def _wait(self) -> float:
        """Seconds until the least recently used slot frees; 0 to look again at once."""
        async with self._engine.connect() as connection:
            count, oldest, newest, now = (await connection.execute(self._look)).one()
        if count < self._slots:  # a new bucket, or a higher rate than before
            rows = [{"bucket": self._bucket, "slot": n, "used_at": 0.0} for n in range(self._slots)]
            async with self._engine.begin() as connection:
                await connection.execute(self._insert(SLOTS).values(rows).on_conflict_do_nothing())
            return 0.0
        if newest > now + self._window:
            async with self._engine.begin() as connection:
                await connection.execute(self._unstick)
            return 0.0
        return max(float(oldest) + self._window - float(now), 0.0)
