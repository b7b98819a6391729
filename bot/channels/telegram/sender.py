"""Sending to Telegram within its limits, with aiogram's errors translated at this edge.

    TelegramRetryAfter (429)             -> wait `retry_after`, try again (a few times), then RetryLater
    TelegramForbiddenError (403)         -> RecipientUnreachable (blocked the bot / never started it)
    TelegramBadRequest "chat not found"  -> RecipientUnreachable
    TelegramServerError, network errors  -> RetryLater (the outbox retries with back-off)

Throttling: about one message a second per chat and `messages_per_second` overall (Telegram Bots
FAQ). It runs on the event loop's monotonic time, not the business clock: it paces real sockets.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import KeyboardButton, ReplyKeyboardMarkup

from bot.app.sending import split_text
from bot.channels.telegram.session import SentReply
from bot.messages import Outbound
from bot.ports import RecipientUnreachable, RetryLater

log = logging.getLogger(__name__)
T = TypeVar("T")
MAX_TEXT = 4096  # Bot API limit for one message


class TelegramSender:
    """The "telegram" ChannelSender; `call` paces and retries any other Bot API call too."""

    def __init__(
        self,
        bot: Bot,
        *,
        chat_interval: float = 1.0,
        messages_per_second: float = 30.0,
        max_retries: int = 3,
    ) -> None:
        self.bot = bot
        self._chat_interval = chat_interval
        self._global_interval = 1.0 / messages_per_second if messages_per_second > 0 else 0.0
        self._max_retries = max_retries
        self._chat_next: dict[str, float] = {}
        self._global_next = 0.0

    async def send(self, outbound: Outbound) -> None:
        """`meta["buttons"]` ("1 2 3 4 5"): answer buttons under the message (a keyboard that sends the
        pressed one as the customer's message, then hides)."""
        pieces = split_text(outbound.text, MAX_TEXT)
        for number, piece in enumerate(pieces, 1):
            markup = _buttons(outbound.meta.get("buttons", "")) if number == len(pieces) else None
            await self.call(
                outbound.chat_id,
                functools.partial(self.bot, SentReply(chat_id=outbound.chat_id, text=piece, reply_markup=markup)),
            )

    async def call(self, chat_id: str | int, request: Callable[[], Awaitable[T]]) -> T:
        for attempt in range(self._max_retries + 1):
            await self._wait_turn(str(chat_id))
            try:
                return await request()
            except TelegramRetryAfter as exc:
                if attempt == self._max_retries:
                    raise RetryLater(f"Telegram flood control: {exc.message}") from exc
                log.warning("Telegram asks to wait %s s before writing to chat %s", exc.retry_after, chat_id)
                self._push_back(str(chat_id), exc.retry_after)
            except TelegramForbiddenError as exc:
                raise RecipientUnreachable(exc.message) from exc
            except TelegramBadRequest as exc:
                if "chat not found" in exc.message.lower():
                    raise RecipientUnreachable(exc.message) from exc
                raise
            except (TelegramServerError, TelegramNetworkError) as exc:
                raise RetryLater(f"Telegram unavailable: {exc.message}") from exc
        raise AssertionError("unreachable")

    async def _wait_turn(self, chat_id: str) -> None:
        loop = asyncio.get_running_loop()
        now = loop.time()
        at = max(now, self._chat_next.get(chat_id, 0.0), self._global_next)
        self._chat_next[chat_id] = at + self._chat_interval
        self._global_next = at + self._global_interval
        if len(self._chat_next) > 10_000:
            self._chat_next = {k: v for k, v in self._chat_next.items() if v > now}
        if at > now:
            await asyncio.sleep(at - now)

    def _push_back(self, chat_id: str, seconds: float) -> None:
        """After a 429 nothing goes to that chat until the wait is over."""
        resume = asyncio.get_running_loop().time() + seconds
        self._chat_next[chat_id] = max(self._chat_next.get(chat_id, 0.0), resume)


def _buttons(options: str) -> ReplyKeyboardMarkup | None:
    row = [KeyboardButton(text=option) for option in options.split()]
    return ReplyKeyboardMarkup(keyboard=[row], resize_keyboard=True, one_time_keyboard=True) if row else None
