"""The owner's switch for proactive campaigns (/pause, /resume), kept in the database."""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.store.models import KeyValue

PAUSE_KEY = "retention.paused"


async def is_paused(session: AsyncSession) -> bool:
    row = await session.get(KeyValue, PAUSE_KEY)
    return bool(row and row.value.get("paused"))


async def set_paused(session: AsyncSession, paused: bool, now: datetime, *, by: str) -> None:
    """Caller commits."""
    row = await session.get(KeyValue, PAUSE_KEY) or KeyValue(key=PAUSE_KEY, updated_at=now)
    row.value = {"paused": paused, "by": by, "at": now.isoformat()}
    row.updated_at = now
    session.add(row)
