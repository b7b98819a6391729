"""The start of a dialog, deep links and «Поделиться номером»: who this MAX chat belongs to.

`bot_started` (the customer pressed «Начать», maybe through a link) records messaging consent with
the wording shown (prompts/max.toml `consent`), so retention may write first later; its payload, a
token from `python main.py max link`, attaches the chat to a customer the shop already knows. A
contact shared with the request_contact button finds an imported customer by phone. `bot_stopped`
marks the chat blocked (no campaign writes to it); starting again unblocks it.

These updates never reach the core, so they are claimed here (a re-delivered one is dropped).
"""

from __future__ import annotations

import logging

from maxapi.enums.attachment import AttachmentType
from maxapi.types import BotStarted, BotStopped, MessageCreated
from maxapi.types.attachments import AttachmentButton, ButtonsPayload, Contact, RequestContactButton
from maxapi.types.attachments.attachment import ContactAttachmentPayload

from bot.app.chat_links import customer_by_token
from bot.app.customers import normalize_phone, set_consent, take_shared_phone
from bot.channels.max import store
from bot.channels.max.context import MaxContext
from bot.messages import clean_text

log = logging.getLogger(__name__)


def shared_contact(event: MessageCreated) -> ContactAttachmentPayload | None:
    """The contact in a message, when it is one (what the request_contact button sends)."""
    body = event.message.body
    for attachment in (body.attachments or []) if body else []:
        if isinstance(attachment, Contact) and isinstance(attachment.payload, ContactAttachmentPayload):
            return attachment.payload
    return None


async def process_started(ctx: MaxContext, event: BotStarted) -> None:
    now, chat_id = ctx.clock.now(), str(event.chat_id)
    if not await store.claim(ctx.sessions, f"started:{chat_id}:{event.timestamp}", now):
        return
    payload = clean_text(event.payload or "").strip()
    consent = ctx.texts("consent")
    async with ctx.sessions() as session:
        known = await customer_by_token(session, store.CHANNEL, payload, chat_id) if payload else None
        if known is not None:
            await store.link_chat(session, known, chat_id, now)
        customer = known or await store.customer_for_chat(session, chat_id, event.user.full_name, now)
        await set_consent(session, customer, "messaging", True, now, source="max_start", text=consent)
        await session.commit()
    await store.set_blocked(ctx.sessions, chat_id, False, now)
    if known is not None:
        first = ctx.texts("linked", name=customer.name)
    elif payload:
        first = ctx.texts("link_expired")
    else:
        first = ctx.texts("start_greeting")
    if customer.phone:
        await ctx.sender.say(chat_id, f"{first}\n\n{consent}")
        return
    button = RequestContactButton(text=ctx.texts("share_phone_button"))
    keyboard = AttachmentButton(type=AttachmentType.INLINE_KEYBOARD, payload=ButtonsPayload(buttons=[[button]]), bot=None)
    await ctx.sender.say(chat_id, f"{first}\n\n{consent}\n\n{ctx.texts('share_phone_ask')}", [keyboard])


async def process_stopped(ctx: MaxContext, event: BotStopped) -> None:
    """The customer stopped the bot: MAX will not deliver to this chat, so nobody writes to it first."""
    await store.set_blocked(ctx.sessions, str(event.chat_id), True, ctx.clock.now())


async def process_contact(ctx: MaxContext, event: MessageCreated, contact: ContactAttachmentPayload) -> None:
    message, now = event.message, ctx.clock.now()
    body, sender, chat_id = message.body, message.sender, message.recipient.chat_id
    if body is None or sender is None or chat_id is None or not await store.claim(ctx.sessions, f"contact:{body.mid}", now):
        return
    chat = str(chat_id)
    owner = contact.max_info.user_id if contact.max_info else None
    phone = normalize_phone(contact.vcf.phone) if owner == sender.user_id else None
    if phone is None:
        await ctx.sender.say(chat, ctx.texts("phone_not_yours"))
        return
    async with ctx.sessions() as session:
        current = await store.customer_for_chat(session, chat, sender.full_name, now)
        known = await take_shared_phone(
            session, current, phone, now, source="max_start", link=lambda c: store.link_chat(session, c, chat, now)
        )
        key, name = ("phone_linked", known.name) if known is not None else ("phone_saved", current.name)
        await session.commit()
    await ctx.sender.say(chat, ctx.texts(key, name=name))
