"""The pywa client, pointed at WHATSAPP_API_BASE.

pywa always talks to https://graph.facebook.com/v<version>; a transport rewrites that origin to the
configured base (a proxy, a regional gateway, or our fake Graph API in tests), leaving every other
URL (media downloads from lookaside.fbsbx.com) as it is.

At most CONNECTIONS (20: ~100 replies/s at the Graph API's usual 0.2 s, above the 80 messages/s a
business number gets) requests are in flight at once; the others wait their turn in order
(bot/channels/gate.py).
"""

from __future__ import annotations

import httpx
from pywa_async.client import WhatsApp

from bot.channels.gate import CONNECTIONS, Gated
from bot.config import Settings

GRAPH = "graph.facebook.com"
DEFAULT_BASE = f"https://{GRAPH}"


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
