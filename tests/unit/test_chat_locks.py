"""One turn of a chat at a time, other chats not held up, and no lock kept for an idle chat."""

from __future__ import annotations

import asyncio

from bot.app.locks import ChatLocks


async def test_turns_of_one_chat_run_one_at_a_time() -> None:
    locks, inside, most = ChatLocks(), 0, 0

    async def turn() -> None:
        nonlocal inside, most
        async with locks.hold(("web", "a")):
            inside += 1
            most = max(most, inside)
            await asyncio.sleep(0.01)
            inside -= 1

    await asyncio.gather(*(turn() for _ in range(5)))
    assert most == 1


async def test_another_chat_is_not_held_up_by_a_busy_one() -> None:
    locks, released = ChatLocks(), asyncio.Event()

    async def slow_turn() -> None:
        async with locks.hold(("web", "a")):
            await released.wait()

    busy = asyncio.create_task(slow_turn())
    await asyncio.sleep(0)
    async with asyncio.timeout(1):
        async with locks.hold(("web", "b")):
            pass
    released.set()
    await busy


async def test_chats_nobody_holds_or_waits_for_keep_no_lock() -> None:
    locks = ChatLocks()
    for chat in range(1000):
        async with locks.hold(("telegram", str(chat))):
            pass
    assert len(locks) == 0


async def test_a_waiting_turn_keeps_the_lock_until_it_is_done() -> None:
    locks, release = ChatLocks(), asyncio.Event()

    async def first() -> None:
        async with locks.hold("chat"):
            await release.wait()

    async def second() -> None:
        async with locks.hold("chat"):
            pass

    tasks = [asyncio.create_task(first()), asyncio.create_task(second())]
    await asyncio.sleep(0)
    assert len(locks) == 1
    release.set()
    await asyncio.gather(*tasks)
    assert len(locks) == 0
