"""Which routers a customer's message passes: the owner commands' router only where owners are
configured (without owners its filter never matches; each message only paid for passing it by)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import cast

from bot.channels.telegram.context import TelegramContext
from bot.channels.telegram.inbox import Gatherer
from bot.channels.telegram.plugin import build_routers


def names(owner_ids: frozenset[int]) -> list[str]:
    ctx = cast(TelegramContext, SimpleNamespace(owner_ids=owner_ids, managers_chat_id=None))
    gatherer = cast(Gatherer, SimpleNamespace(add=lambda update_id, message: None))
    return [router.name for router in build_routers(ctx, gatherer)]


def test_the_owner_router_is_there_only_with_owners() -> None:
    assert names(frozenset()) == ["telegram.start", "telegram.customers"]
    assert names(frozenset({7})) == ["telegram.owner", "telegram.start", "telegram.customers"]
