"""Messages the bot sends on its own (campaign openers, follow-ups, manager relays) go through the
outbox: stored with the conversation, then delivered by the channel's sender with retries."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy import update
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.outbox import Handler
from bot.clock import Clock
from bot.messages import Outbound
from bot.ports import ChannelSender, RecipientUnreachable
from bot.store import direct
from bot.store.batch import Batched
from bot.store.engine import SessionFactory, engine_of
from bot.store.models import Conversation, Customer, Message, OutboxItem, new_row

log = logging.getLogger(__name__)
SEND = "channel.send"
# How long a reply's delivery item waits for the straight send to settle it before the outbox
# worker sends it instead (after a crash between the commit and the send).
REPLY_SEND_LEASE = timedelta(seconds=60)


async def queue_message(
    session: AsyncSession,
    conversation: Conversation,
    text: str,
    now: datetime,
    *,
    send_at: datetime | None = None,
    meta: dict[str, str] | None = None,
) -> Message:
    """Store an outgoing message and its delivery in the caller's transaction (the caller commits).
    `send_at` staggers bulk sends to the rate a channel allows; `meta` goes to the sender with it
    (Outbound.meta: answer buttons)."""
    message = Message(
        conversation_id=conversation.id,  # type: ignore[arg-type]
        channel=conversation.channel,
        direction="out",
        text=text,
        created_at=now,
    )
    session.add(message)
    await session.flush()
    session.add(delivery_item(message, send_at or now, meta))
    return message


def delivery_item(message: Message, send_at: datetime, meta: dict[str, str] | None = None) -> OutboxItem:
    """The outbox item that sends a stored outgoing message (at `send_at` at the earliest)."""
    payload: dict[str, Any] = {"message_id": message.id, **({"meta": meta} if meta else {})}
    return new_row(OutboxItem, kind=SEND, payload=payload, next_attempt_at=send_at, created_at=message.created_at)


def split_text(text: str, limit: int) -> list[str]:
    """A long reply in pieces a messenger accepts (`limit` characters each), cut at a paragraph, a line
    or a space where one is near the limit, so no word is broken."""
    pieces: list[str] = []
    while len(text) > limit:
        # the strongest break in the second half of the piece: a paragraph, else a line, else a space
        cut = next((at for mark in ("\n\n", "\n", " ") if (at := text.rfind(mark, 0, limit)) > limit // 2), limit)
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return [*pieces, text] if text or not pieces else pieces


async def deliver_reply(
    sender: ChannelSender,
    outbound: Outbound,
    sessions: SessionFactory,
    now: datetime,
    wake_outbox: asyncio.Event,
    settlements: Settlements,
) -> None:
    """Send a persona reply now and settle its delivery item (committed with the reply, held back for
    the reply lease); when the platform fails, the item is due at once and the outbox keeps trying.
    RecipientUnreachable is the caller's to handle (each platform marks the customer its own way).
    `settlements`: the channel's, so that replies sent together are settled together."""
    try:
        await sender.send(outbound)
    except RecipientUnreachable as exc:
        await settlements.settle(outbound, now, {"unreachable": str(exc)})
        raise
    except Exception as exc:
        log.warning("%s reply (message %s) not sent now (%s); queued for retry", outbound.channel, outbound.message_id, exc)
        await _retry_in_outbox(sessions, outbound, now)
        wake_outbox.set()
        return
    await settlements.settle(outbound, now, {"sent": True})


_outbox: sa.Table = OutboxItem.__table__  # type: ignore[attr-defined]
_SETTLE = (
    sa.update(_outbox)
    .where(_outbox.c.id == sa.bindparam("b_id"), _outbox.c.status == "pending")
    .values(
        status="done",
        done_at=sa.bindparam("b_done_at", type_=_outbox.c.done_at.type),
        progress=sa.bindparam("b_progress", type_=_outbox.c.progress.type),
    )
)


class Settlements:
    """Marks replies' delivery items done once they went out (or cannot): the replies sent at about
    the same time are settled in one transaction (bot/store/batch.py), in Core (on SQLite straight on
    its driver, bot/store/direct.py: SQLAlchemy's pipeline around the statement cost more than it)."""

    def __init__(self, sessions: SessionFactory) -> None:
        self._engine = engine_of(sessions)
        self._batched = Batched(self._settle_all)

    async def settle(self, outbound: Outbound, now: datetime, progress: dict[str, Any]) -> None:
        if outbound.delivery_id is not None:
            await self._batched({"b_id": outbound.delivery_id, "b_done_at": now, "b_progress": progress})

    async def _settle_all(self, rows: list[dict[str, Any]]) -> list[None]:
        await direct.execute_committed(self._engine, _SETTLE, rows)
        return [None for _ in rows]


async def send_through_outbox(sessions: SessionFactory, outbounds: list[Outbound], now: datetime) -> None:
    """Replies nobody will send straight away (answered at start for messages the last run left
    unanswered): their delivery items become due now."""
    for outbound in outbounds:
        if outbound.delivery_id is not None:
            await _retry_in_outbox(sessions, outbound, now)


async def _retry_in_outbox(sessions: SessionFactory, outbound: Outbound, now: datetime) -> None:
    async with sessions() as session:
        if outbound.delivery_id is not None:
            await session.exec(
                update(OutboxItem)
                .where(col(OutboxItem.id) == outbound.delivery_id, col(OutboxItem.status) == "pending")
                .values(next_attempt_at=now)
            )
        elif outbound.message_id is not None:
            session.add(OutboxItem(kind=SEND, payload={"message_id": outbound.message_id}, next_attempt_at=now, created_at=now))
        await session.commit()


def reply_deliverer(
    sender: ChannelSender, sessions: SessionFactory, clock: Clock, wake_outbox: asyncio.Event
) -> Callable[[Outbound], Awaitable[None]]:
    """`deliver_reply` for a channel's persona replies; an unreachable customer is logged and left."""
    settlements = Settlements(sessions)

    async def deliver(outbound: Outbound) -> None:
        try:
            await deliver_reply(sender, outbound, sessions, clock.now(), wake_outbox, settlements)
        except RecipientUnreachable:
            log.warning("%s customer cannot be reached (message %s)", outbound.channel, outbound.message_id)  # chat id: a phone

    return deliver


class StoredOnly:
    """The web chat's sender: the message is already stored, and the page fetches it."""

    async def send(self, outbound: Outbound) -> None:
        return None


def send_handlers(sessions: SessionFactory, senders: dict[str, ChannelSender]) -> dict[str, Handler]:
    async def send(payload: dict[str, Any], progress: dict[str, Any], save: Callable[[], Awaitable[None]]) -> None:
        async with sessions() as session:
            message = await session.get(Message, int(payload["message_id"]))
            conversation = await session.get(Conversation, message.conversation_id) if message else None
        if message is None or conversation is None or progress.get("sent"):
            return
        sender = senders.get(conversation.channel)
        if sender is None:
            log.warning("no sender for channel %s; message %s kept unsent", conversation.channel, message.id)
            progress["skipped"] = "no sender for this channel"
            return
        meta = {str(k): str(v) for k, v in (payload.get("meta") or {}).items()}
        outbound = Outbound(conversation.channel, conversation.chat_id, message.text, message_id=message.id, meta=meta)
        try:
            await sender.send(outbound)
        except RecipientUnreachable as exc:
            await _mark_unreachable(sessions, conversation)
            progress["unreachable"] = str(exc)
            return
        progress["sent"] = True
        await save()  # at once: a crash now must not send it again

    return {SEND: send}


async def _mark_unreachable(sessions: SessionFactory, conversation: Conversation) -> None:
    async with sessions() as session:
        customer = await session.get(Customer, conversation.customer_id)
        if customer is None:
            return
        if conversation.channel == "telegram":
            customer.telegram_unreachable = True
        elif conversation.channel == "whatsapp":
            customer.whatsapp_unreachable = True
        session.add(customer)
        await session.commit()
