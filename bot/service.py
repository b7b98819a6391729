"""handle_inbound(): store -> understand -> step -> persist -> effects (outbox), in that order.

The inbound message is committed before anything else happens; the answer, the new state, the
outgoing messages and the outbox items are committed together. A message stored but not answered
(a crash in between) is answered by `answer_pending` at the next start.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.db import SessionFactory
from bot.dialogue.replies import Replies
from bot.dialogue.states import AppendToLead, DialogueState, Effect, HandOff, step
from bot.dialogue.understand import understand
from bot.messages import Inbound, Outbound, PhotoReader
from bot.models import Conversation, Customer, Lead, Message, OutboxItem


@dataclass
class Core:
    """What the service needs; built once by bot/bootstrap.py (tests build their own)."""

    sessions: SessionFactory
    clock: Clock
    replies: Replies
    max_understood_chars: int = 1000
    wake_outbox: asyncio.Event | None = None
    photo_reader: PhotoReader | None = None
    # outbox kinds enqueued with {"lead_id"} at every hand-off besides the CRM delivery
    # (e.g. a Telegram card for the managers' chat)
    hand_off_kinds: list[str] = field(default_factory=list)
    _locks: defaultdict[tuple[str, str], asyncio.Lock] = field(default_factory=lambda: defaultdict(asyncio.Lock))

    def lock(self, channel: str, chat_id: str) -> asyncio.Lock:
        return self._locks[(channel, chat_id)]


async def handle_inbound(inbound: Inbound, core: Core) -> list[Outbound]:
    """Store the message (once), answer it, return what to send. A duplicate returns []."""
    async with core.lock(inbound.channel, inbound.chat_id):
        message_id = await store_inbound(inbound, core)
        if message_id is None:
            return []
        return await answer(message_id, core)


async def store_inbound(inbound: Inbound, core: Core) -> int | None:
    """Commit the inbound message; None when this (channel, external_id) was stored before."""
    async with core.sessions() as session:
        if await _find_message(session, inbound.channel, inbound.external_id) is not None:
            return None
        conversation = await _conversation_for(session, inbound, core.clock)
        message = Message(
            conversation_id=conversation.id,
            channel=inbound.channel,
            external_id=inbound.external_id,
            direction="in",
            text=inbound.text,
            attachments=[{"type": "photo", "path": p.path, "file_id": p.file_id} for p in inbound.photos]
            + ([{"type": inbound.unsupported}] if inbound.unsupported else []),
            created_at=inbound.received_at,
        )
        session.add(message)
        try:
            await session.commit()
        except IntegrityError:  # the same update raced in through another worker
            await session.rollback()
            return None
        return message.id


async def answer(message_id: int, core: Core) -> list[Outbound]:
    """Run the dialogue for one stored inbound message and commit everything it caused at once."""
    async with core.sessions() as session:
        message = await session.get(Message, message_id)
        if message is None or message.processed_at is not None:
            return []
        conversation = (
            await session.exec(
                select(Conversation).where(Conversation.id == message.conversation_id).with_for_update()
            )
        ).one()
        now = core.clock.now()
        photos = sum(1 for a in message.attachments if a.get("type") == "photo")
        unsupported = next((a["type"] for a in message.attachments if a.get("type") != "photo"), None)
        result = step(
            DialogueState.from_dict(conversation.state),
            understand(message.text, max_chars=core.max_understood_chars),
            photos=photos,
            unsupported=unsupported,
        )
        text = core.replies.render(result.says, seed=f"{conversation.channel}:{conversation.chat_id}")
        outgoing: list[Message] = []
        if text:
            outgoing.append(
                Message(
                    conversation_id=conversation.id,
                    channel=conversation.channel,
                    direction="out",
                    text=text,
                    created_at=now,
                )
            )
        state = result.state
        for effect in result.effects:
            state.lead_id = await _apply_effect(session, effect, conversation, state, now, core.hand_off_kinds)
        conversation.state = state.to_dict()
        conversation.stage = state.stage.value
        conversation.updated_at = now
        message.processed_at = now
        session.add_all([conversation, message, *outgoing])
        await session.commit()
        channel, chat_id = conversation.channel, conversation.chat_id
    if result.effects and core.wake_outbox is not None:
        core.wake_outbox.set()
    return [Outbound(channel=channel, chat_id=chat_id, text=m.text, message_id=m.id) for m in outgoing]


async def answer_pending(core: Core) -> list[Outbound]:
    """Answer inbound messages stored but never answered (the process died in between)."""
    async with core.sessions() as session:
        pending = (
            await session.exec(
                select(Message.id)
                .where(Message.direction == "in", col(Message.processed_at).is_(None))
                .order_by(col(Message.id))
            )
        ).all()
    sent: list[Outbound] = []
    for message_id in pending:
        assert message_id is not None
        sent.extend(await answer(message_id, core))
    return sent


async def _apply_effect(
    session: AsyncSession,
    effect: Effect,
    conversation: Conversation,
    state: DialogueState,
    now: datetime,
    hand_off_kinds: list[str],
) -> int | None:
    if isinstance(effect, HandOff):
        draft = effect.draft
        lead = Lead(
            conversation_id=conversation.id,  # type: ignore[arg-type]
            customer_id=conversation.customer_id,
            channel=conversation.channel,
            vin=draft.vin,
            frame=draft.frame,
            car=draft.car_text,
            parts=list(draft.parts),
            created_at=now,
        )
        session.add(lead)
        await session.flush()
        for kind in ("crm.deliver_lead", *hand_off_kinds):
            session.add(_outbox(kind, {"lead_id": lead.id}, now))
        return lead.id
    if isinstance(effect, AppendToLead) and state.lead_id is not None:
        lead = await session.get(Lead, state.lead_id)
        if lead is not None:
            lead.parts = list(state.draft.parts)
            lead.vin, lead.frame, lead.car = state.draft.vin, state.draft.frame, state.draft.car_text
            session.add(lead)
        session.add(_outbox("crm.add_note", {"lead_id": state.lead_id, "text": effect.text}, now))
    return state.lead_id


def _outbox(kind: str, payload: dict[str, object], now: datetime) -> OutboxItem:
    return OutboxItem(kind=kind, payload=payload, next_attempt_at=now, created_at=now)


async def _find_message(session: AsyncSession, channel: str, external_id: str) -> Message | None:
    query = select(Message).where(Message.channel == channel, Message.external_id == external_id)
    return (await session.exec(query)).first()


async def _conversation_for(session: AsyncSession, inbound: Inbound, clock: Clock) -> Conversation:
    query = select(Conversation).where(Conversation.channel == inbound.channel, Conversation.chat_id == inbound.chat_id)
    conversation = (await session.exec(query)).first()
    if conversation is not None:
        return conversation
    now = clock.now()
    customer = Customer(name=inbound.sender_name, phone=inbound.sender_phone, created_at=now)
    session.add(customer)
    await session.flush()
    assert customer.id is not None
    conversation = Conversation(
        customer_id=customer.id, channel=inbound.channel, chat_id=inbound.chat_id, created_at=now, updated_at=now
    )
    session.add(conversation)
    await session.flush()
    return conversation
