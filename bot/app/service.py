"""handle_inbound(): store -> understand -> step -> persist -> effects (outbox), in that order.

One turn of a chat at a time (`ChatLocks`); a duplicate (same channel and external id) is dropped;
while a manager owns the conversation the persona stays quiet and the message goes to the managers
through the outbox kinds the channels registered for it (`forward_kinds`).

The inbound message is committed before anything else happens; the answer, the new state, the
outgoing messages and the outbox items are committed together (one unit of work). A message stored
but not answered (a crash in between) is answered by `answer_pending` at the next start.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.app import effects, sending
from bot.app.brain_turn import BrainTurn, ContextLimits, load_context, usage_row
from bot.app.customers import normalize_phone, spoken_phone
from bot.app.llm_budget import LlmBudget
from bot.app.locks import ChatLocks
from bot.app.ownership import owner_of
from bot.app.uow import Duplicate, Rows, UnitOfWork, UnitOfWorkFactory
from bot.clock import Clock
from bot.dialogue.humans import asks_for_a_call
from bot.dialogue.llm import Brain
from bot.dialogue.machine import step
from bot.dialogue.replies import Replies
from bot.dialogue.state import DialogueState, KnownCar, TurnContext, context_of
from bot.dialogue.understand import understand
from bot.faults import crash_point
from bot.messages import PHOTO_CONFIDENT, Inbound, Outbound, PhotoReading
from bot.ports import PhotoReader
from bot.store.batch import Batched
from bot.store.models import Conversation, Customer, LlmUsage, Message, new_row
from bot.working_hours import WorkingHours, back_at, describe
from catalogs.names import find_name
from catalogs.part_numbers import corrects_phone, find_phone
from retention import offers
from retention.offers import OfferPolicy

NO_READER = PhotoReading(error="no_reader")
Stored = tuple[int, int] | None | Exception  # (message id, conversation id), None: stored before; or what failed
Answered = list[Outbound] | Exception  # a turn's replies, or what failed


@dataclass
class Core:
    """What the service needs; built once by bot/bootstrap.py (tests build their own)."""

    uow: UnitOfWorkFactory
    clock: Clock
    replies: Replies
    max_understood_chars: int = 1000
    working_hours: WorkingHours | None = None  # the managers': told to a customer who asks, and at a late hand-off
    wake_outbox: asyncio.Event | None = None
    photo_reader: PhotoReader | None = None
    photo_confident: float = PHOTO_CONFIDENT
    offer_policy: OfferPolicy = field(default_factory=OfferPolicy)
    # outbox kinds enqueued with {"lead_id"} at every hand-off besides the CRM delivery
    # (e.g. a Telegram card for the managers' chat)
    hand_off_kinds: tuple[str, ...] = ()
    # outbox kinds enqueued for a customer's message while a manager owns the conversation
    forward_kinds: tuple[str, ...] = ()
    # the LLM brain (bot/llm/, LLM_PROVIDER); None: the offline brain alone
    brain: Brain | None = None
    brain_limits: ContextLimits = field(default_factory=ContextLimits)
    brain_paths: Counter[str] = field(default_factory=Counter)  # how often each path was taken
    locks: ChatLocks = field(default_factory=ChatLocks)
    llm_budget: LlmBudget | None = None  # past the day's budget the offline brain answers
    # channels whose replies a sender delivers (the rest — web chat, replay — are read from the store)
    sent_by_sender: frozenset[str] = frozenset()
    reply_lease: timedelta = sending.REPLY_SEND_LEASE  # how long the outbox leaves a reply to the straight send
    # the turns of chats answered at the same moment share one transaction (SQLite: one writer at a
    # time anyway); off where row locks let turns commit side by side (PostgreSQL, several workers)
    answer_together: bool = False
    stored: Batched[Inbound, Stored] = field(init=False, repr=False)  # inbound messages in, together
    answered: Batched[tuple[int, int], Answered] = field(init=False, repr=False)  # (message, conversation) turns, together

    def __post_init__(self) -> None:
        self.stored = Batched(lambda inbounds: _store_all(inbounds, self))
        self.answered = Batched(lambda turns: _answer_all(turns, self))


async def handle_inbound(inbound: Inbound, core: Core) -> list[Outbound]:
    """Store the message (once), answer it, return what to send. A duplicate returns [], and so
    does a message to a conversation a manager owns (it goes to the manager instead)."""
    async with core.locks.hold((inbound.channel, inbound.chat_id)):
        stored = await _store(inbound, core)
        if stored is None:
            return []
        message_id, conversation_id = stored
        if not core.answer_together:
            return await answer(message_id, core, conversation_id=conversation_id)  # nothing for one passed to a manager
        answered = await core.answered((message_id, conversation_id))
        if isinstance(answered, Exception):
            raise answered
        return answered


async def store_inbound(inbound: Inbound, core: Core) -> int | None:
    """Commit the inbound message; None when this (channel, external_id) was stored before. While a
    manager owns the conversation it is committed as processed, with the forward kinds queued, in the
    same transaction: the persona never answers it, not even after a crash."""
    stored = await _store(inbound, core)
    return None if stored is None else stored[0]


async def _store(inbound: Inbound, core: Core) -> tuple[int, int] | None:
    """(message id, conversation id) of the newly stored message; None for one stored before."""
    stored = await core.stored(inbound)
    if isinstance(stored, Exception):
        raise stored
    return stored


async def _store_all(inbounds: list[Inbound], core: Core) -> list[Stored]:
    """The messages that arrive together (many chats at once) are stored in one transaction — group
    commit, bot/store/batch.py; when that fails (one was stored before, a conversation was opened
    meanwhile, a bad value) each is stored alone, and only its own failure is its caller's."""
    if len(inbounds) > 1:
        try:
            async with core.uow() as uow:
                messages = [await _store_in(uow, inbound, core) for inbound in inbounds]
                await uow.commit()
        except Exception:  # rolled back whole: each alone now, to its own outcome
            pass
        else:
            return [_stored(message, forwarded, core) for message, forwarded in messages]
    return [await _store_alone_or_failure(inbound, core) for inbound in inbounds]


async def _store_alone_or_failure(inbound: Inbound, core: Core) -> Stored:
    try:
        return await _store_alone(inbound, core)
    except Exception as exc:  # its caller's alone
        return exc


async def _store_alone(inbound: Inbound, core: Core) -> tuple[int, int] | None:
    """A message stored before is caught by the unique (channel, external_id) at the insert, not
    looked up first: duplicates are rare."""
    for _ in range(3):  # a new chat's first messages may race to open its conversation (several workers)
        try:
            async with core.uow() as uow:
                message, forwarded = await _store_in(uow, inbound, core)
                await uow.commit()
        except Duplicate:
            async with core.uow() as uow:
                if await uow.message_by_external_id(inbound.channel, inbound.external_id) is not None:
                    return None  # stored before, or the same update raced in through another worker
            continue  # it was the conversation: it exists now
        return _stored(message, forwarded, core)
    raise RuntimeError(f"{inbound.channel} message {inbound.external_id} not stored: its conversation keeps clashing")


def _stored(message: Message, forwarded: bool, core: Core) -> tuple[int, int]:
    """After the commit: the outbox woken for a message passed to a manager."""
    crash_point("turn.stored")
    if forwarded and core.wake_outbox is not None:
        core.wake_outbox.set()
    assert message.id is not None
    return message.id, message.conversation_id


async def _store_in(uow: UnitOfWork, inbound: Inbound, core: Core) -> tuple[Message, bool]:
    """The inbound message written in `uow` (the caller commits), passed to the manager who owns the
    conversation if one does: (the message, whether it was passed)."""
    conversation_id = await _conversation_for(uow, inbound, core.clock)
    owner = await owner_of(uow, conversation_id)
    now = core.clock.now()
    message = new_row(
        Message,
        conversation_id=conversation_id,
        channel=inbound.channel,
        external_id=inbound.external_id,
        direction="in",
        text=inbound.text,
        attachments=[{"type": "photo", "path": p.path, "file_id": p.file_id} for p in inbound.photos]
        + ([{"type": inbound.unsupported}] if inbound.unsupported else []),
        created_at=inbound.received_at,
        processed_at=None if owner is None else now,  # a manager's: the persona never answers it
    )
    await uow.insert(message)
    forwarded = owner is not None and _pass_to_manager(uow, message, inbound, owner, now, core)
    return message, forwarded


def _pass_to_manager(uow: Rows, message: Message, inbound: Inbound, owner: dict[str, Any], now: datetime, core: Core) -> bool:
    """While a manager owns the conversation: no persona answer; the forward kinds take the message."""
    payload = {
        "message_id": message.id,
        "conversation_id": message.conversation_id,
        "lead_id": owner["lead_id"],
        "channel": inbound.channel,
        "chat_id": inbound.chat_id,
        "platform_ids": list(inbound.platform_ids),
        "sender_name": inbound.sender_name,
        "owner": owner,
    }
    for kind in core.forward_kinds:
        uow.add(effects.outbox_item(kind, payload, now))
    return bool(core.forward_kinds)


async def answer(message_id: int, core: Core, *, conversation_id: int | None = None) -> list[Outbound]:
    """Run the dialogue for a stored inbound message and commit everything it caused at once. The
    conversation's earlier messages not answered yet are part of the same turn (a webhook channel
    stores quick messages and album photos one by one, then answers the last): one reply to all.

    The conversation's row is locked first (PostgreSQL: one turn per chat at a time across
    processes), then the messages are read, so a turn another worker just answered is not answered
    again. Photos are read outside any transaction: the turn is loaded again after them.
    `conversation_id`: the message's, when the caller knows it (one read less)."""
    async with core.uow() as uow:
        turn = await _load_turn(uow, message_id, conversation_id)
        if turn is None:
            return []
        paths = _photo_paths(turn)
        if not paths:
            return await _take_turn(uow, turn, (), core)
    readings = await _read_photos(paths, core)
    async with core.uow() as uow:
        turn = await _load_turn(uow, message_id, turn.conversation.id)
        return [] if turn is None else await _take_turn(uow, turn, readings, core)


async def _answer_all(turns: list[tuple[int, int]], core: Core) -> list[Answered]:
    """The turns of chats answered at the same moment, in one transaction (group commit, as
    `_store_all`): each turn's rows are written as its own transaction would write them, then all
    commit at once. When anything fails the whole is rolled back and each turn is answered alone, so
    only its own failure is its caller's. A turn with photos (read outside any transaction) or with
    the model (asked once per turn) is answered alone."""
    if len(turns) > 1 and core.brain is None:
        together = await _answer_together(turns, core)
        if together is not None:
            return together
    return [await _answer_alone_or_failure(message_id, conversation_id, core) for message_id, conversation_id in turns]


async def _answer_together(turns: list[tuple[int, int]], core: Core) -> list[Answered] | None:
    """None when the shared transaction failed (nothing of it was kept)."""
    answered: list[list[Outbound] | None] = []  # None: to be answered alone (photos)
    effects_queued = False
    try:
        async with core.uow() as uow:
            await uow.read_ahead([conversation_id for _, conversation_id in turns], GARAGE_LOOKBACK)
            for message_id, conversation_id in turns:
                turn = await _load_turn(uow, message_id, conversation_id)
                if turn is not None and _photo_paths(turn):
                    answered.append(None)
                    continue
                outbound, queued = ([], False) if turn is None else await _write_turn(uow, turn, (), core)
                answered.append(outbound)
                effects_queued = effects_queued or queued
                await uow.forget()  # the next turn reads its rows afresh, as its own transaction would
            await uow.commit()
    except Exception:  # rolled back whole: each alone now, to its own outcome
        return None
    _committed(core, effects_queued)
    return [
        await _answer_alone_or_failure(message_id, conversation_id, core) if outbound is None else outbound
        for (message_id, conversation_id), outbound in zip(turns, answered, strict=True)
    ]


async def _answer_alone_or_failure(message_id: int, conversation_id: int, core: Core) -> Answered:
    try:
        return await answer(message_id, core, conversation_id=conversation_id)
    except Exception as exc:  # its caller's alone
        return exc


def _photo_paths(turn: _Turn) -> list[str]:
    return [a["path"] for m in turn.gathered for a in m.attachments if a.get("type") == "photo"]


@dataclass
class _Turn:
    conversation: Conversation
    customer: Customer
    message_id: int
    gathered: list[Message]  # the unanswered messages up to this one, oldest first


async def _load_turn(uow: UnitOfWork, message_id: int, conversation_id: int | None) -> _Turn | None:
    """The turn of a stored message, its conversation locked; None when it was answered already."""
    if conversation_id is None:
        message = await uow.get(Message, message_id)
        if message is None or message.processed_at is not None:
            return None
        conversation_id = message.conversation_id
    conversation = await uow.get(Conversation, conversation_id, for_update=True)
    assert conversation is not None
    gathered = await uow.unanswered_of(conversation_id, message_id)  # read under the lock: answered ones are not
    if not gathered or gathered[-1].id != message_id:
        return None  # answered meanwhile, in another worker's turn
    customer = await uow.get(Customer, conversation.customer_id)
    assert customer is not None
    return _Turn(conversation, customer, message_id, gathered)


async def _take_turn(uow: UnitOfWork, turn: _Turn, readings: tuple[PhotoReading, ...], core: Core) -> list[Outbound]:
    outbound, effects_queued = await _write_turn(uow, turn, readings, core)
    await uow.commit()
    _committed(core, effects_queued)
    return outbound


def _committed(core: Core, effects_queued: bool) -> None:
    """After the commit of answered turns: the outbox woken for the effects they queued."""
    crash_point("turn.answered")
    if effects_queued and core.wake_outbox is not None:
        core.wake_outbox.set()


async def _write_turn(
    uow: UnitOfWork, turn: _Turn, readings: tuple[PhotoReading, ...], core: Core
) -> tuple[list[Outbound], bool]:
    """Everything the turn causes, written in `uow` (the caller commits): its replies to send, and
    whether it queued effects for the outbox."""
    conversation, customer, gathered = turn.conversation, turn.customer, turn.gathered
    assert conversation.id is not None
    attachments = [a for m in gathered for a in m.attachments]
    text = "\n".join(m.text for m in gathered if m.text.strip())
    now = core.clock.now()
    state = DialogueState.from_dict(conversation.state)
    unsupported = next((a["type"] for a in attachments if a.get("type") != "photo"), None)
    fixable = conversation.channel not in _PHONE_IS_THE_ADDRESS
    phone_noted = _keep_phone(customer, text, fixable=fixable)
    callback = "" if phone_noted or fixable else _callback_number(customer, text)
    _keep_name(customer, text)
    context = replace(
        await _turn_context(uow, core, customer, now, readings, unsupported),
        phone_noted=phone_noted or ("callback" if callback else ""),
        phone_said=spoken_phone(customer.phone) if phone_noted and customer.phone else callback,
        messenger=_MESSENGERS.get(conversation.channel, ""),
    )
    understanding = understand(
        text, context=context_of(state, context.today), max_chars=core.max_understood_chars, vin_start=state.draft.vin_start
    )
    brain_turn = None
    if core.brain is not None and (core.llm_budget is None or await core.llm_budget.allows(uow, now)):
        # the model is asked before anything is written in this transaction
        view = await load_context(uow, conversation.id, gathered[0].id or turn.message_id, state, core.brain_limits)
        brain_turn = BrainTurn(core.brain, core.brain_paths, view, text)
        understanding = await brain_turn.understand(state, understanding, context.today)
    result = step(state, understanding, context)
    text = core.replies.render(result.says, seed=f"{conversation.channel}:{conversation.chat_id}")
    if brain_turn is not None:
        text = await brain_turn.phrase(text, result)
    said = {"conversation_id": conversation.id, "channel": conversation.channel, "direction": "out", "text": text}
    outgoing = [new_row(Message, **said, created_at=now)] if text else []
    effect_context = effects.EffectContext(uow, conversation, customer, now, core.hand_off_kinds, core.offer_policy)
    await effects.mark_replied(result.state, effect_context)
    effects.settle_snooze(state, result.state, effect_context)
    await effects.apply(result.effects, result.state, effect_context)
    new_state = {"state": result.state.to_dict(), "stage": result.state.stage.value, "updated_at": now}
    await uow.update(Conversation, [conversation.id], new_state)
    await uow.update(Message, [m.id for m in gathered], {"processed_at": now})
    for row in [*(brain_turn.rows(conversation.id, now) if brain_turn else []), *_photo_calls(conversation.id, readings, now)]:
        uow.add(row)
    for reply in outgoing:
        await uow.insert(reply)
    deliveries = await _record_deliveries(uow, conversation.channel, outgoing, now, core)
    outbound = [
        Outbound(conversation.channel, conversation.chat_id, m.text, message_id=m.id, delivery_id=delivery)
        for m, delivery in zip(outgoing, deliveries, strict=True)
    ]
    return outbound, bool(result.effects)


async def _record_deliveries(
    uow: UnitOfWork, channel: str, outgoing: list[Message], now: datetime, core: Core
) -> list[int | None]:
    """For a channel a sender delivers to, each reply's delivery is an outbox item committed with it,
    held back for `core.reply_lease`: the caller sends the reply straight away and settles the item;
    if the process dies first, the outbox worker sends it after the lease."""
    if channel not in core.sent_by_sender or not outgoing:
        return [None for _ in outgoing]
    items = [sending.delivery_item(m, now + core.reply_lease) for m in outgoing]
    for item in items:
        await uow.insert(item)
    return [item.id for item in items]


def _photo_calls(conversation_id: int, readings: tuple[PhotoReading, ...], now: datetime) -> list[LlmUsage]:
    """What reading the turn's photos cost (a vision model's calls), counted like the brain's."""
    return [usage_row(conversation_id, "photo", call, now) for reading in readings for call in reading.calls]


async def _read_photos(paths: list[str], core: Core) -> tuple[PhotoReading, ...]:
    if core.photo_reader is None:
        return tuple(NO_READER for _ in paths)
    return tuple([await core.photo_reader.read(path) for path in paths])


_PHONE_IS_THE_ADDRESS = frozenset({"whatsapp", "wazzup"})  # the chat's own number: a correction would lose the chat


def _keep_phone(customer: Customer, text: str, *, fixable: bool = True) -> str:
    """A number the customer writes in a chat that had none (web chat, a WhatsApp username) becomes
    theirs: the manager can call, the deal's contact carries it, and nobody asks for it again; a number
    written as a correction replaces it. "new" or "fixed" when the message gave the customer's number."""
    if customer.forgotten_at is not None or (customer.phone and not (fixable and corrects_phone(text))):
        return ""
    phone = normalize_phone(find_phone(text))
    if not phone or phone == customer.phone:
        return ""
    given = "fixed" if customer.phone else "new"
    customer.phone = phone
    return given


def _callback_number(customer: Customer, text: str) -> str:
    """Another number to call written in a chat whose address is the customer's phone (WhatsApp): the chat keeps
    its number, the manager is told the other one («мой номер 89161112233 перезвоните»); "" when none is."""
    phone = normalize_phone(find_phone(text)) if customer.forgotten_at is None else None
    if not phone or phone == customer.phone or not (corrects_phone(text) or asks_for_a_call(text)):
        return ""
    return spoken_phone(phone)


def _keep_name(customer: Customer, text: str) -> None:
    """A customer who had no name here (web chat, a WhatsApp number without a profile name) and
    introduces themselves («меня зовут Андрей») is called so on the deal's contact."""
    if customer.name or customer.forgotten_at is not None:
        return
    customer.name = find_name(text)


# the messenger a channel is, as a customer names it («пишите в телегу»); an aggregator's chats may be any
_MESSENGERS = {"telegram": "Telegram", "whatsapp": "WhatsApp", "max": "MAX"}


async def _turn_context(
    rows: Rows,
    core: Core,
    customer: Customer,
    now: datetime,
    readings: tuple[PhotoReading, ...],
    unsupported: str | None,
) -> TurnContext:
    assert customer.id is not None
    zone = customer.timezone
    latest = await rows.latest_offer(customer.id)
    garage = await _garage(rows, customer.id)
    return TurnContext(
        today=effects.customer_today(now, zone),
        bonus_points=customer.bonus_points,
        offer_percent_allowed=offers.allowed_percent(customer, core.offer_policy, now, latest),
        new_offer_expires=offers.expiry_text(now + timedelta(hours=core.offer_policy.valid_hours), zone),
        current_offer=offers.facts(latest, now, zone) if latest else None,
        photos=readings,
        photo_confident=core.photo_confident,
        unsupported=unsupported,
        garage=garage,
        phone_known=bool(customer.phone),
        customer_name=customer.name or "",
        hours=describe(core.working_hours) if core.working_hours else "",
        managers_back=back_at(core.working_hours, now) if core.working_hours else "",
        hour=now.astimezone(ZoneInfo(zone)).hour,
    )


GARAGE_LOOKBACK = 10  # requests looked at for the cars a customer asked for before


async def _garage(rows: Rows, customer_id: int) -> tuple[KnownCar, ...]:
    """The cars of the customer's earlier requests, newest first, each once (by VIN, frame or name)."""
    cars: dict[str, KnownCar] = {}
    for lead in await rows.past_leads(customer_id, GARAGE_LOOKBACK):
        key = lead.vin or lead.frame or (lead.car or "").lower()
        if key and key not in cars:
            cars[key] = KnownCar(car=lead.car, vin=lead.vin, frame=lead.frame)
    return tuple(cars.values())


async def answer_pending(core: Core) -> list[Outbound]:
    """Answer inbound messages stored but never answered (the process died in between)."""
    async with core.uow() as uow:
        pending = await uow.unanswered_inbound()
    sent: list[Outbound] = []
    for message_id in pending:
        sent.extend(await answer(message_id, core))
    return sent


async def _conversation_for(rows: Rows, inbound: Inbound, clock: Clock) -> int:
    """The id of the chat's conversation, opened now if the chat is new."""
    conversation_id = await rows.conversation_id_of_chat(inbound.channel, inbound.chat_id)
    if conversation_id is not None:
        return conversation_id
    now = clock.now()
    phone = normalize_phone(inbound.sender_phone)
    customer = await rows.customer_by_phone(phone) if phone else None  # the shop knows this number: the same customer
    if customer is None:
        customer = new_row(Customer, name=inbound.sender_name, phone=phone, created_at=now)
        await rows.insert(customer)
    assert customer.id is not None
    conversation = new_row(
        Conversation, customer_id=customer.id, channel=inbound.channel, chat_id=inbound.chat_id, created_at=now, updated_at=now
    )
    await rows.insert(conversation)
    assert conversation.id is not None
    return conversation.id
