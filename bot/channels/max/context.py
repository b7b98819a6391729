"""Everything the MAX handlers need, built once by bot/channels/max/plugin.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import ClientSession
from maxapi import Bot
from maxapi.client.ssl import with_default_connector

from bot.app.gathering import TurnGatherer
from bot.channels.max.sender import MaxSender
from bot.channels.max.texts import MaxTexts
from bot.clock import Clock
from bot.config import Settings
from bot.store.engine import SessionFactory
from bot.store.kv import KvStore


@dataclass
class MaxContext:
    settings: Settings
    sessions: SessionFactory
    clock: Clock
    kv: KvStore
    bot: Bot
    sender: MaxSender
    texts: MaxTexts
    gatherer: TurnGatherer
    media_dir: Path  # customers' photos: <media>/max/<chat>/<message id>-<n>.jpg
    max_photo_bytes: int
    _files: ClientSession | None = field(default=None, repr=False)

    async def session_for(self, url: str) -> ClientSession:
        """The bot's own session for MAX's API host; for an attachment elsewhere (MAX's file store) a
        session with the same connection settings — MAX's certificates — but not the bot's token."""
        if urlsplit(url).netloc == urlsplit(self.settings.max.api_base).netloc:
            return await self.bot.ensure_session()
        if self._files is None or self._files.closed:
            connection = self.bot.default_connection
            self._files = ClientSession(timeout=connection.timeout, **with_default_connector(connection.kwargs))
        return self._files

    async def close(self) -> None:
        if self._files is not None and not self._files.closed:
            await self._files.close()
