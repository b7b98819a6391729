"""Owner commands in a private chat with the bot: /stats, /pause, /resume (OWNER_TELEGRAM_IDS).

For anybody else these commands are ordinary text: the router's filter does not match, the message
falls through to the persona like any other, and no admin answer is ever given.
"""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, Update
from aiogram.types import Message as TgMessage

from bot.app.manager_report import build_managers_report
from bot.app.manager_report import report_text as managers_text
from bot.app.manager_texts import ManagerTexts
from bot.channels.telegram import store
from bot.channels.telegram.context import TelegramContext
from bot.channels.telegram.filters import OnLoop
from retention.control import set_paused

log = logging.getLogger(__name__)


def build_owner_router(ctx: TelegramContext) -> Router:
    router = Router(name="telegram.owner")
    router.message.filter(OnLoop(F.chat.type == "private"), OnLoop(F.from_user.id.in_(ctx.owner_ids)))

    @router.message(Command("stats"))
    async def process_stats(message: TgMessage, event_update: Update) -> None:
        if not await store.claim(ctx.sessions, event_update.update_id, ctx.clock.now()):
            return
        try:
            from retention import report as owner_view

            texts = owner_view.Texts(ctx.settings.prompts_dir)
            report = await owner_view.build_report(ctx.sessions, ctx.settings, now=ctx.clock.now())
            text = owner_view.report_text(report, texts)
        except Exception:
            log.exception("/stats failed")
            await ctx.say(message.chat.id, ctx.texts("stats_unavailable"))
            return
        await ctx.say(message.chat.id, text or ctx.texts("stats_empty"))
        try:  # who answers how fast (bot/app/manager_report.py)
            managers = await build_managers_report(ctx.sessions, ctx.settings)
            await ctx.say(message.chat.id, managers_text(managers, ManagerTexts(ctx.settings.prompts_dir)))
        except Exception:
            log.exception("/stats managers failed")
        try:
            chart = owner_view.report_png(report, texts)
        except Exception:  # the numbers went out; a chart is a bonus
            log.exception("/stats chart failed")
            return
        if chart:
            photo = BufferedInputFile(chart, filename="stats.png")
            await ctx.sender.call(message.chat.id, lambda: ctx.bot.send_photo(message.chat.id, photo))

    @router.message(Command("pause", "resume"))
    async def process_pause(message: TgMessage, event_update: Update) -> None:
        now = ctx.clock.now()
        if not await store.claim(ctx.sessions, event_update.update_id, now):
            return
        paused = (message.text or "").lstrip("/").lower().startswith("pause")
        async with ctx.sessions() as session:
            await set_paused(session, paused, now, by=f"telegram:{message.chat.id}")
            await session.commit()
        await ctx.say(message.chat.id, ctx.texts("paused" if paused else "resumed"))

    return router
