"""The service's scheduler ticks the campaign by itself, with "now" from the injected clock."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime
from pathlib import Path

from sqlmodel import select

from bot.bootstrap import build
from bot.clock import FixedClock
from bot.runtime import Container
from bot.store.models import RetentionContact
from retention.jobs import retention_jobs
from retention.scheduler import build_scheduler, run_scheduler
from tests.conftest import make_settings
from tests.fakes.telegram_api import FakeTelegram
from tests.support.population import add_customer
from tests.support.telegram import bot_settings


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


async def test_with_a_messenger_the_service_background_writes_to_a_due_customer(
    sqlite_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path
) -> None:
    app = build(make_settings(sqlite_url, **bot_settings(sqlite_url, fake, tmp_path, retention_enabled=True)), clock=clock)
    try:
        await add_customer(app, "Сергей", telegram_chat_id="501")
        background = app.background[0]  # the retention scheduler is plugged in before the channels
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
            [contact] = (await session.exec(select(RetentionContact))).all()
        assert contact.channel == "telegram"
    finally:
        await app.close()


def test_with_only_the_web_chat_first_messages_wait_for_a_manual_pass(sqlite_container: Container) -> None:
    jobs = retention_jobs(sqlite_container.campaigns, every=300)
    assert "retention.campaign" not in jobs  # nobody would read them, yet they would count against the cap
    assert {"retention.follow_ups", "retention.no_reply"} <= set(jobs)


async def test_with_a_messenger_first_messages_are_a_job_of_their_own(
    sqlite_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path
) -> None:
    app = build(make_settings(sqlite_url, **bot_settings(sqlite_url, fake, tmp_path)), clock=clock)
    try:
        assert "retention.campaign" in retention_jobs(app.campaigns, every=300)
    finally:
        await app.close()
