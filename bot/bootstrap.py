"""The composition root: the only module that imports adapters. It builds the engine and stores,
asks every configured adapter for its plugin, then builds the outbox worker and the Core once,
complete, from what the plugins added.

Nothing happens at import; tests call `build` with their own clock, CRM or photo reader.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta

from bot.app import sla
from bot.app.brain_turn import ContextLimits
from bot.app.erasure import erasure_handlers
from bot.app.feedback import Asker, asking_task, feedback_handlers
from bot.app.lead_delivery import lead_handlers
from bot.app.llm_budget import LlmBudget
from bot.app.manager_texts import ManagerTexts
from bot.app.media_retention import media_sweep_task
from bot.app.outbox import Handler, OutboxWorker
from bot.app.sending import StoredOnly, send_handlers
from bot.app.service import Core, answer, handle_inbound, store_inbound
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.dialogue.llm import Brain
from bot.dialogue.replies import Replies
from bot.media_links import MediaLinks
from bot.messages import Inbound, Outbound
from bot.plugin import Alerts, Needs, Plugin
from bot.ports import ChannelSender, CrmPort, PhotoReader
from bot.runtime import Container
from bot.store.engine import create_engine, session_factory
from bot.store.kv import KvStore
from bot.store.uow import SqlUnitOfWork
from bot.vision import PHOTO_CONFIDENT, VisionReader
from retention.jobs import build_campaigns, scheduler_task
from retention.offers import OfferPolicy

Closer = Callable[[], Awaitable[None]]


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
    wake_outbox = asyncio.Event()
    core: list[Core] = []  # filled below, once the plugins said what the core must know

    async def on_inbound(inbound: Inbound) -> list[Outbound]:
        return await handle_inbound(inbound, core[0])

    async def on_store(inbound: Inbound) -> int | None:
        async with core[0].locks.hold((inbound.channel, inbound.chat_id)):
            return await store_inbound(inbound, core[0])

    async def on_answer(message_id: int) -> list[Outbound]:
        return await answer(message_id, core[0])

    needs = Needs(
        settings=settings,
        sessions=sessions,
        clock=clock,
        kv=KvStore(sessions, clock),
        wake_outbox=wake_outbox,
        handle_inbound=on_inbound,
        store_inbound=on_store,
        answer_stored=on_answer,
        media_links=MediaLinks(settings.telegram.media_dir, settings.base_url()),
        alerts=Alerts(),
    )
    plugins = _plugins(settings, needs, with_crm=crm is None)
    crm = crm or next(plugin.crm for plugin in plugins if plugin.crm is not None)
    senders: dict[str, ChannelSender] = {"cli": StoredOnly()}
    handlers: dict[str, Handler] = {}
    for plugin in plugins:
        senders.update(plugin.senders)
        handlers.update(plugin.outbox_handlers)
        for target in plugin.alert_targets:
            needs.alerts.add(target)
    handlers.update(
        lead_handlers(
            sessions,
            crm,
            clock,
            timezone=settings.timezone,
            persona=settings.persona_name,
            task_due=timedelta(minutes=settings.amocrm.task_minutes),
            hours=settings.working_hours(),
            photo_link=needs.media_links.link,
        )
    )
    handlers.update(send_handlers(sessions, senders))
    handlers.update(_manager_handlers(settings, needs, crm, senders, plugins))
    erasure_kinds = tuple(kind for plugin in plugins for kind in plugin.erasure_kinds)
    handlers.update(erasure_handlers(sessions, clock, media_dir=settings.telegram.media_dir, crm_kinds=erasure_kinds))
    outbox = OutboxWorker(
        sessions,
        clock,
        handlers,
        max_attempts=settings.outbox.max_attempts,
        wakeup=wake_outbox,
        lease=timedelta(seconds=settings.outbox.lease_seconds),
    )
    replies = Replies(settings.prompts_dir, persona=settings.persona_name, shop=settings.shop_name)
    brain, model_reader, llm_closers = _llm(settings, clock, with_vision=photo_reader is None)
    core.append(
        Core(
            uow=lambda: SqlUnitOfWork(sessions),
            clock=clock,
            replies=replies,
            max_understood_chars=settings.max_understood_chars,
            working_hours=settings.working_hours(),
            wake_outbox=wake_outbox,
            photo_reader=photo_reader or VisionReader([model_reader] if model_reader else []),  # models load lazily
            photo_confident=PHOTO_CONFIDENT,
            offer_policy=OfferPolicy(
                percent=settings.retention.discount_percent,
                valid_hours=settings.retention.offer_hours,
                period_days=settings.retention.offer_period_days,
            ),
            hand_off_kinds=tuple(kind for plugin in plugins for kind in plugin.hand_off_kinds),
            forward_kinds=tuple(kind for plugin in plugins for kind in plugin.forward_kinds),
            brain=brain,
            brain_limits=ContextLimits(turns=settings.llm.context_turns),
            reply_lease=timedelta(seconds=settings.outbox.reply_lease_seconds),
            answer_together=engine.dialect.name == "sqlite",  # PostgreSQL: row locks let turns commit side by side
            sent_by_sender=frozenset(channel for channel, sender in senders.items() if not isinstance(sender, StoredOnly)),
            llm_budget=LlmBudget(settings.llm.daily_budget_rub, settings.timezone, needs.alerts)
            if settings.llm.daily_budget_rub is not None
            else None,
        )
    )
    campaign_channels = tuple(channel for plugin in plugins for channel in plugin.campaign_channels)
    campaigns = build_campaigns(settings, sessions, replies, wake_outbox, campaign_channels)
    background = [scheduler_task(campaigns, clock, float(settings.retention.tick_seconds))] if settings.retention.enabled else []
    notice_kinds = tuple(kind for plugin in plugins for kind in plugin.notice_kinds)
    background.append(sla.watch_task(sla.SlaWatch.of(settings, sessions, notice_kinds, wake_outbox), clock))
    if settings.feedback.after_days > 0:
        background.append(
            asking_task(Asker.of(settings, sessions, senders, wake_outbox), clock, float(settings.retention.tick_seconds))
        )
    if settings.media_retention_days > 0:
        background.append(media_sweep_task(settings.telegram.media_dir, clock, settings.media_retention_days))
    return Container(
        settings=settings,
        engine=engine,
        sessions=sessions,
        clock=clock,
        crm=crm,
        core=core[0],
        outbox=outbox,
        campaigns=campaigns,
        media_links=needs.media_links,
        senders=senders,
        plugins={plugin.name: plugin for plugin in plugins},
        background=[*background, *(task for plugin in plugins for task in plugin.background)],
        routers=[router for plugin in plugins for router in plugin.routers],
        closers=[*llm_closers, *(closer for plugin in plugins for closer in plugin.closers)],
    )


def _manager_handlers(
    settings: Settings, needs: Needs, crm: CrmPort, senders: dict[str, ChannelSender], plugins: list[Plugin]
) -> dict[str, Handler]:
    """The managers' discipline (#18): SLA escalation and the after-purchase feedback."""
    texts = ManagerTexts(settings.prompts_dir, persona=settings.persona_name, shop=settings.shop_name)
    notice_kinds = tuple(kind for plugin in plugins for kind in plugin.notice_kinds)
    sessions, clock, alerts = needs.sessions, needs.clock, needs.alerts
    return {
        **sla.sla_handlers(sessions, crm, clock, settings, texts, alerts),
        **feedback_handlers(sessions, crm, clock, settings, texts, alerts, notice_kinds),
    }


def _plugins(settings: Settings, needs: Needs, *, with_crm: bool) -> list[Plugin]:
    """Every adapter whose settings are present; the local CRM board when no other CRM is."""
    from bot.channels import web

    plugins = [web.build(needs)]
    if with_crm and settings.amocrm.base_url:
        from crm_adapters.amocrm import plugin as amocrm

        plugins.append(amocrm.build(needs))
    if with_crm and not settings.amocrm.base_url:
        from crm_adapters import local

        plugins.append(local.build(needs))
    if settings.telegram.bot_token is not None:
        from bot.channels.telegram import plugin as telegram

        plugins.append(telegram.build(needs))
    if settings.whatsapp.token is not None and settings.whatsapp.phone_number_id:
        from bot.channels.whatsapp import plugin as whatsapp

        plugins.append(whatsapp.build(needs))
    if settings.wazzup.api_key is not None:
        from bot.channels.wazzup import plugin as wazzup

        plugins.append(wazzup.build(needs))
    if settings.max.bot_token is not None:
        from bot.channels.max import plugin as max_plugin

        plugins.append(max_plugin.build(needs))
    return plugins


def _llm(settings: Settings, clock: Clock, *, with_vision: bool) -> tuple[Brain | None, PhotoReader | None, list[Closer]]:
    """The LLM brain and, with LLM_VISION, a model that reads photos too (langchain loads only here)."""
    if settings.llm.provider in ("", "none"):
        return None, None, []
    from bot.llm.brain import build_brain

    brain = build_brain(settings, clock)
    closers: list[Closer] = [brain.aclose]
    reader = None
    if settings.llm.vision and with_vision:  # the model reads photos too, as a second opinion
        import httpx

        from bot.llm.vision import build_photo_reader

        vision_http = httpx.AsyncClient(timeout=settings.llm.timeout_seconds)
        reader = build_photo_reader(settings, clock, vision_http)
        closers.append(vision_http.aclose)
    return brain, reader, closers
