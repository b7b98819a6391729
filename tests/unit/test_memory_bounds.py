"""Nothing is kept per chat forever in memory (#19): after thousands of chats went quiet, the
per-chat structures of the core and the channels are empty again or stay under a fixed bound, and
every in-process cache has a size limit. The database keeps the conversations; memory keeps only
what is in flight. (The web chat's rate limits: tests/unit/test_limits.py; the Telegram gatherer,
which records handled updates in the database: tests/integration/test_memory_telegram.py.)"""

from __future__ import annotations

import ast
import asyncio
import itertools
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest

from bot.app.gathering import TurnGatherer
from bot.app.locks import ChatLocks
from bot.channels.telegram.sender import TelegramSender
from bot.messages import Inbound, Outbound

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["bot", "catalogs", "retention", "crm_adapters"]
CHATS = 5000
T = TypeVar("T")


# --- the core's per-chat lock store ---------------------------------------------------------------


async def test_the_lock_store_is_empty_after_thousands_of_chats_took_turns_at_once() -> None:
    locks, most = ChatLocks(), 0

    async def turn(chat: int) -> None:
        nonlocal most
        async with locks.hold(("web", f"chat-{chat % CHATS}")):  # two turns of each chat, one at a time
            most = max(most, len(locks))
            await asyncio.sleep(0)

    await asyncio.gather(*(turn(n) for n in range(2 * CHATS)))
    assert most > 100 and len(locks) == 0


async def test_a_turn_that_failed_or_was_cancelled_while_waiting_leaves_no_lock() -> None:
    locks, release = ChatLocks(), asyncio.Event()

    async def holder() -> None:
        async with locks.hold("chat"):
            await release.wait()

    async def failing() -> None:
        async with locks.hold("other"):
            raise RuntimeError("the database went away")

    first = asyncio.create_task(holder())
    waiting = [asyncio.create_task(_hold_once(locks, "chat")) for _ in range(3)]
    await asyncio.sleep(0)
    for task in waiting:
        task.cancel()
    with pytest.raises(RuntimeError):
        await failing()
    await asyncio.gather(*waiting, return_exceptions=True)
    release.set()
    await first
    assert len(locks) == 0


async def _hold_once(locks: ChatLocks, key: str) -> None:
    async with locks.hold(key):
        pass


# --- the webhook channels' turn gatherer (WhatsApp, Wazzup) ---------------------------------------


class Chats:
    """A fake core for the gatherer: stores messages (re-deliveries dropped) and answers each turn
    with the text of the message it answered, so a test sees which turn got which answer."""

    def __init__(self, failing: frozenset[str] = frozenset()) -> None:
        self.stored: dict[int, Inbound] = {}
        self.seen: set[str] = set()
        self.delivered: list[Outbound] = []
        self.failing = failing
        self._ids = itertools.count(1)

    async def store(self, inbound: Inbound) -> int | None:
        if inbound.external_id in self.seen:
            return None
        self.seen.add(inbound.external_id)
        message_id = next(self._ids)
        self.stored[message_id] = inbound
        return message_id

    async def answer(self, message_id: int) -> list[Outbound]:
        inbound = self.stored[message_id]
        await asyncio.sleep(0)
        if inbound.chat_id in self.failing:
            raise RuntimeError("the database went away")
        return [Outbound(channel=inbound.channel, chat_id=inbound.chat_id, text=f"re: {inbound.text}")]

    async def deliver(self, outbound: Outbound) -> None:
        self.delivered.append(outbound)


def inbound(chat: int, number: int, text: str) -> Inbound:
    return Inbound(
        channel="whatsapp", chat_id=f"7916{chat:07d}", external_id=f"wamid.{chat}.{number}", text=text, received_at=NOW
    )


NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def held(gatherer: TurnGatherer) -> dict[str, int]:
    return {"timers": len(gatherer._timers), "latest": len(gatherer._latest), "tasks": len(gatherer._tasks)}


EMPTY = {"timers": 0, "latest": 0, "tasks": 0}


async def test_the_gatherer_keeps_nothing_once_thousands_of_chats_were_answered() -> None:
    chats = Chats()
    gatherer = TurnGatherer(chats.store, chats.answer, chats.deliver, debounce=0.05)
    for number, text in enumerate(["нужен стартер", "на камри"]):  # a burst from every chat
        for chat in range(CHATS):
            await gatherer.add(inbound(chat, number, f"{text} {chat}"))
    await gatherer.add(inbound(0, 0, "нужен стартер 0"))  # a re-delivery while gathering
    assert held(gatherer)["timers"] == CHATS
    await gatherer.idle()
    assert held(gatherer) == EMPTY
    answered = {outbound.chat_id: outbound.text for outbound in chats.delivered}
    assert len(chats.delivered) == CHATS  # one answer per chat, to its last message
    assert all(answered[f"7916{chat:07d}"] == f"re: на камри {chat}" for chat in range(CHATS))


async def test_chats_whose_turn_failed_leave_nothing_behind_either() -> None:
    failing = frozenset(f"7916{chat:07d}" for chat in range(0, 1000, 2))
    chats = Chats(failing)
    gatherer = TurnGatherer(chats.store, chats.answer, chats.deliver, debounce=0.01)
    for chat in range(1000):
        await gatherer.add(inbound(chat, 0, "нужен стартер"))
    await gatherer.idle()
    assert held(gatherer) == EMPTY and len(chats.delivered) == 500


async def test_closing_answers_what_is_gathered_and_keeps_nothing() -> None:
    chats = Chats()
    gatherer = TurnGatherer(chats.store, chats.answer, chats.deliver, debounce=60)
    for chat in range(1000):
        await gatherer.add(inbound(chat, 0, "нужен стартер"))
    await gatherer.close()
    assert held(gatherer) == EMPTY and len(chats.delivered) == 1000


async def test_answered_at_once_without_a_debounce_nothing_is_held_even_meanwhile() -> None:
    chats = Chats()
    gatherer = TurnGatherer(chats.store, chats.answer, chats.deliver, debounce=0)
    sizes = []

    async def write(chat: int) -> None:
        await gatherer.add(inbound(chat, 0, "нужен стартер"))
        sizes.append(sum(held(gatherer).values()))

    await asyncio.gather(*(write(chat) for chat in range(CHATS)))
    assert set(sizes) == {0} and len(chats.delivered) == CHATS


# --- Telegram's sending pace: one "next allowed moment" per chat ----------------------------------


async def test_telegrams_pace_per_chat_stays_under_ten_thousand_chats() -> None:
    sender = TelegramSender(Unused(), chat_interval=0.0005, messages_per_second=0)  # type: ignore[arg-type]
    most = 0
    for chat in range(25_000):
        await sender.call(chat, _sent)
        most = max(most, len(sender._chat_next))
    assert most <= 10_001


async def _sent() -> bool:
    return True


class Unused:
    def __getattr__(self, name: str) -> Callable[..., Awaitable[Any]]:
        raise AssertionError(f"the bot was called: {name}")


# --- caches ---------------------------------------------------------------------------------------


def _caches() -> list[tuple[str, ast.expr | None]]:
    """Every functools cache decorator in the product: (where, the maxsize given or None)."""
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for decorator in node.decorator_list:
                    call = decorator if isinstance(decorator, ast.Call) else None
                    name = ast.unparse(call.func if call else decorator).split(".")[-1]
                    if name in ("cache", "lru_cache", "cached_property"):
                        where = f"{path.relative_to(ROOT)}:{node.lineno} {node.name} @{name}"
                        found.append((where, _maxsize(call) if name == "lru_cache" else None))
    return found


def _maxsize(call: ast.Call | None) -> ast.expr | None:
    if call is None:
        return ast.Constant(128)  # @lru_cache without arguments: functools' default, 128
    given = call.args[:1] or [k.value for k in call.keywords if k.arg == "maxsize"]
    return given[0] if given else ast.Constant(128)


def test_every_cache_in_the_product_has_a_size_limit() -> None:
    caches = _caches()
    assert len(caches) >= 8  # the scan does find them (vocabularies, morphology, meanings, replies)
    sizes = [size.value if isinstance(size, ast.Constant) and isinstance(size.value, int) else None for _, size in caches]
    assert [where for (where, _), size in zip(caches, sizes, strict=True) if size is None] == [], (
        "a cache keyed by what customers write must have a maxsize"
    )
    assert sum(size or 0 for size in sizes) <= 200_000  # together at most some tens of MB, however many chats
