"""Everything the Telegram handlers need, built once by bot/channels/telegram/plugin.py."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from aiogram import Bot
from aiogram.types import Message as TgMessage

from bot.app.ownership import Ownership
from bot.app.sending import Settlements
from bot.channels.telegram.sender import TelegramSender
from bot.channels.telegram.store import HandledUpdates
from bot.channels.telegram.texts import TelegramTexts
from bot.clock import Clock
from bot.config import Settings
from bot.plugin import HandleInbound
from bot.store.engine import SessionFactory
from bot.store.kv import KvStore


@dataclass
class TelegramContext:
    settings: Settings
    sessions: SessionFactory
    clock: Clock
    kv: KvStore
    ownership: Ownership
    handle_inbound: HandleInbound
    bot: Bot
    sender: TelegramSender
    texts: TelegramTexts
    owner_ids: frozenset[int]
    managers_chat_id: int | None
    wake_outbox: asyncio.Event
    updates: HandledUpdates  # handled update ids, checked and recorded in batches
    settlements: Settlements  # the replies' delivery items, settled in batches

    async def say(self, chat_id: int | str, text: str, **kwargs: Any) -> TgMessage:
        """Send a channel text (not a persona reply) within the limits."""
        return await self.sender.call(chat_id, lambda: self.bot.send_message(chat_id, text, **kwargs))


def parse_ids(raw: str) -> frozenset[int]:
    """OWNER_TELEGRAM_IDS: "123, 456" -> {123, 456}; junk is ignored."""
    return frozenset(int(part) for part in raw.replace(";", ",").split(",") if part.strip().lstrip("-").isdigit())
