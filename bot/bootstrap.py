"""The composition root: builds the engine, adapters, core and outbox worker from Settings.

Nothing happens at import; tests call `build` with their own clock or CRM.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from fastapi import APIRouter
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.db import SessionFactory, create_engine, session_factory
from bot.dialogue.replies import Replies
from bot.lead_delivery import lead_handlers
from bot.messages import ChannelSender, PhotoReader
from bot.outbox import Handler, OutboxWorker
from bot.sending import StoredOnly, send_handlers
from bot.service import Core
from crm_adapters.base import CrmPort
from crm_adapters.local import LocalCrm


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

    async def close(self) -> None:
        for closer in reversed(self.closers):
            await closer()
        await self.engine.dispose()


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
    crm = crm or LocalCrm(sessions, clock)
    senders: dict[str, ChannelSender] = {"web": StoredOnly(), "cli": StoredOnly()}
    handlers: dict[str, Handler] = {
        **lead_handlers(sessions, crm, clock, timezone=settings.timezone, persona=settings.persona_name),
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
        photo_reader=photo_reader,
    )
    container = Container(settings, engine, sessions, clock, crm, core, outbox, senders=senders)
    # Optional adapters plug in below, each when its settings are present: they add senders,
    # outbox handlers (container.outbox.handlers), hand-off kinds (core.hand_off_kinds),
    # background tasks and routers.
    return container
