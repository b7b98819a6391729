"""A gate in front of httpx's connection pool, for every channel that may send a flood at once.

At most `slots` requests are in flight; the others wait their turn in order. httpcore's pool
matches every queued request against every connection each time one frees up, so a flood queued
there costs time quadratic in its size: with 1,000 customers writing at once, 900 of the replies
failed with PoolTimeout. Waiting in front of the pool costs nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx

# Requests at once, each connection kept alive between bursts: ~100 replies/s at an API's usual
# 0.2 s; httpcore's pool does bookkeeping quadratic in its connections on every request, so not more.
CONNECTIONS = 20


def gated_transport(wait: float, slots: int = CONNECTIONS) -> Gated:
    """A pool of `slots` kept-alive connections behind a gate of as many slots."""
    pool = httpx.AsyncHTTPTransport(retries=1, limits=httpx.Limits(max_connections=slots, max_keepalive_connections=slots))
    return Gated(pool, slots, wait)


class Gated(httpx.AsyncBaseTransport):
    """At most `slots` requests through `inner` at once, from sending the request until its response
    is closed; the others wait in order, at most `wait` seconds (then httpx.PoolTimeout, as a full pool
    would raise)."""

    def __init__(self, inner: httpx.AsyncBaseTransport, slots: int, wait: float) -> None:
        self._inner, self._slots, self._wait = inner, asyncio.Semaphore(slots), wait

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            async with asyncio.timeout(self._wait):
                await self._slots.acquire()
        except TimeoutError:
            raise httpx.PoolTimeout(f"no free connection in {self._wait} s", request=request) from None
        try:
            response = await self._inner.handle_async_request(request)
        except BaseException:
            self._slots.release()
            raise
        assert isinstance(response.stream, httpx.AsyncByteStream)
        stream = _Releasing(response.stream, self._slots)
        return httpx.Response(response.status_code, headers=response.headers, stream=stream, extensions=response.extensions)

    async def aclose(self) -> None:
        await self._inner.aclose()


class _Releasing(httpx.AsyncByteStream):
    """A response body that gives its slot back when it is closed (httpx closes every response)."""

    def __init__(self, stream: httpx.AsyncByteStream, slots: asyncio.Semaphore) -> None:
        self._stream, self._slots, self._open = stream, slots, True

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self._stream.aclose()
        finally:
            if self._open:
                self._open = False
                self._slots.release()
