"""APScheduler wiring: campaign ticks, snoozed follow-ups, silent contacts closed.

The jobs' state lives in our tables (claims are conditional UPDATEs), not in APScheduler's job
store, so a restart or a second process never writes to a customer twice. Jobs take "now" from
the injected clock, not from the scheduler.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler

log = logging.getLogger(__name__)

Job = Callable[[datetime], Awaitable[object]]


def build_scheduler(jobs: dict[str, tuple[Job, float]], now: Callable[[], datetime]) -> AsyncIOScheduler:
    """`jobs`: name -> (coroutine taking "now", interval in seconds)."""
    scheduler = AsyncIOScheduler()
    for name, (job, seconds) in jobs.items():

        async def run(job: Job = job, name: str = name) -> None:
            try:
                await job(now())
            except Exception:  # one failed tick must not stop the schedule; the next tick retries
                log.exception("retention job %s failed", name)

        scheduler.add_job(
            run,
            "interval",
            seconds=seconds,
            id=name,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=max(int(seconds), 1),
            next_run_time=datetime.now(UTC),
        )
    return scheduler


async def run_scheduler(scheduler: AsyncIOScheduler) -> None:
    """Start inside the running loop and keep it alive until cancelled (a Container background task)."""
    scheduler.start()
    try:
        await asyncio.Event().wait()
    finally:
        scheduler.shutdown(wait=False)


def every(name: str, seconds: float, job: Job, now: Callable[[], datetime]) -> Callable[[], Awaitable[None]]:
    """A background task (Plugin.background, Container.background) running `job(now())` at start,
    then every `seconds`."""
    return lambda: run_scheduler(build_scheduler({name: (job, seconds)}, now))
