"""Customers' photos are deleted MEDIA_RETENTION_DAYS after they arrived; newer ones and the media
links' secret stay."""

from __future__ import annotations

import asyncio
import os
from datetime import timedelta
from pathlib import Path

from bot.app.media_retention import media_sweep_task, sweep_media
from bot.clock import FixedClock
from tests.support.cli import invoke


def photo(path: Path, age: timedelta, now: float) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"jpeg")
    os.utime(path, (now - age.total_seconds(), now - age.total_seconds()))
    return path


async def test_the_sweep_deletes_only_photos_older_than_the_retention_days(tmp_path: Path, clock: FixedClock) -> None:
    now = clock.now().timestamp()
    old = photo(tmp_path / "whatsapp" / "79161234567" / "a.jpg", timedelta(days=31), now)
    new = photo(tmp_path / "web" / "session" / "b.jpg", timedelta(days=29), now)
    secret = photo(tmp_path / ".link-secret", timedelta(days=400), now)

    swept = await sweep_media(tmp_path, clock.now(), 30)

    assert (swept.deleted, swept.kept) == (1, 1)
    assert not old.exists() and new.exists() and secret.exists()
    assert not (tmp_path / "whatsapp").exists()  # the folder named by the chat goes with its last photo


async def test_the_service_sweeps_at_start(tmp_path: Path, clock: FixedClock) -> None:
    old = photo(tmp_path / "telegram" / "42" / "a.jpg", timedelta(days=200), clock.now().timestamp())
    task = asyncio.ensure_future(media_sweep_task(tmp_path, clock, 180)())
    try:
        for _ in range(100):
            if not old.exists():
                break
            await asyncio.sleep(0.05)
    finally:
        task.cancel()
    assert not old.exists()


def test_the_owner_sweeps_by_hand(tmp_path: Path) -> None:
    import time

    old = photo(tmp_path / "media" / "web" / "s" / "a.jpg", timedelta(days=10), time.time())
    out = invoke("customers", "sweep-media", "--days", "7", env={"TELEGRAM_MEDIA_DIR": str(tmp_path / "media")})
    assert "1 photos older than 7 days deleted" in out and not old.exists()
