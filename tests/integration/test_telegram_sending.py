"""Sending within Telegram's limits: 429 waits and retries, 403 marks the customer unreachable."""

from __future__ import annotations

import itertools
from pathlib import Path

from sqlmodel import col, select

from bot.app.sending import REPLY_SEND_LEASE, SEND, queue_message
from bot.app.service import handle_inbound
from bot.clock import FixedClock
from bot.messages import Inbound
from bot.store.models import Conversation, Customer, OutboxItem
from tests.fakes.telegram_api import FakeTelegram
from tests.support.telegram import (
    eventually,
    fake_answers,
    quiet,
    running_bot,
)

CHAT = 3003
INTERVAL = 0.3  # seconds between two messages to one chat (production: 1)


async def customer_of(app_sessions: object, chat_id: int) -> Customer:
    async with app_sessions() as session:  # type: ignore[operator]
        query = select(Customer).join(Conversation).where(Conversation.chat_id == str(chat_id))
        return (await session.exec(query)).one()


async def test_flood_control_429_is_waited_out_and_the_reply_retried(
    sqlite_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path
) -> None:
    fake.fail("sendMessage", 429, retry_after=1)
    async with running_bot(sqlite_url, fake, clock, tmp_path):
        fake.push_text(CHAT, "нужен стартер")
        [answer] = await fake_answers(fake, CHAT, 1)
    refused, delivered = fake.attempts("sendMessage")
    assert refused.status == 429 and delivered.status == 200
    assert delivered.at - refused.at >= 1.0
    assert "стартер" in answer.lower() or "vin" in answer.lower()


async def test_a_customer_who_blocked_the_bot_is_marked_unreachable_not_retried(
    sqlite_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path
) -> None:
    fake.fail("sendMessage", 403)
    async with running_bot(sqlite_url, fake, clock, tmp_path) as app:
        fake.push_text(CHAT, "нужен стартер")
        await eventually(lambda: fake.attempts("sendMessage"))
        await quiet()
        customer = await customer_of(app.sessions, CHAT)
        async with app.sessions() as session:
            pending = (await session.exec(select(OutboxItem).where(OutboxItem.status == "pending"))).all()
    assert customer.telegram_unreachable
    assert len(fake.attempts("sendMessage")) == 1 and pending == []


async def test_a_proactive_message_to_a_blocked_customer_marks_them_unreachable(
    sqlite_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path
) -> None:
    async with running_bot(sqlite_url, fake, clock, tmp_path) as app:
        fake.push_text(CHAT, "нужен стартер")
        await fake_answers(fake, CHAT, 1)
        fake.fail("sendMessage", 403)
        async with app.sessions() as session:
            conversation = (await session.exec(select(Conversation))).one()
            await queue_message(session, conversation, "Добрый день! Как стартер, подошёл?", clock.now())
            await session.commit()
        app.outbox.wakeup.set()

        async def unreachable() -> bool:
            return (await customer_of(app.sessions, CHAT)).telegram_unreachable

        async def delivery() -> OutboxItem | None:  # the proactive message's (the reply before it has its own)
            async with app.sessions() as session:
                item = (await session.exec(select(OutboxItem).order_by(col(OutboxItem.id).desc()))).first()
            return item if item is not None and item.status != "pending" else None

        assert await eventually(unreachable)
        send = await eventually(delivery)
    assert send.status == "done" and "unreachable" in send.progress
    assert len(fake.attempts("sendMessage")) == 2


async def test_a_server_error_leaves_the_reply_to_the_outbox_which_delivers_it(
    sqlite_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path
) -> None:
    fake.fail("sendMessage", 500)
    async with running_bot(sqlite_url, fake, clock, tmp_path):
        fake.push_text(CHAT, "нужен стартер")
        [answer] = await fake_answers(fake, CHAT, 1)
    assert [c.status for c in fake.attempts("sendMessage")] == [500, 200]
    assert "стартер" in answer.lower() or "vin" in answer.lower()


async def test_messages_to_one_chat_are_spaced_out(
    sqlite_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path
) -> None:
    async with running_bot(sqlite_url, fake, clock, tmp_path, telegram_chat_interval_seconds=INTERVAL) as app:
        fake.push_text(CHAT, "нужен стартер")
        await fake_answers(fake, CHAT, 1)
        async with app.sessions() as session:
            conversation = (await session.exec(select(Conversation))).one()
            for text in ("Первое", "Второе", "Третье"):
                await queue_message(session, conversation, text, clock.now())
            await session.commit()
        app.outbox.wakeup.set()
        await fake_answers(fake, CHAT, 4)
    times = [c.at for c in fake.sent("sendMessage", CHAT)]  # when the server got them: pacing ± network jitter
    assert all(later - earlier >= INTERVAL / 2 for earlier, later in itertools.pairwise(times))  # unpaced: ~0.01 s


async def test_a_reply_sent_straight_away_settles_its_delivery_so_the_outbox_never_sends_it_again(
    sqlite_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path
) -> None:
    async with running_bot(sqlite_url, fake, clock, tmp_path) as app:

        async def settled() -> list[OutboxItem]:
            async with app.sessions() as session:
                return list(
                    (await session.exec(select(OutboxItem).where(OutboxItem.kind == SEND, OutboxItem.status == "done"))).all()
                )

        fake.push_text(CHAT, "нужен стартер")
        await fake_answers(fake, CHAT, 1)  # the fake has the call; the bot settles once the answer is back
        [delivery] = await eventually(settled)
        clock.advance(REPLY_SEND_LEASE * 2)
        await app.outbox.drain()
    assert delivery.progress == {"sent": True}
    assert len(fake.sent("sendMessage", CHAT)) == 1


async def test_a_reply_committed_but_never_sent_is_sent_by_the_outbox_once_its_lease_is_over(
    sqlite_url: str, fake: FakeTelegram, clock: FixedClock, tmp_path: Path
) -> None:
    """What a process killed between the commit and the send leaves behind (tests/e2e/test_crash_safety.py
    kills one for real): the reply and its delivery item, pending."""
    async with running_bot(sqlite_url, fake, clock, tmp_path, background=False) as app:
        inbound = Inbound(channel="telegram", chat_id=str(CHAT), external_id="1", text="нужен стартер", received_at=clock.now())
        [reply] = await handle_inbound(inbound, app.core)  # answered and committed; the process "dies" before sending
        await app.outbox.drain()
        assert fake.texts(CHAT) == []  # held back: the straight send would be under way
        clock.advance(REPLY_SEND_LEASE)
        await app.outbox.drain()
    assert fake.texts(CHAT) == [reply.text]
