"""Quick messages in a row and album photos become one turn on webhook channels (WhatsApp, Wazzup).

Each message is stored at once (durable and deduplicated before the webhook says 200); the chat is
answered once it has been quiet for `debounce` seconds, by answering its last message — the core
takes the earlier unanswered ones into the same turn. A crash in between loses nothing: the stored
messages are answered at the next start. With `debounce` 0 the message is answered at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from bot.messages import Inbound, Outbound

log = logging.getLogger(__name__)

Store = Callable[[Inbound], Awaitable[int | None]]
Answer = Callable[[int], Awaitable[list[Outbound]]]
Deliver = Callable[[Outbound], Awaitable[None]]


class TurnGatherer:
    def __init__(self, store: Store, answer: Answer, deliver: Deliver, *, debounce: float) -> None:
        self._store, self._answer, self._deliver, self._debounce = store, answer, deliver, debounce
        self._timers: dict[tuple[str, str], asyncio.Task[None]] = {}  # one per chat with messages waiting
        self._latest: dict[tuple[str, str], int] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    async def add(self, inbound: Inbound) -> None:
        """Store the message now; answer it (with what came before it) when the chat goes quiet."""
        message_id = await self._store(inbound)
        if message_id is None:
            return  # a re-delivery, or a message a manager gets instead
        if self._debounce <= 0:
            await self._reply(message_id)
            return
        chat = (inbound.channel, inbound.chat_id)
        self._latest[chat] = message_id
        if (timer := self._timers.pop(chat, None)) is not None:
            timer.cancel()
        task = asyncio.ensure_future(self._later(chat))
        self._timers[chat] = task
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def idle(self) -> None:
        """Wait until every gathered turn is answered (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def close(self) -> None:
        """Answer what is gathered now instead of waiting."""
        for chat, timer in list(self._timers.items()):
            timer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await timer
            if (message_id := self._latest.pop(chat, None)) is not None:
                await self._reply(message_id)
        self._timers.clear()
        await self.idle()

    async def _later(self, chat: tuple[str, str]) -> None:
        await asyncio.sleep(self._debounce)
        self._timers.pop(chat, None)
        message_id = self._latest.pop(chat, None)
        if message_id is not None:
            await self._reply(message_id)

    async def _reply(self, message_id: int) -> None:
        try:
            for outbound in await self._answer(message_id):
                await self._deliver(outbound)
        except Exception:  # the message is stored: answered at the next start if not now
            log.exception("stored message %s not answered now", message_id)
