"""handle_inbound(): store -> understand -> step -> persist -> effects (outbox), in that order.

The inbound message is committed before anything else happens; the answer, the new state, the
outgoing messages and the outbox items are committed together. A message stored but not answered
(a crash in between) is answered by `answer_pending` at the next start.
"""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import effects
from bot.brain_turn import BrainTurn, ContextLimits, load_context
from bot.clock import Clock
from bot.db import SessionFactory
from bot.dialogue.llm import Brain
from bot.dialogue.replies import Replies
from bot.dialogue.state import DialogueState, TurnContext
from bot.dialogue.states import step
from bot.dialogue.understand import understand
from bot.messages import PHOTO_CONFIDENT, Inbound, Outbound, PhotoReader, PhotoReading
from bot.models import Conversation, Customer, Message
from retention import offers
from retention.offers import OfferPolicy

NO_READER = PhotoReading(error="no_reader")


@dataclass
class Core:
    """What the service needs; built once by bot/bootstrap.py (tests build their own)."""

    sessions: SessionFactory
    clock: Clock
    replies: Replies
    max_understood_chars: int = 1000
    wake_outbox: asyncio.Event | None = None
    photo_reader: PhotoReader | None = None
    photo_confident: float = PHOTO_CONFIDENT
    offer_policy: OfferPolicy = field(default_factory=OfferPolicy)
    # outbox kinds enqueued with {"lead_id"} at every hand-off besides the CRM delivery
    # (e.g. a Telegram card for the managers' chat)
    hand_off_kinds: list[str] = field(default_factory=list)
    # the LLM brain (bot/llm/, LLM_PROVIDER); None: the offline brain alone
    brain: Brain | None = None
    brain_limits: ContextLimits = field(default_factory=ContextLimits)
    brain_paths: Counter[str] = field(default_factory=Counter)  # how often each path was taken
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
        attachments = list(message.attachments)
    readings = await _read_photos(attachments, core)
    async with core.sessions() as session:
        message = await session.get(Message, message_id)
        if message is None or message.processed_at is not None:
            return []
        conversation = (
            await session.exec(
                select(Conversation).where(Conversation.id == message.conversation_id).with_for_update()
            )
        ).one()
        customer = await session.get(Customer, conversation.customer_id)
        assert customer is not None
        now = core.clock.now()
        state = DialogueState.from_dict(conversation.state)
        unsupported = next((a["type"] for a in attachments if a.get("type") != "photo"), None)
        context = await _turn_context(session, core, customer, now, readings, unsupported)
        understanding = understand(message.text, max_chars=core.max_understood_chars)
        turn = None
        if core.brain is not None:  # the model is asked before anything is written in this transaction
            assert conversation.id is not None
            view = await load_context(session, conversation.id, message_id, state, core.brain_limits)
            turn = BrainTurn(core.brain, core.brain_paths, view, message.text)
            understanding = await turn.understand(state, understanding, context.today)
        result = step(state, understanding, context)
        text = core.replies.render(result.says, seed=f"{conversation.channel}:{conversation.chat_id}")
        if turn is not None:
            text = await turn.phrase(text, result)
        outgoing = [
            Message(conversation_id=conversation.id, channel=conversation.channel, direction="out", text=text, created_at=now)
        ] if text else []
        effect_context = effects.EffectContext(session, conversation, customer, now, core.hand_off_kinds, core.offer_policy)
        await effects.mark_replied(result.state, effect_context)
        effects.settle_snooze(state, result.state, effect_context)
        await effects.apply(result.effects, result.state, effect_context)
        conversation.state = result.state.to_dict()
        conversation.stage = result.state.stage.value
        conversation.updated_at = now
        message.processed_at = now
        session.add_all([conversation, message, *outgoing])
        if turn is not None:
            assert conversation.id is not None
            session.add_all(turn.rows(conversation.id, now))
        await session.commit()
        channel, chat_id = conversation.channel, conversation.chat_id
    if result.effects and core.wake_outbox is not None:
        core.wake_outbox.set()
    return [Outbound(channel=channel, chat_id=chat_id, text=m.text, message_id=m.id) for m in outgoing]


async def _read_photos(attachments: list[dict[str, Any]], core: Core) -> tuple[PhotoReading, ...]:
    paths = [a["path"] for a in attachments if a.get("type") == "photo"]
    if core.photo_reader is None:
        return tuple(NO_READER for _ in paths)
    return tuple([await core.photo_reader.read(path) for path in paths])


async def _turn_context(
    session: AsyncSession,
    core: Core,
    customer: Customer,
    now: datetime,
    readings: tuple[PhotoReading, ...],
    unsupported: str | None,
) -> TurnContext:
    assert customer.id is not None
    zone = customer.timezone
    latest = await offers.latest_offer(session, customer.id)
    return TurnContext(
        today=effects.customer_today(now, zone),
        bonus_points=customer.bonus_points,
        offer_percent_allowed=await offers.allowed_percent(session, customer, core.offer_policy, now),
        new_offer_expires=offers.expiry_text(now + timedelta(hours=core.offer_policy.valid_hours), zone),
        current_offer=offers.facts(latest, now, zone) if latest else None,
        photos=readings,
        photo_confident=core.photo_confident,
        unsupported=unsupported,
    )


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
