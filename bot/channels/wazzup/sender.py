"""Replies out through Wazzup: to the chat's own shop channel and messenger, split into pieces
Wazzup accepts, each with a crmMessageId so a retried send is not sent twice."""

from __future__ import annotations

from bot.channels.wazzup.api import MAX_TEXT, WazzupApi, WazzupChat
from bot.messages import Outbound


class WazzupSender:
    def __init__(self, api: WazzupApi) -> None:
        self._api = api

    async def send(self, outbound: Outbound) -> None:
        chat = WazzupChat.parse(outbound.chat_id)
        for number, piece in enumerate(split(outbound.text)):
            crm_id = f"partsbot-{outbound.message_id}-{number}" if outbound.message_id is not None else None
            await self._api.send_text(chat, piece, crm_id)


def split(text: str, limit: int = MAX_TEXT) -> list[str]:
    pieces = []
    while len(text) > limit:
        cut = max(text.rfind(mark, 0, limit) for mark in ("\n\n", "\n", " "))
        cut = cut if cut > limit // 2 else limit
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return [*pieces, text] if text else pieces
