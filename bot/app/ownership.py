"""A manager who took a handed-off request owns the conversation until its deal closes: meanwhile
the persona stays quiet and the customer's messages go to the managers (every channel alike).

The owner is a kv record `manager.owner:<conversation id>` ->
{"user_id", "name", "lead_id", "conversation_id", ...adapter extras such as the card's message id}.
Who may take a deal first is a separate record per lead (`manager.taken:<lead id>`), so two managers
pressing «Взять» at once make exactly one owner.
"""

from __future__ import annotations

from typing import Any

from bot.app.uow import Rows
from bot.store.kv import KvStore
from bot.store.models import KeyValue, Lead


def _owner_key(conversation_id: int) -> str:
    return f"manager.owner:{conversation_id}"


def _taken_key(lead_id: int) -> str:
    return f"manager.taken:{lead_id}"


async def owner_of(rows: Rows, conversation_id: int) -> dict[str, Any] | None:
    """The manager who has this conversation, or None (no one, or the deal is closed: the record goes)."""
    record = await rows.get(KeyValue, _owner_key(conversation_id))
    if record is None:
        return None
    lead = await rows.get(Lead, int(record.value["lead_id"]))
    if lead is None or lead.status == "closed":
        await rows.delete(record)
        return None
    return dict(record.value)


class Ownership:
    """Taking a deal and owning its conversation (adapters call this: «Взять», a manager's reply)."""

    def __init__(self, kv: KvStore) -> None:
        self._kv = kv

    async def take(self, lead_id: int, manager: dict[str, Any]) -> dict[str, Any] | None:
        """The first manager to take the lead wins; returns None for them, the holder for the others."""
        if await self._kv.insert(_taken_key(lead_id), manager):
            return None
        return await self._kv.get(_taken_key(lead_id)) or {}

    async def own(self, conversation_id: int, lead_id: int, manager: dict[str, Any], *, replace: bool = True) -> None:
        """Make `manager` the owner of the conversation (`replace=False`: only if nobody owns it)."""
        record = {**manager, "lead_id": lead_id, "conversation_id": conversation_id}
        if replace:
            await self._kv.put(_owner_key(conversation_id), record)
        else:
            await self._kv.insert(_owner_key(conversation_id), record)
