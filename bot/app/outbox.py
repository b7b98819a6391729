"""Durable effects. Items are written in the same transaction as the state that caused them and
applied here with retries; each handler records its progress so a retry resumes, never repeats.

Several workers may share a database (the service, `retention run-once`, a second replica): a
worker claims an item with one conditional UPDATE that moves its next attempt a lease ahead, so no
other worker takes it meanwhile; a worker that dies mid-item leaves it to be retried when the
lease runs out. Items wait out an outage as long as it lasts (the CRM down, rate-limited, the
account blocked): only a rejection (bad data) or a handler failing again and again parks one
for a human (`python main.py outbox`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy import update
from sqlmodel import col

from bot.clock import Clock
from bot.ports import Rejected, RetryLater
from bot.store import direct
from bot.store.engine import SessionFactory, engine_of
from bot.store.models import OutboxItem

log = logging.getLogger(__name__)

# A handler gets the payload and the progress dict; it calls `save()` after each external step.
Handler = Callable[[dict[str, Any], dict[str, Any], Callable[[], Awaitable[None]]], Awaitable[None]]


_outbox: sa.Table = OutboxItem.__table__  # type: ignore[attr-defined]
# built once, values bound at each pass: the worker looks every time something is enqueued
_DUE = (
    sa.select(_outbox.c.id)
    .where(_outbox.c.status == "pending", _outbox.c.next_attempt_at <= sa.bindparam("now", type_=_outbox.c.next_attempt_at.type))
    .order_by(_outbox.c.id)
    .limit(sa.bindparam("limit"))
)

# How long a claimed item is left to its worker before another may take it (renewed at each save).
LEASE = timedelta(minutes=5)


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(2 ** max(attempts - 1, 0), 600))


class OutboxWorker:
    def __init__(
        self,
        sessions: SessionFactory,
        clock: Clock,
        handlers: dict[str, Handler],
        *,
        max_attempts: int = 20,
        wakeup: asyncio.Event | None = None,
        lease: timedelta = LEASE,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self.handlers = handlers
        self._max_attempts = max_attempts
        self._lease = lease
        self.wakeup = wakeup or asyncio.Event()  # set by whoever enqueues: the worker runs at once

    async def run_once(self, limit: int = 50) -> int:
        """Apply every due item once, in order; returns how many were completed."""
        due = await direct.fetch_alone(engine_of(self._sessions), _DUE, {"now": self._clock.now(), "limit": limit})
        done = 0
        for row in due:
            done += await self._apply(int(row["id"]))
        return done

    async def drain(self, rounds: int = 10) -> None:
        """Run until nothing due is left (replay and tests)."""
        for _ in range(rounds):
            if not await self.run_once():
                return

    async def run_forever(self, poll_seconds: float = 1.0) -> None:
        while True:
            try:
                await self.run_once()
            except Exception:  # the loop must survive a broken database moment; items stay pending
                log.exception("outbox pass failed")
            self.wakeup.clear()
            # asyncio.timeout, not wait_for: on Python 3.11 wait_for swallows a cancellation that
            # arrives as the wake-up does, and the worker would outlive the service's shutdown
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(poll_seconds):
                    await self.wakeup.wait()

    async def _claim(self, item_id: int) -> OutboxItem | None:
        """Take the item for this worker, or None when it is not due or another worker has it."""
        now = self._clock.now()
        async with self._sessions() as session:
            claimed = await session.exec(
                update(OutboxItem)
                .where(col(OutboxItem.id) == item_id, col(OutboxItem.status) == "pending", col(OutboxItem.next_attempt_at) <= now)
                .values(next_attempt_at=now + self._lease)
            )
            await session.commit()
            if claimed.rowcount != 1:
                return None
            return await session.get(OutboxItem, item_id)

    async def _apply(self, item_id: int) -> int:
        item = await self._claim(item_id)
        if item is None:
            return 0
        kind, payload, progress = item.kind, dict(item.payload), dict(item.progress)

        def keep(row: OutboxItem) -> None:
            row.progress = dict(progress)
            row.next_attempt_at = self._clock.now() + self._lease

        async def save() -> None:
            await self._update(item_id, keep)

        handler = self.handlers.get(kind)
        error: Exception | None = None
        park = False
        waiting = False  # the other side is down or not ready: wait as long as it takes
        try:
            if handler is None:
                raise Rejected(f"no handler for {kind}")
            await handler(payload, progress, save)
        except RetryLater as exc:
            error, waiting = exc, True
        except Rejected as exc:
            log.error("outbox item %s parked: %s", item_id, exc)
            error, park = exc, True
        except Exception as exc:  # a bug in a handler: keep the item, retry with back-off, then park
            log.exception("outbox item %s failed", item_id)
            error = exc

        def finish(row: OutboxItem) -> None:
            row.progress = dict(progress)
            if error is None:
                row.status, row.done_at = "done", self._clock.now()
            elif park:
                row.status, row.last_error = "parked", str(error)
            else:
                self._retry(row, error, may_park=not waiting)

        status = await self._update(item_id, finish)
        return int(status == "done")

    async def _update(self, item_id: int, change: Callable[[OutboxItem], None]) -> str:
        async with self._sessions() as session:
            row = await session.get(OutboxItem, item_id)
            assert row is not None
            change(row)
            session.add(row)
            await session.commit()
            return row.status

    def _retry(self, item: OutboxItem, exc: Exception, *, may_park: bool) -> None:
        item.attempts += 1
        item.last_error = f"{type(exc).__name__}: {exc}"
        if may_park and item.attempts >= self._max_attempts:
            item.status = "parked"
        else:
            asked = exc.after if isinstance(exc, RetryLater) and exc.after else timedelta(0)
            item.next_attempt_at = self._clock.now() + max(backoff(item.attempts), asked)  # a Retry-After is honoured
