"""The service's scheduler ticks the campaign by itself, with "now" from the injected clock."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime

from sqlmodel import select

from bot.bootstrap import Container
from bot.clock import FixedClock
from bot.models import RetentionContact
from retention.scheduler import build_scheduler, run_scheduler
from tests.support.population import add_customer


async def test_jobs_run_with_the_injected_clock_and_survive_a_failing_tick(clock: FixedClock) -> None:
    seen: list[datetime] = []

    async def record(now: datetime) -> None:
        seen.append(now)

    async def broken(now: datetime) -> None:
        raise RuntimeError("database blinked")

    task = asyncio.create_task(run_scheduler(build_scheduler({"ok": (record, 0.05), "bad": (broken, 0.05)}, clock.now)))
    for _ in range(100):
        if len(seen) >= 2:
            break
        await asyncio.sleep(0.02)
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    assert len(seen) >= 2 and set(seen) == {clock.now()}


async def test_the_service_background_writes_to_a_due_customer(sqlite_container: Container) -> None:
    app = sqlite_container
    await add_customer(app, "Сергей")
    [background] = app.background
    task = asyncio.create_task(background())
    try:
        for _ in range(100):
            async with app.sessions() as session:
                if (await session.exec(select(RetentionContact))).first():
                    break
            await asyncio.sleep(0.05)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    async with app.sessions() as session:
        assert len((await session.exec(select(RetentionContact))).all()) == 1
