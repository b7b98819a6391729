"""Sending to MAX within its limits, with maxapi's errors translated at this edge.

    MaxApiError 429                      -> wait a little, try again (a few times), then RetryLater
    MaxApiError 403 (chat.denied …)      -> RecipientUnreachable (stopped or blocked the bot); the chat is
    MaxApiError 404 (chat.not.found)     ->   marked blocked, so the campaign does not write to it again
    MaxApiError 5xx, network, timeout    -> RetryLater (the outbox retries with back-off)
    InvalidToken (401)                   -> RetryLater (the owner must fix MAX_BOT_TOKEN; nothing is lost)
    MaxApiError other 4xx                -> Rejected (MAX refused the message itself)

Throttling: MAX allows 2 messages a second per chat and 30 requests a second overall; texts of
4,000 characters or more are refused (maxapi checks `len(text) < 4000`), so longer replies go in
pieces. The pacing runs on the event loop's monotonic time, not the business clock.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from aiohttp import ClientError
from maxapi import Bot
from maxapi.enums.attachment import AttachmentType
from maxapi.exceptions.max import InvalidToken, MaxApiError, MaxConnection
from maxapi.types.attachments import AttachmentButton, ButtonsPayload
from maxapi.types.attachments.buttons.message_button import MessageButton

from bot.app.sending import split_text
from bot.channels.max import store
from bot.clock import Clock
from bot.messages import Outbound
from bot.ports import RecipientUnreachable, Rejected, RetryLater
from bot.store.engine import SessionFactory

log = logging.getLogger(__name__)
T = TypeVar("T")


def answer_buttons(options: str) -> list[Any] | None:
    """An inline keyboard of message buttons, one row, for the options ("1 2 3 4 5"); None for none."""
    labels = options.split()
    if not labels:
        return None
    row: list[Any] = [MessageButton(text=label) for label in labels]
    return [AttachmentButton(type=AttachmentType.INLINE_KEYBOARD, payload=ButtonsPayload(buttons=[row]), bot=None)]


MAX_TEXT = 3999  # MAX: "up to 4,000 characters"; maxapi refuses 4,000 itself
RATE_PAUSE = 1.0  # seconds to wait after a 429 (MAX names no Retry-After)


class Pacer:
    """At most one message per `chat_interval` to a chat and `per_second` overall."""

    def __init__(self, chat_interval: float, per_second: float) -> None:
        self._chat_interval = chat_interval
        self._global_interval = 1.0 / per_second if per_second > 0 else 0.0
        self._chat_next: dict[str, float] = {}
        self._global_next = 0.0

    async def wait_turn(self, chat_id: str) -> None:
        now = asyncio.get_running_loop().time()
        at = max(now, self._chat_next.get(chat_id, 0.0), self._global_next)
        self._chat_next[chat_id] = at + self._chat_interval
        self._global_next = at + self._global_interval
        if len(self._chat_next) > 10_000:  # idle chats are forgotten
            self._chat_next = {k: v for k, v in self._chat_next.items() if v > now}
        if at > now:
            await asyncio.sleep(at - now)

    def push_back(self, chat_id: str, seconds: float) -> None:
        """After a 429 nothing goes to that chat until the wait is over."""
        resume = asyncio.get_running_loop().time() + seconds
        self._chat_next[chat_id] = max(self._chat_next.get(chat_id, 0.0), resume)


class MaxSender:
    """The "max" ChannelSender; `call` paces and translates any other Bot API call too."""

    def __init__(
        self,
        bot: Bot,
        sessions: SessionFactory,
        clock: Clock,
        *,
        chat_interval: float = 0.5,
        messages_per_second: float = 30.0,
        max_retries: int = 3,
        rate_pause: float = RATE_PAUSE,
    ) -> None:
        self.bot = bot
        self._rate_pause = rate_pause
        self._sessions, self._clock = sessions, clock
        self._pacer = Pacer(chat_interval, messages_per_second)
        self._max_retries = max_retries

    async def send(self, outbound: Outbound) -> None:
        """`meta["buttons"]` ("1 2 3 4 5"): answer buttons under the last piece; pressing one sends its
        text as the customer's message."""
        chat_id = int(outbound.chat_id)
        pieces = split_text(outbound.text, MAX_TEXT)
        buttons = answer_buttons(outbound.meta.get("buttons", ""))
        for number, piece in enumerate(pieces, 1):
            attachments = buttons if number == len(pieces) else None
            request = functools.partial(self.bot.send_message, chat_id=chat_id, text=piece, attachments=attachments)
            await self.call(outbound.chat_id, request)

    async def say(self, chat_id: str, text: str, attachments: list[Any] | None = None) -> None:
        """A channel text (not a persona reply: greetings, the contact button), within the limits."""
        await self.call(chat_id, lambda: self.bot.send_message(chat_id=int(chat_id), text=text, attachments=attachments))

    async def call(self, chat_id: str, request: Callable[[], Awaitable[T]]) -> T:
        for attempt in range(self._max_retries + 1):
            await self._pacer.wait_turn(chat_id)
            try:
                return await request()
            except MaxApiError as exc:
                if exc.code == 429 and attempt < self._max_retries:
                    log.warning("MAX asks to slow down writing to chat %s", chat_id)
                    self._pacer.push_back(chat_id, self._rate_pause)
                    continue
                raise await self._translated(chat_id, exc) from exc
            except InvalidToken as exc:
                raise RetryLater("MAX refused the bot token: check MAX_BOT_TOKEN") from exc
            except (MaxConnection, ClientError, TimeoutError) as exc:
                raise RetryLater(f"MAX unreachable: {exc}") from exc
        raise AssertionError("unreachable")

    async def _translated(self, chat_id: str, exc: MaxApiError) -> Exception:
        if exc.code in (403, 404):
            await store.set_blocked(self._sessions, chat_id, True, self._clock.now())
            return RecipientUnreachable(f"MAX {exc.code}: {_reason(exc)}")
        if exc.code == 429 or exc.code >= 500:
            return RetryLater(f"MAX {exc.code}: {_reason(exc)}")
        return Rejected(f"MAX {exc.code}: {_reason(exc)}")


def _reason(exc: MaxApiError) -> str:
    """MAX's error code and message ("chat.denied: …"), never the request's text."""
    raw = exc.raw
    if isinstance(raw, dict):
        return f"{raw.get('code', '')}: {raw.get('message', '')}"[:200]
    return str(raw)[:200]
