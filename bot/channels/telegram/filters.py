"""Magic filters checked on the event loop.

aiogram runs a filter that is not a coroutine in a worker thread (`CallableObject.call` ->
`asyncio.to_thread`, aiogram/dispatcher/event/handler.py), and a magic filter such as
`F.chat.type == "private"` is one: every customer message went to a thread and back once for each
router's filter before its handler ran (five times), each time queueing behind the other threads
for the interpreter lock. `OnLoop(F...)` gives the same answer — the magic filter's own
`resolve` — without leaving the loop.
"""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.types import TelegramObject
from aiogram.utils.magic_filter import MagicFilter


class OnLoop(Filter):
    def __init__(self, magic: MagicFilter) -> None:
        self._magic = magic

    async def __call__(self, event: TelegramObject) -> Any:
        return self._magic.resolve(event)

    def __str__(self) -> str:
        return f"OnLoop({self._magic!r})"
