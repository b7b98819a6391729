"""The composition root: builds the engine, adapters, core and outbox worker from Settings.

Nothing happens at import; tests call `build` with their own clock or CRM.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from fastapi import APIRouter
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.brain_turn import ContextLimits
from bot.campaigns import Campaigns
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.db import SessionFactory, create_engine, session_factory
from bot.dialogue.replies import Replies
from bot.lead_delivery import lead_handlers
from bot.media_links import MediaLinks
from bot.messages import ChannelSender, PhotoReader
from bot.outbox import Handler, OutboxWorker
from bot.sending import StoredOnly, send_handlers
from bot.service import Core
from bot.vision import PHOTO_CONFIDENT, VisionReader
from crm_adapters.base import CrmPort
from crm_adapters.local import LocalCrm
from retention.campaign import CampaignRules
from retention.offers import OfferPolicy
from retention.scheduler import Job, build_scheduler, run_scheduler

log = logging.getLogger(__name__)


@dataclass
class Container:
    settings: Settings
    engine: AsyncEngine
    sessions: SessionFactory
    clock: Clock
    crm: CrmPort
    core: Core
    outbox: OutboxWorker
    senders: dict[str, ChannelSender] = field(default_factory=dict)
    # long-running tasks the service starts next to the web server (polling, schedulers)
    background: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    # extra HTTP routes (webhooks) mounted by bot/web/app.py
    routers: list[APIRouter] = field(default_factory=list)
    closers: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    campaigns: Campaigns | None = None
    media_links: MediaLinks | None = None  # signed links to stored photos (deal notes, /media/...)

    async def close(self) -> None:
        for closer in reversed(self.closers):
            await closer()
        await self.engine.dispose()

    @contextlib.asynccontextmanager
    async def running(self, outbox_poll_seconds: float | None = None) -> AsyncIterator[Container]:
        """The outbox worker and every background task run inside; on exit they stop and all closes."""
        poll = self.settings.outbox_poll_seconds if outbox_poll_seconds is None else outbox_poll_seconds
        starts = [lambda: self.outbox.run_forever(poll), *self.background]
        tasks = [asyncio.create_task(start()) for start in starts]
        try:
            yield self
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await self.close()


def build(
    settings: Settings,
    *,
    clock: Clock | None = None,
    crm: CrmPort | None = None,
    photo_reader: PhotoReader | None = None,
) -> Container:
    clock = clock or SystemClock()
    engine = create_engine(settings.database_url)
    sessions = session_factory(engine)
    amocrm = None
    if crm is None and settings.amocrm_base_url:
        from crm_adapters.amocrm import AmoCrm

        amocrm = AmoCrm.from_settings(settings, sessions, clock)
    crm = crm or amocrm or LocalCrm(sessions, clock)
    senders: dict[str, ChannelSender] = {"web": StoredOnly(), "cli": StoredOnly()}
    media_links = MediaLinks(settings.telegram_media_dir, settings.public_base_url or f"http://{settings.host}:{settings.port}")
    handlers: dict[str, Handler] = {
        **lead_handlers(
            sessions, crm, clock, timezone=settings.timezone, persona=settings.persona_name,
            task_due=timedelta(minutes=settings.amocrm_task_minutes), hours=settings.working_hours(),
            photo_link=media_links.link,
        ),
        **send_handlers(sessions, senders),
    }
    outbox = OutboxWorker(sessions, clock, handlers, max_attempts=settings.outbox_max_attempts)
    replies = Replies(settings.prompts_dir, persona=settings.persona_name, shop=settings.shop_name)
    core = Core(
        sessions=sessions,
        clock=clock,
        replies=replies,
        max_understood_chars=settings.max_understood_chars,
        wake_outbox=outbox.wakeup,
        photo_reader=photo_reader or VisionReader(),  # models load on the first photo
        photo_confident=PHOTO_CONFIDENT,
        offer_policy=OfferPolicy(
            percent=settings.retention_discount_percent,
            valid_hours=settings.retention_offer_hours,
            period_days=settings.retention_offer_period_days,
        ),
    )
    llm_closers: list[Callable[[], Awaitable[None]]] = []
    if settings.llm_provider.strip().lower() not in ("", "none"):
        from bot.llm.brain import (
            build_brain,  # langchain is loaded only when a provider is set
        )

        brain = build_brain(settings, clock)
        core.brain, core.brain_limits = brain, ContextLimits(turns=settings.llm_context_turns)
        llm_closers.append(brain.aclose)
        if settings.llm_vision and photo_reader is None:  # the model reads photos too, as a second opinion
            import httpx

            from bot.llm.vision import build_photo_reader

            vision_http = httpx.AsyncClient(timeout=settings.llm_timeout_seconds)
            core.photo_reader = VisionReader([build_photo_reader(settings, clock, vision_http)])
            llm_closers.append(vision_http.aclose)
    container = Container(settings, engine, sessions, clock, crm, core, outbox, senders=senders, media_links=media_links)
    container.closers.extend(llm_closers)
    container.campaigns = _campaigns(settings, container)
    if settings.retention_enabled:
        container.background.append(lambda: run_scheduler(_retention_scheduler(container)))
    # Optional adapters plug in below, each when its settings are present: they add senders,
    # outbox handlers (container.outbox.handlers), hand-off kinds (core.hand_off_kinds),
    # background tasks and routers.
    if amocrm is not None:
        from crm_adapters.amocrm_wiring import plug_amocrm

        plug_amocrm(container, amocrm)
    if settings.telegram_bot_token is not None:
        from bot.channels.telegram import build_telegram, owner_alert

        channel = build_telegram(container)
        if amocrm is not None:  # amoCRM blocked (402/403): the owner hears it in Telegram too
            amocrm.client.guard.alert = owner_alert(channel)
    return container


def messaging_channels(settings: Settings) -> tuple[str, ...]:
    """Channels the campaign may write through; the web chat link when no messenger is configured."""
    configured = tuple(
        name
        for name, on in (("telegram", settings.telegram_bot_token),)  # WhatsApp: once its channel is built
        if on
    )
    return configured or ("web",)


def _campaigns(settings: Settings, container: Container) -> Campaigns:
    rules = CampaignRules(
        after_days=settings.retention_after_days,
        contact_cap_days=settings.retention_contact_cap_days,
        open_deal_days=settings.retention_open_deal_days,
        hours_start=settings.retention_hours_start,
        hours_end=settings.retention_hours_end,
        max_per_run=settings.retention_max_per_run,
        channels=messaging_channels(settings),
    )
    return Campaigns(
        container.sessions,
        container.core.replies,
        rules,
        base_url=settings.public_base_url or f"http://{settings.host}:{settings.port}",
        send_rate_per_second=settings.retention_send_rate_per_second,
        reply_wait=timedelta(hours=settings.retention_reply_wait_hours),
        wake_outbox=container.outbox.wakeup,
    )


def retention_jobs(container: Container) -> dict[str, tuple[Job, float]]:
    """What the service's scheduler runs. First messages go out by themselves only when a
    messenger can deliver them: with the web chat alone nobody would see them, and the touch would
    still count against the monthly cap (`retention run-once` writes them by hand, for a try-out)."""
    campaigns = container.campaigns
    assert campaigns is not None
    every = float(container.settings.retention_tick_seconds)
    jobs: dict[str, tuple[Job, float]] = {
        "retention.follow_ups": (campaigns.resume_snoozed, every),
        "retention.no_reply": (campaigns.close_silent, every),
    }
    if messaging_channels(container.settings) != ("web",):
        jobs = {"retention.campaign": (campaigns.run_once, every), **jobs}
    else:
        log.info("retention: no messenger configured, first messages are written only by `retention run-once`")
    return jobs


def _retention_scheduler(container: Container) -> AsyncIOScheduler:
    return build_scheduler(retention_jobs(container), container.clock.now)
