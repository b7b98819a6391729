"""The running service as bot/bootstrap.py assembled it: the core, the outbox worker, and what every
plugin added (senders, routes, background tasks, closers). Adapters and commands receive it; only
bootstrap builds it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app.outbox import OutboxWorker
from bot.app.service import Core
from bot.clock import Clock
from bot.config import Settings
from bot.media_links import MediaLinks
from bot.plugin import Plugin, Task
from bot.ports import ChannelSender, CrmPort
from bot.store.engine import SessionFactory
from retention.passes import Campaigns


@dataclass
class Container:
    settings: Settings
    engine: AsyncEngine
    sessions: SessionFactory
    clock: Clock
    crm: CrmPort
    core: Core
    outbox: OutboxWorker
    campaigns: Campaigns
    media_links: MediaLinks
    senders: dict[str, ChannelSender] = field(default_factory=dict)
    plugins: dict[str, Plugin] = field(default_factory=dict)
    background: list[Task] = field(default_factory=list)  # long-running tasks started next to the web server
    routers: list[Any] = field(default_factory=list)  # extra HTTP routes (webhooks) mounted by bot/web/app.py
    closers: list[Task] = field(default_factory=list)

    async def close(self) -> None:
        for closer in reversed(self.closers):
            await closer()
        await self.engine.dispose()

    @contextlib.asynccontextmanager
    async def running(self, outbox_poll_seconds: float | None = None) -> AsyncIterator[Container]:
        """The outbox worker and every background task run inside; on exit they stop and all closes."""
        poll = self.settings.outbox.poll_seconds if outbox_poll_seconds is None else outbox_poll_seconds
        starts: list[Task] = [lambda: self.outbox.run_forever(poll), *self.background]
        tasks: list[asyncio.Future[None]] = [asyncio.ensure_future(start()) for start in starts]
        try:
            yield self
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await self.close()
