"""Customers' photos are kept MEDIA_RETENTION_DAYS, then deleted from the media folder (a daily sweep
next to the web server, or `python main.py customers sweep-media`). Links to a deleted photo then
answer 404; the message keeps its path. Hidden files (the media links' secret) are never touched."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from bot.clock import Clock
from retention.scheduler import every

SWEEP_EVERY_SECONDS = 24 * 3600.0


@dataclass(frozen=True)
class Swept:
    deleted: int
    kept: int


async def sweep_media(media_dir: Path, now: datetime, days: int) -> Swept:
    """Delete files last written more than `days` days before `now`, and the folders left empty."""
    return await asyncio.to_thread(_sweep, Path(media_dir), (now - timedelta(days=days)).timestamp())


def _sweep(root: Path, cutoff: float) -> Swept:
    deleted = kept = 0
    if not root.is_dir():
        return Swept(0, 0)
    for folder, _subfolders, files in os.walk(root, topdown=False):
        here = Path(folder)
        for name in files:
            file = here / name
            if name.startswith(".") or file.is_symlink():
                continue
            try:
                if file.stat().st_mtime < cutoff:
                    file.unlink()
                    deleted += 1
                else:
                    kept += 1
            except FileNotFoundError:  # the erasure or another sweep took it meanwhile
                continue
        if here != root and not any(here.iterdir()):
            here.rmdir()
    return Swept(deleted, kept)


def media_sweep_task(media_dir: Path, clock: Clock, days: int) -> Callable[[], Awaitable[None]]:
    """The background task (bot/bootstrap.py): a sweep at start, then once a day."""

    async def sweep(now: datetime) -> Swept:
        return await sweep_media(media_dir, now, days)

    return every("media.retention", SWEEP_EVERY_SECONDS, sweep, clock.now)
