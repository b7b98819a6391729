"""Group commit (bot/store/batch.py): calls that arrive together are one `run`, each caller gets its
own result, a failed batch fails each of its calls, and calls arriving during a batch go in the next."""

from __future__ import annotations

import asyncio

import pytest

from bot.store.batch import Batched


async def test_calls_of_one_moment_are_one_batch_and_each_gets_its_own_result() -> None:
    batches: list[list[int]] = []

    async def run(items: list[int]) -> list[int]:
        batches.append(items)
        return [item * 10 for item in items]

    double = Batched(run)
    assert await asyncio.gather(*(double(n) for n in range(5))) == [0, 10, 20, 30, 40]
    assert batches == [[0, 1, 2, 3, 4]]
    assert await double(7) == 70 and batches[-1] == [7]


async def test_calls_arriving_while_a_batch_runs_go_together_in_the_next() -> None:
    batches: list[list[str]] = []
    release = asyncio.Event()

    async def run(items: list[str]) -> list[str]:
        batches.append(items)
        if len(batches) == 1:
            await release.wait()
        return items

    echo = Batched(run)
    first = asyncio.ensure_future(echo("a"))
    await asyncio.sleep(0.01)  # "a" is running
    later = [asyncio.ensure_future(echo(x)) for x in "bcd"]
    await asyncio.sleep(0.01)
    release.set()
    assert [await first, *[await task for task in later]] == ["a", "b", "c", "d"]
    assert batches == [["a"], ["b", "c", "d"]]


async def test_a_failed_batch_fails_each_of_its_calls_and_the_next_batch_runs() -> None:
    async def run(items: list[int]) -> list[int]:
        if 0 in items:
            raise RuntimeError("the database went away")
        return items

    same = Batched(run)
    results = await asyncio.gather(same(0), same(1), return_exceptions=True)
    assert all(isinstance(result, RuntimeError) for result in results)
    assert await same(2) == 2


async def test_a_cancelled_caller_does_not_stop_the_batch() -> None:
    done: list[int] = []

    async def run(items: list[int]) -> list[None]:
        await asyncio.sleep(0.01)
        done.extend(items)
        return [None for _ in items]

    record = Batched(run)
    cancelled = asyncio.ensure_future(record(1))
    kept = asyncio.ensure_future(record(2))
    await asyncio.sleep(0.001)
    cancelled.cancel()
    await kept
    with pytest.raises(asyncio.CancelledError):
        await cancelled
    assert done == [1, 2]
