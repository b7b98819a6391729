"""The managers' chat: a card per handed-off lead with a «Взять» button, the first press wins; a
manager's reply to the card (or to a forwarded customer message) is relayed to the customer; while
a manager has the conversation the persona stays quiet and the customer's messages come here.

kv records (bot.models.KeyValue):
    telegram.card:<message id in the managers' chat>  -> {"conversation_id", "lead_id"}
    telegram.taken:<lead id>                         -> the manager who pressed «Взять» first
    telegram.manager_active:<conversation id>        -> {"user_id", "name", "lead_id", "card_message_id"}
The manager is "on" the conversation until the lead is closed.
"""

from __future__ import annotations

import logging
from typing import Any

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters, Update, User
from aiogram.types import Message as TgMessage

from bot.channels import telegram_store as store
from bot.channels.telegram_context import TelegramContext
from bot.channels.telegram_inbox import Turn
from bot.config import Settings
from bot.effects import outbox_item
from bot.lead_delivery import SOURCES, Save
from bot.models import Conversation, Customer, Lead
from bot.outbox import Handler
from bot.sending import queue_message
from bot.service import store_inbound

log = logging.getLogger(__name__)
CARD_KIND = "telegram.manager_card"
TAKE = "take:"


def _card_key(message_id: int) -> str:
    return f"telegram.card:{message_id}"


def _active_key(conversation_id: int) -> str:
    return f"telegram.manager_active:{conversation_id}"


def manager_name(user: User) -> str:
    return user.full_name + (f" (@{user.username})" if user.username else "")


def deal_link(settings: Settings, lead: Lead) -> str:
    if settings.amocrm_base_url and lead.crm_deal_id:
        return f"{settings.amocrm_base_url.rstrip('/')}/leads/detail/{lead.crm_deal_id}"
    base = getattr(settings, "public_base_url", None) or f"http://{settings.host}:{settings.port}"
    return f"{base.rstrip('/')}/crm"


def card_handler(ctx: TelegramContext, managers_chat_id: int) -> Handler:
    """Outbox handler for CARD_KIND: post the lead's card to the managers' chat once."""

    async def post_card(payload: dict[str, Any], progress: dict[str, Any], save: Save) -> None:
        if "message_id" in progress:
            return
        async with ctx.sessions() as session:
            lead = await session.get(Lead, int(payload["lead_id"]))
            customer = await session.get(Customer, lead.customer_id) if lead else None
        if lead is None or customer is None:
            progress["skipped"] = "no such lead"
            return
        assert lead.id is not None
        text = ctx.texts(
            "manager_card", lead_id=lead.id, source=SOURCES.get(lead.channel, lead.channel), customer=customer.name,
            phone=customer.phone, car=lead.car, vin=lead.vin, frame=lead.frame, parts=lead.parts,
            link=deal_link(ctx.settings, lead),
        )
        button = InlineKeyboardButton(text=ctx.texts("take_button"), callback_data=f"{TAKE}{lead.id}")
        sent = await ctx.say(managers_chat_id, text, reply_markup=InlineKeyboardMarkup(inline_keyboard=[[button]]))
        progress["message_id"] = sent.message_id
        await save()
        target = {"conversation_id": lead.conversation_id, "lead_id": lead.id}
        await store.kv_put(ctx.sessions, _card_key(sent.message_id), target, ctx.clock.now())

    return post_card


async def manager_on(ctx: TelegramContext, conversation_id: int) -> dict[str, Any] | None:
    """The manager who has this conversation, or None (no one, or the deal is closed)."""
    active = await store.kv_get(ctx.sessions, _active_key(conversation_id))
    if active is None:
        return None
    async with ctx.sessions() as session:
        lead = await session.get(Lead, int(active["lead_id"]))
    if lead is None or lead.status == "closed":
        await store.kv_delete(ctx.sessions, _active_key(conversation_id))
        return None
    return active


async def forward_to_manager(ctx: TelegramContext, turn: Turn, active: dict[str, Any]) -> None:
    """Store the customer's turn without a persona answer and show it in the managers' chat."""
    inbound = turn.inbound
    async with ctx.core.lock(inbound.channel, inbound.chat_id):
        message_id = await store_inbound(inbound, ctx.core)
        if message_id is None:
            return
        await store.mark_processed(ctx.sessions, message_id, ctx.clock.now())
    if ctx.managers_chat_id is None:
        return
    chat = ctx.managers_chat_id
    target = {"conversation_id": active.get("conversation_id"), "lead_id": active["lead_id"]}
    header = ctx.texts("customer_wrote", customer=inbound.sender_name, lead_id=active["lead_id"])
    reply_to = ReplyParameters(message_id=int(active["card_message_id"]), allow_sending_without_reply=True)
    sent = [await ctx.say(chat, header, reply_parameters=reply_to)]
    for piece in turn.pieces:
        source = piece.message
        sent.append(await ctx.sender.call(chat, lambda: ctx.bot.forward_message(chat, source.chat.id, source.message_id)))
    for message in sent:
        await store.kv_put(ctx.sessions, _card_key(message.message_id), target, ctx.clock.now())


async def _note_on_deal(ctx: TelegramContext, lead_id: int, note: str) -> None:
    """Tell the CRM who took the deal (a note on it), through the outbox."""
    await _queue(ctx, "crm.add_note", {"lead_id": lead_id, "note": note})


async def _queue(ctx: TelegramContext, kind: str, payload: dict[str, object]) -> None:
    async with ctx.sessions() as session:
        session.add(outbox_item(kind, payload, ctx.clock.now()))
        await session.commit()
    if ctx.core.wake_outbox is not None:
        ctx.core.wake_outbox.set()


def crm_users(raw: str) -> dict[int, str]:
    """TELEGRAM_MANAGER_CRM_USERS: "111:9001, 222:9002" -> {111: "9001", 222: "9002"}; junk is ignored."""
    pairs = (part.split(":", 1) for part in raw.replace(";", ",").split(",") if ":" in part)
    return {int(tg.strip()): crm.strip() for tg, crm in pairs if tg.strip().isdigit() and crm.strip().isdigit()}


def build_managers_router(ctx: TelegramContext, managers_chat_id: int) -> Router:
    router = Router(name="telegram.managers")
    router.message.filter(F.chat.id == managers_chat_id)
    router.callback_query.filter(F.message.chat.id == managers_chat_id, F.data.startswith(TAKE))

    @router.callback_query()
    async def process_take(query: CallbackQuery, event_update: Update) -> None:
        if not await store.claim(ctx.sessions, event_update.update_id, ctx.clock.now()):
            return
        try:
            lead_id = int((query.data or "")[len(TAKE):])
        except ValueError:
            await query.answer()
            return
        now = ctx.clock.now()
        manager = {"user_id": query.from_user.id, "name": manager_name(query.from_user)}
        if not await store.kv_insert(ctx.sessions, f"telegram.taken:{lead_id}", manager, now):
            holder = await store.kv_get(ctx.sessions, f"telegram.taken:{lead_id}") or {}
            await query.answer(ctx.texts("already_taken", manager=holder.get("name", "")), show_alert=True)
            return
        async with ctx.sessions() as session:
            lead = await session.get(Lead, lead_id)
        card = query.message
        if lead is not None and card is not None:
            active = {**manager, "lead_id": lead_id, "conversation_id": lead.conversation_id,
                      "card_message_id": card.message_id}
            await store.kv_put(ctx.sessions, _active_key(lead.conversation_id), active, now)
            await _note_on_deal(ctx, lead_id, ctx.texts("deal_taken_note", manager=manager["name"]))
            crm_user = crm_users(ctx.settings.telegram_manager_crm_users).get(query.from_user.id)
            if crm_user is not None:  # the CRM knows this manager: the deal becomes theirs there too
                await _queue(ctx, "crm.set_responsible", {"lead_id": lead_id, "user_id": crm_user})
        await query.answer(ctx.texts("taken_by_you"))
        if isinstance(card, TgMessage):
            text = f"{card.text or ''}\n\n{ctx.texts('taken_by', manager=manager['name'])}".strip()
            await ctx.sender.call(
                managers_chat_id,
                lambda: ctx.bot.edit_message_text(text=text, chat_id=managers_chat_id, message_id=card.message_id),
            )

    @router.message(F.reply_to_message)
    async def process_manager_reply(message: TgMessage, event_update: Update) -> None:
        assert message.reply_to_message is not None
        target = await store.kv_get(ctx.sessions, _card_key(message.reply_to_message.message_id))
        if target is None or not await store.claim(ctx.sessions, event_update.update_id, ctx.clock.now()):
            return
        if not message.text:
            await ctx.say(managers_chat_id, ctx.texts("relay_text_only"),
                          reply_parameters=ReplyParameters(message_id=message.message_id))
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
            active = {"user_id": message.from_user.id, "name": manager_name(message.from_user),
                      "lead_id": target["lead_id"], "conversation_id": target["conversation_id"],
                      "card_message_id": message.reply_to_message.message_id}
            await store.kv_insert(ctx.sessions, _active_key(int(target["conversation_id"])), active, now)
        await ctx.say(managers_chat_id, ctx.texts("relayed"), reply_parameters=ReplyParameters(message_id=message.message_id))

    @router.message()
    async def ignore_managers_chatter(message: TgMessage) -> None:
        """Managers talk among themselves here; the persona never answers in this chat."""

    return router
