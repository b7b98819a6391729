"""The Telegram channel on aiogram 3: customers' chats, the managers' chat and owner commands.

`build(needs)` (called by bot/bootstrap.py when TELEGRAM_BOT_TOKEN is set) returns the plugin:
the "telegram" sender, long polling as a background task (or, with TELEGRAM_WEBHOOK_URL, a
webhook route plus a setWebhook task), the managers' card and forward outbox kinds
(TELEGRAM_MANAGERS_CHAT_ID), the owners as alert targets, and a closer. Handlers are thin: they
turn updates into core `Inbound`s and send the replies.

Routers, first match wins: managers' chat -> owner commands -> /start and shared contacts ->
everything else a customer writes in a private chat.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from aiogram import BaseMiddleware, Bot, Dispatcher, F, Router
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Message as TgMessage
from aiogram.types import TelegramObject, Update

from bot.app.ownership import Ownership
from bot.app.sending import Settlements
from bot.channels.telegram import store
from bot.channels.telegram.context import TelegramContext, parse_ids
from bot.channels.telegram.filters import OnLoop
from bot.channels.telegram.inbox import Gatherer, Turn, deliver
from bot.channels.telegram.managers import (
    CARD_KIND,
    FORWARD_KIND,
    NOTICE_KIND,
    build_managers_router,
    card_handler,
    forward_handler,
    notice_handler,
)
from bot.channels.telegram.owner import build_owner_router
from bot.channels.telegram.sender import TelegramSender
from bot.channels.telegram.session import KeepingSession
from bot.channels.telegram.start import build_start_router
from bot.channels.telegram.texts import TelegramTexts
from bot.channels.telegram.webhook import build_webhook_router, known_kind, webhook_path, webhook_secret
from bot.config import Settings
from bot.messages import Outbound
from bot.plugin import Alert, Needs, Plugin
from bot.store.engine import SessionFactory
from retention.scheduler import every

log = logging.getLogger(__name__)
UPDATES_KEPT = timedelta(days=7)  # handled update ids kept (Telegram sends an update again for a day at most)
DAY_SECONDS = 24 * 3600.0
SHUTDOWN_FEED_SECONDS = 10.0  # at most this long for acknowledged webhook updates at shutdown


def build_bot(settings: Settings) -> Bot:
    """A Bot on api.telegram.org, or on TELEGRAM_API_BASE (a self-hosted Bot API server or our fake)."""
    assert settings.telegram.bot_token is not None
    api = TelegramAPIServer.from_base(settings.telegram.api_base) if settings.telegram.api_base else None
    session = KeepingSession(api=api) if api else KeepingSession()
    return Bot(settings.telegram.bot_token.get_secret_value(), session=session)


class SkipHandledUpdates(BaseMiddleware):
    """Telegram re-sends updates (webhook timeouts, restarts); one handled before is dropped here, and
    so is one of a kind this aiogram does not know (polling; the webhook drops those itself)."""

    def __init__(self, updates: store.HandledUpdates) -> None:
        self._updates = updates

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if isinstance(event, Update) and not known_kind(event):
            log.info("telegram update %s of no kind we know, ignored", event.update_id)
            return None
        if isinstance(event, Update) and await self._updates.seen(event.update_id):
            return None
        return await handler(event, data)


def build_customer_router(gatherer: Gatherer) -> Router:
    router = Router(name="telegram.customers")
    router.message.filter(OnLoop(F.chat.type == "private"))

    @router.message()
    async def process_customer_message(message: TgMessage, event_update: Update) -> None:
        gatherer.add(event_update.update_id, message)

    return router


def build_routers(ctx: TelegramContext, gatherer: Gatherer) -> list[Router]:
    """Fresh routers each call: a router can be attached to one dispatcher only."""
    routers = [build_managers_router(ctx, ctx.managers_chat_id)] if ctx.managers_chat_id is not None else []
    if ctx.owner_ids:  # without owners its filter never matches: each message would only pass it by (~30 us)
        routers.append(build_owner_router(ctx))
    return [*routers, build_start_router(ctx), build_customer_router(gatherer)]


async def answer_turn(ctx: TelegramContext, turn: Turn) -> None:
    """One gathered turn to the core (which passes it to the manager who owns the chat, if any)."""
    replies = await ctx.handle_inbound(turn.inbound)
    # the updates are handled and the customer reachable before sending: a 403 on the reply must win
    await ctx.updates.record_turn(store.TurnRecord(turn.inbound.chat_id, [p.update_id for p in turn.pieces], ctx.clock.now()))
    for outbound in replies:
        await deliver(ctx, outbound)


@dataclass
class TelegramChannel:
    ctx: TelegramContext
    dispatcher: Dispatcher
    gatherer: Gatherer
    updates_in_flight: set[asyncio.Task[object]] = field(default_factory=set)  # webhook updates being fed

    @property
    def bot(self) -> Bot:
        return self.ctx.bot

    async def feed(self, update: Update) -> None:
        await self.dispatcher.feed_update(self.bot, update)

    async def run_polling(self) -> None:
        """Long polling until cancelled (a background task of the service)."""
        try:
            await self.bot.delete_webhook(drop_pending_updates=False)
        except TelegramAPIError as exc:
            log.warning("deleteWebhook failed (%s); polling anyway", exc)
        polling = asyncio.ensure_future(
            self.dispatcher.start_polling(
                self.bot,
                handle_signals=False,
                close_bot_session=False,
                polling_timeout=self.ctx.settings.telegram.polling_timeout,
            )
        )
        try:
            await asyncio.shield(polling)
        except asyncio.CancelledError:
            # Cancelling start_polling would leave its inner polling task running; stop it properly.
            try:
                await self.dispatcher.stop_polling()
            except RuntimeError:  # not started yet
                polling.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await polling
            raise

    async def set_webhook(self) -> None:
        """Register the webhook with Telegram, retrying until it is accepted."""
        settings = self.ctx.settings
        assert settings.telegram.webhook_url is not None
        delay = 1.0
        while True:
            try:
                await self.bot.set_webhook(
                    settings.telegram.webhook_url,
                    secret_token=webhook_secret(settings),
                    allowed_updates=self.dispatcher.resolve_used_update_types(),
                )
                return
            except TelegramAPIError as exc:
                log.warning("setWebhook failed (%s); retrying in %.0f s", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 300)

    async def close(self) -> None:
        """Acknowledged webhook updates are fed to the end, what they gathered is answered, then the
        HTTP session closes."""
        if self.updates_in_flight:
            await asyncio.wait(set(self.updates_in_flight), timeout=SHUTDOWN_FEED_SECONDS)
        await self.gatherer.close()
        await self.bot.session.close()


def build(needs: Needs) -> Plugin:
    settings = needs.settings
    bot = build_bot(settings)
    sender = TelegramSender(
        bot,
        chat_interval=settings.telegram.chat_interval_seconds,
        messages_per_second=settings.telegram.messages_per_second,
    )
    ctx = TelegramContext(
        settings=settings,
        sessions=needs.sessions,
        clock=needs.clock,
        kv=needs.kv,
        ownership=Ownership(needs.kv),
        handle_inbound=needs.handle_inbound,
        bot=bot,
        sender=sender,
        texts=TelegramTexts(settings.prompts_dir, persona=settings.persona_name, shop=settings.shop_name),
        owner_ids=parse_ids(settings.telegram.owner_ids),
        managers_chat_id=settings.telegram.managers_chat_id,
        wake_outbox=needs.wake_outbox,
        updates=store.HandledUpdates(needs.sessions),
        settlements=Settlements(needs.sessions),
    )
    gatherer = Gatherer(ctx, lambda turn: answer_turn(ctx, turn), debounce=settings.telegram.debounce_seconds)
    dispatcher = Dispatcher(disable_fsm=True)  # no FSM here: aiogram's MemoryStorage would keep a record per chat for ever
    dispatcher.update.outer_middleware(SkipHandledUpdates(ctx.updates))
    dispatcher.include_routers(*build_routers(ctx, gatherer))
    channel = TelegramChannel(ctx, dispatcher, gatherer)

    plugin = Plugin(
        name=store.CHANNEL,
        senders={store.CHANNEL: sender},
        campaign_channels=(store.CHANNEL,),
        closers=[channel.close],
        alert_targets=[owner_alert(ctx)],
    )
    if ctx.managers_chat_id is not None:
        plugin.outbox_handlers = {
            CARD_KIND: card_handler(ctx, ctx.managers_chat_id),
            FORWARD_KIND: forward_handler(ctx, ctx.managers_chat_id),
            NOTICE_KIND: notice_handler(ctx, ctx.managers_chat_id),
        }
        plugin.hand_off_kinds, plugin.forward_kinds = (CARD_KIND,), (FORWARD_KIND,)
        plugin.notice_kinds = (NOTICE_KIND,)
    plugin.background.append(every("telegram.updates", DAY_SECONDS, forget_old_updates(needs.sessions), needs.clock.now))
    if settings.telegram.webhook_url:
        path, secret = webhook_path(settings.telegram.webhook_url), webhook_secret(settings)
        plugin.routers.append(
            build_webhook_router(bot, channel.feed, path=path, secret=secret, in_flight=channel.updates_in_flight)
        )
        plugin.background.append(channel.set_webhook)
    else:
        plugin.background.append(channel.run_polling)
    return plugin


def forget_old_updates(sessions: SessionFactory) -> Callable[[datetime], Awaitable[int]]:
    """The daily job: handled updates older than UPDATES_KEPT are forgotten."""

    async def forget(now: datetime) -> int:
        return await store.forget_updates(sessions, now - UPDATES_KEPT)

    return forget


def owner_alert(ctx: TelegramContext) -> Alert:
    """An alert that reaches every owner in Telegram (used for "amoCRM stopped accepting deals")."""

    async def alert(text: str) -> None:
        for owner in sorted(ctx.owner_ids):
            await ctx.sender.send(Outbound("telegram", str(owner), text))

    return alert
