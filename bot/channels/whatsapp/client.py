"""The pywa client, pointed at WHATSAPP_API_BASE.

pywa always talks to https://graph.facebook.com/v<version>; a transport rewrites that origin to the
configured base (a proxy, a regional gateway, or our fake Graph API in tests), leaving every other
URL (media downloads from lookaside.fbsbx.com) as it is.

At most CONNECTIONS requests are in flight at once; the others wait their turn in order (`Gated`).
httpcore's pool matches every queued request against every connection each time one frees up, so a
flood queued there costs time quadratic in its size: with 1,000 customers writing at once, 900 of
the replies failed with PoolTimeout after WHATSAPP_TIMEOUT_SECONDS. Waiting in front of the pool
costs nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
from pywa_async.client import WhatsApp

from bot.config import Settings

GRAPH = "graph.facebook.com"
DEFAULT_BASE = f"https://{GRAPH}"
# Requests to the Graph API at once, each connection kept alive between bursts: ~100 replies/s at
# the Graph API's usual 0.2 s, above the 80 messages/s a business number gets; httpcore's pool does
# bookkeeping quadratic in its connections on every request, so not more.
CONNECTIONS = 20


class Rebased(httpx.AsyncBaseTransport):
    """Sends requests for graph.facebook.com to `base` (scheme, host, port and a path prefix)."""

    def __init__(self, base: str, inner: httpx.AsyncBaseTransport | None = None) -> None:
        self._base = httpx.URL(base.rstrip("/"))
        self._inner = inner or httpx.AsyncHTTPTransport(retries=1)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == GRAPH and self._base.host != GRAPH:
            request.url = request.url.copy_with(
                scheme=self._base.scheme,
                host=self._base.host,
                port=self._base.port,
                path=self._base.path.rstrip("/") + request.url.path,
            )
            request.headers["host"] = self._base.netloc.decode()
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


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


def build_client(settings: Settings) -> tuple[WhatsApp, httpx.AsyncClient]:
    """The client and its HTTP session (closed by the plugin's closer)."""
    config = settings.whatsapp
    assert config.token is not None and config.phone_number_id is not None
    pool = httpx.AsyncHTTPTransport(
        retries=1, limits=httpx.Limits(max_connections=CONNECTIONS, max_keepalive_connections=CONNECTIONS)
    )
    transport = Gated(Rebased(config.api_base or DEFAULT_BASE, pool), CONNECTIONS, wait=config.timeout_seconds)
    session = httpx.AsyncClient(transport=transport, timeout=config.timeout_seconds)
    client = WhatsApp(
        phone_id=config.phone_number_id,
        token=config.token.get_secret_value(),
        session=session,
        verify_token=config.verify_token.get_secret_value() if config.verify_token else None,
        app_secret=config.app_secret.get_secret_value() if config.app_secret else None,
        validate_updates=config.app_secret is not None,
        skip_duplicate_updates=False,  # deduplicated in the database (a restart or a second worker must not answer twice)
        filter_updates=True,
        api_version=config.api_version,
    )
    return client, session
