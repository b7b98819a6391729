"""Replies out through Wazzup: to the chat's own shop channel and messenger, split into pieces
Wazzup accepts, each with a crmMessageId so a retried send is not sent twice."""

from __future__ import annotations

from bot.app.sending import split_text
from bot.channels.wazzup.api import MAX_TEXT, WazzupApi, WazzupChat
from bot.messages import Outbound


class WazzupSender:
    def __init__(self, api: WazzupApi) -> None:
        self._api = api

    async def send(self, outbound: Outbound) -> None:
        chat = WazzupChat.parse(outbound.chat_id)
        for number, piece in enumerate(split_text(outbound.text, MAX_TEXT)):
            crm_id = f"partsbot-{outbound.message_id}-{number}" if outbound.message_id is not None else None
            await self._api.send_text(chat, piece, crm_id)
