"""Replies out through the Cloud API: text split at WhatsApp's 4,096 characters, and the Graph API's
errors turned into the core's (an unreachable customer is not retried; rate limits are)."""

from __future__ import annotations

from pywa_async.client import WhatsApp
from pywa_async.errors import WhatsAppError

from bot.messages import Outbound
from bot.ports import RecipientUnreachable, RetryLater

MAX_TEXT = 4096
UNREACHABLE = frozenset({131026, 131047, 131049, 131050, 131051})  # not on WhatsApp, window closed, marketing refused
RATE = frozenset({4, 80007, 130429, 131048, 131056})


class WhatsAppSender:
    def __init__(self, client: WhatsApp) -> None:
        self._client = client

    async def send(self, outbound: Outbound) -> None:
        for piece in split(outbound.text):
            try:
                await self._client.send_message(to=outbound.chat_id, text=piece)
            except WhatsAppError as exc:
                if exc.code in UNREACHABLE:
                    raise RecipientUnreachable(f"WhatsApp {exc.code}: {exc.message}") from exc
                if exc.code in RATE:
                    raise RetryLater(f"WhatsApp rate limit {exc.code}") from exc
                raise


def split(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Pieces of at most `limit` characters, cut at a paragraph, a line or a space where possible."""
    pieces = []
    while len(text) > limit:
        cut = max(text.rfind(mark, 0, limit) for mark in ("\n\n", "\n", " "))
        cut = cut if cut > limit // 2 else limit
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return [*pieces, text] if text else pieces
