"""The win-back campaign as the service runs it: the passes built from settings, and the scheduler
jobs that run them (bot/bootstrap.py starts them next to the web server)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from bot.clock import Clock
from bot.config import Settings
from bot.dialogue.replies import Replies
from bot.store.engine import SessionFactory
from retention.due import CampaignRules
from retention.passes import Campaigns
from retention.scheduler import Job, build_scheduler, run_scheduler
from retention.segments import parse

log = logging.getLogger(__name__)


def build_campaigns(
    settings: Settings,
    sessions: SessionFactory,
    replies: Replies,
    wake_outbox: asyncio.Event,
    channels: tuple[str, ...],
) -> Campaigns:
    """`channels`: the messengers that deliver a first message; the web chat link when there is none."""
    segments = parse(settings.retention.segments, settings.retention.after_days)
    rules = CampaignRules(
        after_days=settings.retention.after_days,
        contact_cap_days=settings.retention.contact_cap_days,
        open_deal_days=settings.retention.open_deal_days,
        hours_start=settings.retention.hours_start,
        hours_end=settings.retention.hours_end,
        max_per_run=settings.retention.max_per_run,
        channels=channels or ("web",),
        cycles=segments.cycles(),
    )
    return Campaigns(
        sessions,
        replies,
        rules,
        base_url=settings.base_url(),
        send_rate_per_second=settings.retention.send_rate_per_second,
        reply_wait=timedelta(hours=settings.retention.reply_wait_hours),
        wake_outbox=wake_outbox,
        control_percent=settings.retention.control_percent,
        segments=segments,
    )


def retention_jobs(campaigns: Campaigns, every: float) -> dict[str, tuple[Job, float]]:
    """What the service's scheduler runs. First messages go out by themselves only when a
    messenger can deliver them: with the web chat alone nobody would see them, and the touch would
    still count against the monthly cap (`retention run-once` writes them by hand, for a try-out)."""
    jobs: dict[str, tuple[Job, float]] = {
        "retention.follow_ups": (campaigns.resume_snoozed, every),
        "retention.no_reply": (campaigns.close_silent, every),
    }
    if campaigns.rules.channels != ("web",):
        jobs = {"retention.campaign": (campaigns.run_once, every), **jobs}
    else:
        log.info("retention: no messenger configured, first messages are written only by `retention run-once`")
    return jobs


def scheduler_task(campaigns: Campaigns, clock: Clock, every: float) -> Callable[[], Awaitable[None]]:
    """The background task that runs the retention jobs until cancelled."""
    return lambda: run_scheduler(build_scheduler(retention_jobs(campaigns, every), clock.now))
