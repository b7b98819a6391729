"""The managers' chat: a card per handed-off lead with a «Взять» button, the first press wins; a
manager's reply to the card (or to a forwarded customer message) is relayed to the customer. The
manager who took the deal or replied owns the conversation (bot/app/ownership.py) until the lead is
closed: the core keeps the persona quiet and queues the customer's messages for FORWARD_KIND,
which shows them here (the Telegram originals forwarded; other channels' messages as text).

kv record: telegram.card:<message id in the managers' chat> -> {"conversation_id", "lead_id"}
(what a manager's reply to that message is about).
"""

from __future__ import annotations

import logging
from typing import Any

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters, Update, User
from aiogram.types import Message as TgMessage

from bot.app.effects import outbox_item
from bot.app.lead_delivery import Save, source_of
from bot.app.outbox import Handler
from bot.app.sending import queue_message
from bot.app.sla import mark_first_reply, mark_taken
from bot.channels.telegram import store
from bot.channels.telegram.context import TelegramContext
from bot.channels.telegram.filters import OnLoop
from bot.config import Settings
from bot.store.models import Conversation, Customer, Lead, Message

log = logging.getLogger(__name__)
CARD_KIND = "telegram.manager_card"
FORWARD_KIND = "telegram.forward_to_managers"
NOTICE_KIND = "telegram.managers_notice"  # bot/plugin.py notice_kinds: an overdue request, a bad rating
TAKE = "take:"


def _card_key(message_id: int) -> str:
    return f"telegram.card:{message_id}"


def manager_name(user: User) -> str:
    return user.full_name + (f" (@{user.username})" if user.username else "")


def deal_link(settings: Settings, lead: Lead) -> str:
    if settings.amocrm.base_url and lead.crm_deal_id:
        return f"{settings.amocrm.base_url.rstrip('/')}/leads/detail/{lead.crm_deal_id}"
    base = settings.base_url()
    return f"{base.rstrip('/')}/crm"


async def _card_text(ctx: TelegramContext, lead_id: int) -> tuple[Lead, str] | None:
    async with ctx.sessions() as session:
        lead = await session.get(Lead, lead_id)
        customer = await session.get(Customer, lead.customer_id) if lead else None
        conversation = await session.get(Conversation, lead.conversation_id) if lead else None
    if lead is None or customer is None or conversation is None:
        return None
    text = ctx.texts(
        "manager_card",
        lead_id=lead_id,
        source=source_of(lead.channel, conversation.chat_id),
        customer=customer.name,
        phone=customer.phone,
        car=lead.car,
        vin=lead.vin,
        frame=lead.frame,
        parts=lead.parts,
        link=deal_link(ctx.settings, lead),
    )
    return lead, text


async def _post_card(
    ctx: TelegramContext, managers_chat_id: int, lead: Lead, text: str, progress: dict[str, Any], save: Save
) -> None:
    """The card with «Взять»; a manager's reply to it goes to the customer."""
    button = InlineKeyboardButton(text=ctx.texts("take_button"), callback_data=f"{TAKE}{lead.id}")
    sent = await ctx.say(managers_chat_id, text, reply_markup=InlineKeyboardMarkup(inline_keyboard=[[button]]))
    progress["message_id"] = sent.message_id
    await save()
    target = {"conversation_id": lead.conversation_id, "lead_id": lead.id}
    await ctx.kv.put(_card_key(sent.message_id), target)


def card_handler(ctx: TelegramContext, managers_chat_id: int) -> Handler:
    """Outbox handler for CARD_KIND: post the lead's card to the managers' chat once."""

    async def post_card(payload: dict[str, Any], progress: dict[str, Any], save: Save) -> None:
        if "message_id" in progress:
            return
        card = await _card_text(ctx, int(payload["lead_id"]))
        if card is None:
            progress["skipped"] = "no such lead"
            return
        await _post_card(ctx, managers_chat_id, *card, progress, save)

    return post_card


def notice_handler(ctx: TelegramContext, managers_chat_id: int) -> Handler:
    """Outbox handler for NOTICE_KIND: tell the managers' chat something once; with a lead and "take",
    its card follows the text with «Взять» (an overdue request posted again)."""

    async def post_notice(payload: dict[str, Any], progress: dict[str, Any], save: Save) -> None:
        if "message_id" in progress:
            return
        text = str(payload["text"])
        card = await _card_text(ctx, int(payload["lead_id"])) if payload.get("lead_id") else None
        if card is not None and payload.get("take"):
            lead, card_text = card
            await _post_card(ctx, managers_chat_id, lead, f"{text}\n\n{card_text}", progress, save)
            return
        sent = await ctx.say(managers_chat_id, text)
        progress["message_id"] = sent.message_id
        await save()

    return post_notice


def forward_handler(ctx: TelegramContext, managers_chat_id: int) -> Handler:
    """Outbox handler for FORWARD_KIND: show a customer's message to the managers, as a reply to the
    card of the deal (Telegram messages are forwarded as they are, others sent as text)."""

    async def forward(payload: dict[str, Any], progress: dict[str, Any], save: Save) -> None:
        owner = payload["owner"]
        target = {"conversation_id": payload["conversation_id"], "lead_id": payload["lead_id"]}
        if "header" not in progress:
            header = ctx.texts("customer_wrote", customer=payload.get("sender_name"), lead_id=payload["lead_id"])
            card = owner.get("card_message_id")
            reply_to = ReplyParameters(message_id=int(card), allow_sending_without_reply=True) if card else None
            sent = await ctx.say(managers_chat_id, header, reply_parameters=reply_to)
            await ctx.kv.put(_card_key(sent.message_id), target)
            progress["header"] = sent.message_id
            await save()
        if progress.get("done"):
            return
        if payload["channel"] == store.CHANNEL:
            source = int(payload["chat_id"])
            for message_id in payload.get("platform_ids") or []:
                sent = await _forward(ctx, managers_chat_id, source, int(message_id))
                await ctx.kv.put(_card_key(sent.message_id), target)
        else:
            async with ctx.sessions() as session:
                message = await session.get(Message, int(payload["message_id"]))
            text = (message.text if message else "") or ctx.texts("customer_sent_photo")
            sent = await ctx.say(managers_chat_id, text)
            await ctx.kv.put(_card_key(sent.message_id), target)
        progress["done"] = True

    return forward


async def _forward(ctx: TelegramContext, managers_chat_id: int, source_chat: int, message_id: int) -> TgMessage:
    return await ctx.sender.call(managers_chat_id, lambda: ctx.bot.forward_message(managers_chat_id, source_chat, message_id))


async def _note_on_deal(ctx: TelegramContext, lead_id: int, note: str) -> None:
    """Tell the CRM who took the deal (a note on it), through the outbox."""
    await _queue(ctx, "crm.add_note", {"lead_id": lead_id, "note": note})


async def _queue(ctx: TelegramContext, kind: str, payload: dict[str, object]) -> None:
    async with ctx.sessions() as session:
        session.add(outbox_item(kind, payload, ctx.clock.now()))
        await session.commit()
    ctx.wake_outbox.set()


def crm_users(raw: str) -> dict[int, str]:
    """TELEGRAM_MANAGER_CRM_USERS: "111:9001, 222:9002" -> {111: "9001", 222: "9002"}; junk is ignored."""
    pairs = (part.split(":", 1) for part in raw.replace(";", ",").split(",") if ":" in part)
    return {int(tg.strip()): crm.strip() for tg, crm in pairs if tg.strip().isdigit() and crm.strip().isdigit()}


def build_managers_router(ctx: TelegramContext, managers_chat_id: int) -> Router:
    router = Router(name="telegram.managers")
    router.message.filter(OnLoop(F.chat.id == managers_chat_id))
    router.callback_query.filter(OnLoop(F.message.chat.id == managers_chat_id), OnLoop(F.data.startswith(TAKE)))

    @router.callback_query()
    async def process_take(query: CallbackQuery, event_update: Update) -> None:
        if not await store.claim(ctx.sessions, event_update.update_id, ctx.clock.now()):
            return
        try:
            lead_id = int((query.data or "")[len(TAKE) :])
        except ValueError:
            await query.answer()
            return
        manager = {"user_id": query.from_user.id, "name": manager_name(query.from_user)}
        holder = await ctx.ownership.take(lead_id, manager)
        if holder is not None:
            await query.answer(ctx.texts("already_taken", manager=holder.get("name", "")), show_alert=True)
            return
        async with ctx.sessions() as session:
            lead = await session.get(Lead, lead_id)
        card = query.message
        if lead is not None and card is not None:
            await ctx.ownership.own(lead.conversation_id, lead_id, {**manager, "card_message_id": card.message_id})
            await mark_taken(ctx.sessions, lead_id, manager_name(query.from_user), "telegram", ctx.clock.now())
            await _note_on_deal(ctx, lead_id, ctx.texts("deal_taken_note", manager=manager["name"]))
            crm_user = crm_users(ctx.settings.telegram.manager_crm_users).get(query.from_user.id)
            if crm_user is not None:  # the CRM knows this manager: the deal becomes theirs there too
                await _queue(ctx, "crm.set_responsible", {"lead_id": lead_id, "user_id": crm_user})
        await query.answer(ctx.texts("taken_by_you"))
        if isinstance(card, TgMessage):
            text = f"{card.text or ''}\n\n{ctx.texts('taken_by', manager=manager['name'])}".strip()
            await ctx.sender.call(
                managers_chat_id,
                lambda: ctx.bot.edit_message_text(text=text, chat_id=managers_chat_id, message_id=card.message_id),
            )

    @router.message(OnLoop(F.reply_to_message))
    async def process_manager_reply(message: TgMessage, event_update: Update) -> None:
        assert message.reply_to_message is not None
        target = await ctx.kv.get(_card_key(message.reply_to_message.message_id))
        if target is None or not await store.claim(ctx.sessions, event_update.update_id, ctx.clock.now()):
            return
        if not message.text:
            await ctx.say(
                managers_chat_id, ctx.texts("relay_text_only"), reply_parameters=ReplyParameters(message_id=message.message_id)
            )
            return
        now = ctx.clock.now()
        async with ctx.sessions() as session:
            conversation = await session.get(Conversation, int(target["conversation_id"]))
            if conversation is None:
                return
            await queue_message(session, conversation, message.text, now)
            await session.commit()
        ctx.wake_outbox.set()
        if message.from_user is not None:
            manager = {
                "user_id": message.from_user.id,
                "name": manager_name(message.from_user),
                "card_message_id": message.reply_to_message.message_id,
            }
            await ctx.ownership.own(int(target["conversation_id"]), int(target["lead_id"]), manager, replace=False)
            await mark_first_reply(ctx.sessions, int(target["lead_id"]), manager_name(message.from_user), "telegram", now)
        await ctx.say(managers_chat_id, ctx.texts("relayed"), reply_parameters=ReplyParameters(message_id=message.message_id))

    @router.message()
    async def ignore_managers_chatter(message: TgMessage) -> None:
        """Managers talk among themselves here; the persona never answers in this chat."""

    return router
