"""/webhooks/max: the updates MAX delivers once the service subscribed with `POST /subscriptions`.

Only a request whose X-Max-Bot-Api-Secret equals our secret (constant-time compare) is read; any
other is refused with 403 before a byte is stored. An update is handled before it is acknowledged
(a message is stored, deduplicated on its `mid`, and answered when the chat goes quiet), so a
failure answers 500 and MAX delivers it again; a body that is not an update, or an update of a kind
we do not handle, is acknowledged (delivering it again would not help). Nothing a customer wrote is
logged.
"""

from __future__ import annotations

import contextvars
import hashlib
import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from maxapi import Bot
from maxapi.methods.types.getted_updates import get_update_model
from maxapi.types.updates import UpdateUnion

from bot.config import Settings

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Max-Bot-Api-Secret"
PATH = "/webhooks/max"

# What failed while handling the update at hand: each request its own list (the dispatcher runs the
# handlers in the request's task); polling has none, and a failure there is only logged.
failures: contextvars.ContextVar[list[BaseException]] = contextvars.ContextVar("max_update_failures")


def failed(exc: BaseException) -> None:
    failures.get([]).append(exc)


def webhook_secret(settings: Settings) -> str:
    """MAX_WEBHOOK_SECRET, or one derived from the bot token (stable across restarts)."""
    if settings.max.webhook_secret is not None:
        return settings.max.webhook_secret.get_secret_value()
    assert settings.max.bot_token is not None
    return hashlib.sha256(f"partsbot-max-webhook:{settings.max.bot_token.get_secret_value()}".encode()).hexdigest()


def build_webhook_router(bot: Bot, handle: Callable[[UpdateUnion], Awaitable[None]], *, secret: str) -> APIRouter:
    router = APIRouter(tags=["max"])
    expected = secret.encode()

    @router.post(PATH)
    async def max_webhook(request: Request) -> Response:
        """Receive one MAX update."""
        given = request.headers.get(SECRET_HEADER, "").encode("latin-1")  # a header is bytes: any of them may come
        if not hmac.compare_digest(given, expected):
            log.warning("MAX webhook refused: wrong or missing %s", SECRET_HEADER)
            return JSONResponse({"ok": False, "error": "wrong secret"}, status_code=403)
        try:
            payload: Any = json.loads(await request.body())
        except (ValueError, RecursionError):  # RecursionError: nested past the JSON decoder
            return JSONResponse({"ok": True, "ignored": "not JSON"})
        update = await get_update_model(payload, bot) if isinstance(payload, dict) else None
        if update is None:  # maxapi would log the whole update (a customer's words) with its warning
            kind = payload.get("update_type") if isinstance(payload, dict) else None
            log.info("MAX update of no kind we read (%s), acknowledged", str(kind)[:40])
            return JSONResponse({"ok": True, "ignored": "not an update we read"})
        ours: list[BaseException] = []
        failures.set(ours)
        await handle(update)
        if ours:
            return JSONResponse({"ok": False, "error": "not handled, deliver again"}, status_code=500)
        return JSONResponse({"ok": True})

    return router
