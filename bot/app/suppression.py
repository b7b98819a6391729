"""«Не пишите мне», honoured for ever — also after the customer's data is erased.

An erased customer leaves no phone or name behind, so nothing could tell a later import of the
shop's export (or an amoCRM sync, while a manager has not yet deleted the contact there) that this is
the person who asked. What remains is a list of keyed hashes (HMAC-SHA256) of the identifiers they
had: phone, the shop's customer id, messenger chat ids. A hash cannot be read back; it only answers
"was this identifier erased?". The key is made on first use and kept in kv (`privacy.hash_key`):
deleting that row makes the whole list meaningless at once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.store.models import KeyValue, Suppression

KEY = "privacy.hash_key"


async def hash_key(session: AsyncSession, now: datetime) -> bytes:
    """The suppression list's key, made on first use (the caller commits)."""
    row = await session.get(KeyValue, KEY)
    if row is None:
        row = KeyValue(key=KEY, value={"key": secrets.token_hex(32)}, updated_at=now)
        session.add(row)
        await session.flush()
    return str(row.value["key"]).encode()


def identifiers(*, phone: str | None = None, external_ref: str | None = None, chats: Iterable[str] = ()) -> list[str]:
    """What is hashed, each with its kind: «phone:+7916…», «ref:C-1024», «chat:telegram:42»."""
    found = [f"phone:{phone}" if phone else "", f"ref:{external_ref}" if external_ref else ""]
    return [item for item in [*found, *(f"chat:{chat}" for chat in chats)] if item]


def digest(key: bytes, identifier: str) -> str:
    return hmac.new(key, identifier.encode(), hashlib.sha256).hexdigest()


async def suppress(session: AsyncSession, items: list[str], now: datetime) -> None:
    """Add these identifiers to the list (the caller commits)."""
    key = await hash_key(session, now)
    digests = {digest(key, item) for item in items}
    known = set((await session.exec(select(Suppression.digest).where(col(Suppression.digest).in_(digests)))).all())
    for value in sorted(digests - known):
        session.add(Suppression(digest=value, created_at=now))


async def suppressed(session: AsyncSession, items: list[str]) -> set[str]:
    """Those of `items` whose customer had their data erased."""
    row = await session.get(KeyValue, KEY) if items else None
    if row is None:  # nobody was ever erased
        return set()
    key = str(row.value["key"]).encode()
    by_digest = {digest(key, item): item for item in items}
    query = select(Suppression.digest).where(col(Suppression.digest).in_(list(by_digest)))
    return {by_digest[value] for value in (await session.exec(query)).all()}


async def is_suppressed(session: AsyncSession, *, phone: str | None = None, external_ref: str | None = None) -> bool:
    return bool(await suppressed(session, identifiers(phone=phone, external_ref=external_ref)))
