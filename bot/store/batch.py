"""Group commit for small, frequent database work: the calls that arrive together (the same loop
iteration, or while the previous batch runs) are done in one transaction by one `run`, and each
caller waits for its own result. Forty chats answered at once then cost one handled-update check,
one record and one settle instead of forty of each, and nobody waits longer than one batch.

Nothing is kept between batches; a batch that fails fails every call in it (each caller sees the
exception, as it would have alone).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Batched(Generic[T, R]):
    def __init__(self, run: Callable[[list[T]], Awaitable[Sequence[R]]]) -> None:
        """`run(items)` does the work of all of them at once and returns one result per item, in order."""
        self._run = run
        self._waiting: list[tuple[T, asyncio.Future[R]]] = []
        self._runner: asyncio.Task[None] | None = None

    async def __call__(self, item: T) -> R:
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, future))
        if self._runner is None:
            self._runner = asyncio.ensure_future(self._drain())
        return await future

    async def _drain(self) -> None:
        try:
            await asyncio.sleep(0)  # the other callers of this loop iteration join the first batch
            while self._waiting:
                batch, self._waiting = self._waiting, []
                try:
                    results = await self._run([item for item, _ in batch])
                except Exception as exc:
                    for _, future in batch:
                        if not future.done():
                            future.set_exception(exc)
                    continue
                for (_, future), result in zip(batch, results, strict=True):
                    if not future.done():
                        future.set_result(result)
        finally:
            self._runner = None
            for _, future in self._waiting:  # only when cancelled: the callers are not left waiting
                future.cancel()
            self._waiting = []
