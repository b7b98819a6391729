"""The composition root: builds the engine, adapters, core and outbox worker from Settings.

Nothing happens at import; tests call `build` with their own clock or CRM.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.db import SessionFactory, create_engine, session_factory
from bot.dialogue.replies import Replies
from bot.lead_delivery import lead_handlers
from bot.outbox import OutboxWorker
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

    async def close(self) -> None:
        await self.engine.dispose()


def build(settings: Settings, *, clock: Clock | None = None, crm: CrmPort | None = None) -> Container:
    clock = clock or SystemClock()
    engine = create_engine(settings.database_url)
    sessions = session_factory(engine)
    crm = crm or LocalCrm(sessions, clock)
    outbox = OutboxWorker(
        sessions,
        clock,
        lead_handlers(sessions, crm, clock, timezone=settings.timezone, persona=settings.persona_name),
        max_attempts=settings.outbox_max_attempts,
    )
    replies = Replies(settings.prompts_dir, persona=settings.persona_name, shop=settings.shop_name)
    core = Core(
        sessions=sessions,
        clock=clock,
        replies=replies,
        max_understood_chars=settings.max_understood_chars,
        wake_outbox=outbox.wakeup,
    )
    return Container(settings, engine, sessions, clock, crm, core, outbox)
