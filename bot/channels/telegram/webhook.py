"""Webhook mode under FastAPI: Telegram POSTs updates to TELEGRAM_WEBHOOK_URL's path.

The X-Telegram-Bot-Api-Secret-Token header must equal our secret (constant-time compare), else
401; a body that is not an update is a 400, an update of no kind we know is acknowledged. A good
update is answered 200 at once and handled in the background: Telegram waits for the answer before
sending the chat's next update and re-sends what is not answered in time.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
from collections.abc import Awaitable, Callable
from urllib.parse import urlparse

from aiogram import Bot
from aiogram.types import Update
from aiogram.types.update import UpdateTypeLookupError
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from bot.config import Settings

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
DEFAULT_PATH = "/webhooks/telegram"
MAX_UPDATE_ID = 2**63 - 1


def webhook_secret(settings: Settings) -> str:
    """TELEGRAM_WEBHOOK_SECRET, or one derived from the bot token (stable across restarts)."""
    if settings.telegram.webhook_secret is not None:
        return settings.telegram.webhook_secret.get_secret_value()
    assert settings.telegram.bot_token is not None
    token = settings.telegram.bot_token.get_secret_value()
    return hashlib.sha256(f"partsbot-webhook:{token}".encode()).hexdigest()


def webhook_path(url: str) -> str:
    return urlparse(url).path.rstrip("/") or DEFAULT_PATH


def build_webhook_router(
    bot: Bot,
    feed: Callable[[Update], Awaitable[object]],
    *,
    path: str,
    secret: str,
    in_flight: set[asyncio.Task[object]],
) -> APIRouter:
    """`in_flight` holds the updates acknowledged and still being handled: the channel waits for them
    when the service stops (Telegram does not send an acknowledged update again)."""
    router = APIRouter(tags=["telegram"])

    def finished(task: asyncio.Task[object]) -> None:
        in_flight.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("telegram update failed", exc_info=task.exception())

    @router.post(path)
    async def telegram_webhook(request: Request) -> JSONResponse:
        """Receive one Telegram update."""
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            return JSONResponse({"ok": False, "error": "wrong secret token"}, status_code=401)
        try:
            update = Update.model_validate(await request.json(), context={"bot": bot})
        except (ValueError, ValidationError, RecursionError):  # RecursionError: nested past the JSON decoder
            return JSONResponse({"ok": False, "error": "not a Telegram update"}, status_code=400)
        if not 0 <= update.update_id <= MAX_UPDATE_ID:  # it is stored as a 64-bit integer to deduplicate
            return JSONResponse({"ok": False, "error": "not a Telegram update id"}, status_code=400)
        if not known_kind(update):  # aiogram would warn with the whole update (a customer's words) in it
            log.info("telegram update %s of no kind we know, ignored", update.update_id)
            return JSONResponse({"ok": True})
        task = asyncio.ensure_future(feed(update))
        in_flight.add(task)
        task.add_done_callback(finished)
        return JSONResponse({"ok": True})

    return router


def known_kind(update: Update) -> bool:
    """An update of a kind this aiogram knows; of another (a newer Bot API's), aiogram would warn
    with the whole update — a customer's words — in the warning."""
    try:
        return bool(update.event_type)
    except UpdateTypeLookupError:
        return False
