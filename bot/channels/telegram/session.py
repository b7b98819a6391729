"""aiogram's HTTP session, with the response types of the calls made kept alive.

aiogram reads every answer as `Response[<the method's result type>]`, a pydantic generic class it
asks for on each call. pydantic caches such classes weakly (pydantic/_internal/_generics.py,
`_GENERIC_TYPES_CACHE` is a WeakValueDictionary) and a class is garbage in a reference cycle, so
after a garbage collection the next call builds `Response[Message]` again: 5-20 ms of CPU, tens of
times a minute under load (bench/telegram_throughput.py). Here each one built is held — at most
one per result type of the Bot API methods called.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType


class KeepingSession(AiohttpSession):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._response_types: dict[object, type[Response[Any]]] = {}

    def check_response(
        self, bot: Bot, method: TelegramMethod[TelegramType], status_code: int, content: str
    ) -> Response[TelegramType]:
        returning = method.__returning__
        if returning not in self._response_types:
            self._response_types[returning] = Response[returning]  # type: ignore[valid-type]
        return super().check_response(bot, method, status_code, content)
