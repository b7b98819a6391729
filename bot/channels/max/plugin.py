"""The MAX plugin on maxapi: customers' dialogs with the shop's bot.

`build(needs)` (called by bot/bootstrap.py when MAX_BOT_TOKEN is set) returns the "max" sender,
MAX as a campaign channel (retention writes first to customers who started the bot), long polling
as a background task or, with MAX_WEBHOOK_URL, the /webhooks/max route plus a task that subscribes
it (`POST /subscriptions {url, update_types, secret}`), and the closers. MAX_API_BASE points the
client elsewhere (`Bot.set_api_url`: a proxy, or the fake MAX Bot API in tests).

Handlers are thin: a customer's message goes to the core through the turn gatherer (store now,
answer when the chat is quiet), a shared contact and bot_started/bot_stopped to start.py. Updates
of one chat are handled in order, different chats at once (maxapi's SimpleEventIsolation). Hand-offs
reach the managers' Telegram chat and the CRM the way every channel's do (bot/app/lead_delivery.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import warnings
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path

from aiohttp import ClientError
from maxapi import Bot, Dispatcher, Router
from maxapi.client.default import DefaultConnectionProperties
from maxapi.context import SimpleEventIsolation
from maxapi.enums.update import UpdateType
from maxapi.exceptions.max import InvalidToken, MaxApiError, MaxConnection
from maxapi.methods.subscribe_webhook import SubscribeWebhook
from maxapi.types import BotStarted, BotStopped, MessageCreated
from maxapi.types.updates import UpdateUnion

from bot.app.gathering import TurnGatherer
from bot.app.sending import reply_deliverer
from bot.channels.max import inbox, quiet_logs, start, store
from bot.channels.max.context import MaxContext
from bot.channels.max.sender import MaxSender
from bot.channels.max.texts import MaxTexts
from bot.channels.max.webhook import build_webhook_router, failed, webhook_secret
from bot.config import Settings
from bot.plugin import Needs, Plugin
from bot.store.engine import SessionFactory
from retention.scheduler import every

log = logging.getLogger(__name__)
UPDATE_TYPES = [UpdateType.MESSAGE_CREATED, UpdateType.BOT_STARTED, UpdateType.BOT_STOPPED]
API_ERRORS = (MaxApiError, MaxConnection, InvalidToken, ClientError, TimeoutError)


def build_bot(settings: Settings) -> Bot:
    """A Bot on MAX_API_BASE; events carry what the update carries (no extra requests per event)."""
    assert settings.max.bot_token is not None
    connection = DefaultConnectionProperties(timeout=settings.max.timeout_seconds)
    bot = Bot(settings.max.bot_token.get_secret_value(), auto_requests=False, default_connection=connection)
    bot.set_api_url(settings.max.api_base)
    return bot


class MaxChannel:
    def __init__(self, ctx: MaxContext) -> None:
        self.ctx = ctx
        router = Router("max.customers")  # included now: the webhook may deliver before startup() ran
        router.message_created.register(self.on_message)
        router.bot_started.register(self.on_started)
        router.bot_stopped.register(self.on_stopped)
        self.dispatcher = Dispatcher(use_create_task=True, event_isolation=SimpleEventIsolation())
        self.dispatcher.include_routers(router)

    async def on_message(self, event: MessageCreated) -> None:
        if not inbox.is_customers(event.message):
            return  # a group chat, a channel post, a bot: the persona answers customers' dialogs only
        try:
            contact = start.shared_contact(event)
            if contact is not None:
                await start.process_contact(self.ctx, event, contact)
            else:
                await inbox.process_message(self.ctx, event)
        except Exception as exc:  # the webhook answers 500 and MAX delivers it again
            log.exception("MAX message not handled")
            failed(exc)

    async def on_started(self, event: BotStarted) -> None:
        try:
            await start.process_started(self.ctx, event)
        except Exception as exc:
            log.exception("MAX bot_started not handled")
            failed(exc)

    async def on_stopped(self, event: BotStopped) -> None:
        try:
            await start.process_stopped(self.ctx, event)
        except Exception as exc:
            log.exception("MAX bot_stopped not handled")
            failed(exc)

    async def handle(self, update: UpdateUnion) -> None:
        """One update from the webhook, handled before it is acknowledged."""
        await self.dispatcher.handle(update)

    async def run_polling(self) -> None:
        """Long polling (GET /updates) until cancelled; a webhook subscription is removed first."""
        bot, delay = self.ctx.bot, 1.0
        try:
            await bot.delete_webhook()
        except API_ERRORS as exc:
            log.warning("MAX subscriptions not removed (%s); polling anyway", type(exc).__name__)
        while True:
            polling = asyncio.ensure_future(self.dispatcher.start_polling(bot))
            try:
                await asyncio.shield(polling)
                return
            except asyncio.CancelledError:
                # Cancelling start_polling would leave its handler tasks running; stop it properly.
                await self.dispatcher.stop_polling()
                with contextlib.suppress(asyncio.CancelledError, *API_ERRORS):
                    await polling
                raise
            except API_ERRORS as exc:  # MAX unreachable at start, or the token refused
                log.warning("MAX polling could not start (%s); retrying in %.0f s", type(exc).__name__, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 300)

    async def subscribe(self) -> None:
        """Subscribe MAX_WEBHOOK_URL with our secret, retrying until MAX accepts it."""
        settings = self.ctx.settings
        url = settings.max.webhook_url
        assert url is not None
        if url.startswith("http://"):
            log.warning("MAX_WEBHOOK_URL is not HTTPS: MAX delivers only to HTTPS with a trusted certificate")
        delay = 1.0
        while True:
            try:
                await self.dispatcher.startup(self.ctx.bot)
                with warnings.catch_warnings():  # maxapi warns about http:// itself (said above, once)
                    warnings.simplefilter("ignore", UserWarning)
                    request = SubscribeWebhook(self.ctx.bot, url, update_types=UPDATE_TYPES, secret=webhook_secret(settings))
                await request.fetch()
                log.info("MAX delivers updates to %s", url)
                return
            except API_ERRORS as exc:
                log.warning("MAX subscription failed (%s); retrying in %.0f s", type(exc).__name__, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 300)

    async def shutdown(self) -> None:
        await self.dispatcher.shutdown()


def build(needs: Needs) -> Plugin:
    quiet_logs.install()
    settings = needs.settings
    bot = build_bot(settings)
    sender = MaxSender(
        bot,
        needs.sessions,
        needs.clock,
        chat_interval=settings.max.chat_interval_seconds,
        messages_per_second=settings.max.messages_per_second,
    )
    gatherer = TurnGatherer(
        needs.store_inbound,
        needs.answer_stored,
        reply_deliverer(sender, needs.sessions, needs.clock, needs.wake_outbox),
        debounce=settings.max.debounce_seconds,
    )
    ctx = MaxContext(
        settings=settings,
        sessions=needs.sessions,
        clock=needs.clock,
        kv=needs.kv,
        bot=bot,
        sender=sender,
        texts=MaxTexts(settings.prompts_dir, persona=settings.persona_name, shop=settings.shop_name),
        gatherer=gatherer,
        media_dir=Path(settings.telegram.media_dir) / store.CHANNEL,
        max_photo_bytes=settings.telegram.max_photo_bytes,
    )
    channel = MaxChannel(ctx)
    plugin = Plugin(
        name=store.CHANNEL,
        senders={store.CHANNEL: sender},
        campaign_channels=(store.CHANNEL,),
        # closed last to first: handlers finish, what is gathered is answered, then the HTTP session closes
        closers=[bot.close_session, ctx.close, gatherer.close, channel.shutdown],
    )
    plugin.background.append(every("max.updates", DAY_SECONDS, forget_old_updates(needs.sessions), needs.clock.now))
    if settings.max.webhook_url:
        plugin.routers.append(build_webhook_router(bot, channel.handle, secret=webhook_secret(settings)))
        plugin.background.append(channel.subscribe)
    else:
        plugin.background.append(channel.run_polling)
    return plugin


UPDATES_KEPT = timedelta(days=7)  # records of handled Start/contact updates (MAX sends an update again within hours)
DAY_SECONDS = 24 * 3600.0


def forget_old_updates(sessions: SessionFactory) -> Callable[[datetime], Awaitable[int]]:
    """The daily job: handled updates older than UPDATES_KEPT are forgotten."""

    async def forget(now: datetime) -> int:
        return await store.forget_updates(sessions, now - UPDATES_KEPT)

    return forget
