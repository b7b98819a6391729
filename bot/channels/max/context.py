"""Everything the MAX handlers need, built once by bot/channels/max/plugin.py."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from maxapi import Bot

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
