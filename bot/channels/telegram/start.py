"""/start, deep links and «Поделиться номером»: who this Telegram chat belongs to.

/start records messaging consent with the wording shown (prompts/telegram.toml `consent`), so
retention may write first later. `/start <token>` (a link from `python main.py telegram link`)
and a shared phone number matched to an imported customer attach the chat to a customer the shop
already knows: customers.telegram_chat_id is what gives retention its reach.
"""

from __future__ import annotations

from datetime import datetime

from aiogram import F, Router
from aiogram.filters import CommandObject, CommandStart
from aiogram.types import KeyboardButton, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update
from aiogram.types import Message as TgMessage
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.chat_links import attach_conversation, customer_by_token, customer_of_chat, new_customer
from bot.app.customers import normalize_phone, set_consent, take_shared_phone
from bot.channels.telegram import store
from bot.channels.telegram.context import TelegramContext
from bot.channels.telegram.filters import OnLoop
from bot.store.models import Customer


async def link_chat(session: AsyncSession, customer: Customer, chat_id: str, now: datetime) -> None:
    """Make this chat the customer's Telegram chat and its conversation the customer's (caller commits)."""
    others = select(Customer).where(Customer.telegram_chat_id == chat_id, col(Customer.id) != customer.id)
    for other in (await session.exec(others)).all():
        other.telegram_chat_id = None
        session.add(other)
    customer.telegram_chat_id, customer.telegram_unreachable = chat_id, False
    session.add(customer)
    await attach_conversation(session, customer, store.CHANNEL, chat_id, now)


async def customer_for_chat(session: AsyncSession, chat_id: str, name: str | None, now: datetime) -> Customer:
    customer = await customer_of_chat(session, store.CHANNEL, chat_id)
    if customer is None:
        customer = (await session.exec(select(Customer).where(Customer.telegram_chat_id == chat_id))).first()
    if customer is None:
        customer = await new_customer(session, name, now)
    await link_chat(session, customer, chat_id, now)
    return customer


def build_start_router(ctx: TelegramContext) -> Router:
    router = Router(name="telegram.start")
    router.message.filter(OnLoop(F.chat.type == "private"))

    def share_phone_keyboard() -> ReplyKeyboardMarkup:
        button = KeyboardButton(text=ctx.texts("share_phone_button"), request_contact=True)
        return ReplyKeyboardMarkup(keyboard=[[button]], resize_keyboard=True, one_time_keyboard=True)

    @router.message(CommandStart())
    async def process_start(message: TgMessage, command: CommandObject, event_update: Update) -> None:
        now = ctx.clock.now()
        if not await store.claim(ctx.sessions, event_update.update_id, now):
            return
        chat_id = str(message.chat.id)
        name = message.from_user.full_name if message.from_user else None
        consent = ctx.texts("consent")
        async with ctx.sessions() as session:
            known = await customer_by_token(session, store.CHANNEL, command.args, chat_id) if command.args else None
            if known is not None:
                await link_chat(session, known, chat_id, now)
            customer = known or await customer_for_chat(session, chat_id, name, now)
            await set_consent(session, customer, "messaging", True, now, source="telegram_start", text=consent)
            await session.commit()
        if known is not None:
            first = ctx.texts("linked", name=customer.name)
        elif command.args:
            first = ctx.texts("link_expired")
        else:
            first = ctx.texts("start_greeting")
        if customer.phone:
            await ctx.say(chat_id, f"{first}\n\n{consent}")
        else:
            text = f"{first}\n\n{consent}\n\n{ctx.texts('share_phone_ask')}"
            await ctx.say(chat_id, text, reply_markup=share_phone_keyboard())

    @router.message(OnLoop(F.contact))
    async def process_contact(message: TgMessage, event_update: Update) -> None:
        now = ctx.clock.now()
        if not await store.claim(ctx.sessions, event_update.update_id, now):
            return
        chat_id = str(message.chat.id)
        contact = message.contact
        if contact is None or message.from_user is None or contact.user_id != message.from_user.id:
            await ctx.say(chat_id, ctx.texts("phone_not_yours"))
            return
        phone = normalize_phone(contact.phone_number)
        async with ctx.sessions() as session:
            current = await customer_for_chat(session, chat_id, message.from_user.full_name, now)
            known = None
            if phone:
                known = await take_shared_phone(
                    session, current, phone, now, source="telegram_start", link=lambda c: link_chat(session, c, chat_id, now)
                )
            key, name = ("phone_linked", known.name) if known is not None else ("phone_saved", current.name)
            await session.commit()
        await ctx.say(chat_id, ctx.texts(key, name=name), reply_markup=ReplyKeyboardRemove())

    return router
