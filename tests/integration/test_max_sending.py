"""Sending to MAX within its rules, through the real maxapi client to the fake MAX Bot API: replies of
4,000 characters or more go in pieces, 2 messages a second per chat and 30 a second overall, MAX's
errors become the core's (slow down and retry, unreachable, later)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from bot.channels.max import store
from bot.channels.max.plugin import build_bot
from bot.channels.max.sender import MaxSender
from bot.clock import FixedClock
from bot.config import Settings
from bot.messages import Outbound
from bot.ports import RecipientUnreachable, Rejected, RetryLater
from bot.runtime import Container
from tests.conftest import make_settings
from tests.fakes.max_api import FakeMax
from tests.support.max import max_answers, max_settings, running_max

CHAT = 7301


def paragraph(n: int) -> str:
    return f"Абзац {n}: " + ("стартер подходит к вашей машине, " * 40).rstrip(", ") + "."


async def test_a_reply_over_4000_characters_goes_in_pieces_max_accepts(
    sqlite_url: str, max_api: FakeMax, clock: FixedClock, tmp_path: Path
) -> None:
    text = "\n\n".join(paragraph(n) for n in range(8))  # ~10,000 characters
    async with running_max(sqlite_url, max_api, clock, tmp_path) as app:
        await app.senders["max"].send(Outbound("max", str(CHAT), text))
    pieces = max_api.texts(CHAT)
    assert len(text) > 8000 and len(pieces) == 3 and all(len(piece) < 4000 for piece in pieces)
    assert "\n\n".join(pieces) == text  # cut between paragraphs, nothing lost
    assert all(call.status == 200 for call in max_api.attempts("POST /messages"))


async def test_answer_buttons_go_under_the_message_and_send_their_text(
    sqlite_url: str, max_api: FakeMax, clock: FixedClock, tmp_path: Path
) -> None:
    async with running_max(sqlite_url, max_api, clock, tmp_path) as app:
        question = Outbound("max", str(CHAT), "Как вам покупка? Оцените от 1 до 5", meta={"buttons": "1 2 3 4 5"})
        await app.senders["max"].send(question)
    [sent] = max_api.sent(CHAT)
    [keyboard] = sent.body["attachments"]
    [row] = keyboard["payload"]["buttons"]
    assert keyboard["type"] == "inline_keyboard"
    assert [(b["type"], b["text"]) for b in row] == [("message", str(n)) for n in range(1, 6)]


def test_the_limits_are_maxs_by_default() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.max.chat_interval_seconds == 0.5 and settings.max.messages_per_second == 30
    assert settings.max.api_base == "https://platform-api2.max.ru"


async def sender(max_api: FakeMax, sqlite_url: str, clock: FixedClock, **limits: float) -> tuple[MaxSender, Container]:
    from bot.bootstrap import build

    settings = make_settings(sqlite_url, **max_settings(max_api, Path("media")))
    container = build(settings, clock=clock)
    return MaxSender(build_bot(settings), container.sessions, clock, **limits), container  # type: ignore[arg-type]


async def test_one_chat_gets_at_most_two_messages_a_second(sqlite_url: str, max_api: FakeMax, clock: FixedClock) -> None:
    max_sender, container = await sender(max_api, sqlite_url, clock, chat_interval=0.5, messages_per_second=1000)
    try:
        for n in range(3):  # the first one opens the connection: measured from the second
            await max_sender.send(Outbound("max", str(CHAT), f"сообщение {n}"))
    finally:
        await max_sender.bot.close_session()
        await container.close()
    times = [call.at for call in max_api.sent(CHAT)][1:]
    # paced 0.5 s apart when sent; arrival at the fake server may be a few tens of ms closer under load
    # (0.479 s was seen in a loaded run), while unpaced messages arrive within milliseconds
    assert len(times) == 2 and all(later - earlier >= 0.4 for earlier, later in itertools.pairwise(times))


async def test_all_chats_together_get_at_most_the_overall_rate(sqlite_url: str, max_api: FakeMax, clock: FixedClock) -> None:
    max_sender, container = await sender(max_api, sqlite_url, clock, chat_interval=0.0, messages_per_second=30)
    try:
        for n in range(11):  # the first one opens the connection: measured from the second
            await max_sender.send(Outbound("max", str(CHAT + n), "ваш заказ готов"))
    finally:
        await max_sender.bot.close_session()
        await container.close()
    times = sorted(call.at for call in max_api.sent())[1:]
    assert len(times) == 10 and times[-1] - times[0] >= 9 / 30 - 0.02


async def test_a_429_is_waited_out_and_sent_again(sqlite_url: str, max_api: FakeMax, clock: FixedClock) -> None:
    max_api.fail("POST /messages", 429)
    max_sender, container = await sender(max_api, sqlite_url, clock, chat_interval=0.0, rate_pause=0.2)
    try:
        await max_sender.send(Outbound("max", str(CHAT), "добрый день"))
    finally:
        await max_sender.bot.close_session()
        await container.close()
    first, second = max_api.attempts("POST /messages")
    assert (first.status, second.status) == (429, 200) and second.at - first.at >= 0.2
    assert max_api.texts(CHAT) == ["добрый день"]


@pytest.mark.parametrize(
    ("status", "error"), [(403, RecipientUnreachable), (404, RecipientUnreachable), (500, RetryLater), (400, Rejected)]
)
async def test_maxs_errors_become_the_cores(
    sqlite_url: str, max_api: FakeMax, clock: FixedClock, status: int, error: type[Exception]
) -> None:
    max_api.fail("POST /messages", status)
    max_sender, container = await sender(max_api, sqlite_url, clock, chat_interval=0.0)
    try:
        with pytest.raises(error, match=f"MAX {status}"):
            await max_sender.send(Outbound("max", str(CHAT), "добрый день"))
    finally:
        await max_sender.bot.close_session()
        await container.close()


async def test_a_chat_that_refused_the_bot_is_marked_so(
    sqlite_url: str, max_api: FakeMax, clock: FixedClock, tmp_path: Path
) -> None:
    async with running_max(sqlite_url, max_api, clock, tmp_path) as app:
        max_api.push_text(CHAT, "нужен стартер")
        await max_answers(max_api, CHAT, 1)
        max_api.fail("POST /messages", 403, code="chat.denied")
        with pytest.raises(RecipientUnreachable):
            await app.senders["max"].send(Outbound("max", str(CHAT), "напоминаем о заказе"))
        assert await store.is_blocked(app.sessions, str(CHAT))
        max_api.push_text(CHAT, "а генератор есть?")  # writing again: reachable again
        await max_answers(max_api, CHAT, 2)
        assert not await store.is_blocked(app.sessions, str(CHAT))


async def test_a_reply_max_did_not_take_is_sent_again_by_the_outbox(
    sqlite_url: str, max_api: FakeMax, clock: FixedClock, tmp_path: Path
) -> None:
    max_api.fail("POST /messages", 500, times=1)  # maxapi itself retries only 502-504
    async with running_max(sqlite_url, max_api, clock, tmp_path, outbox_poll_seconds=0.05) as app:
        max_api.push_text(CHAT, "нужен стартер на камри")
        [answer] = await max_answers(max_api, CHAT, 1, timeout=15)
        await app.outbox.drain()
    assert "Виталий" in answer and [c.status for c in max_api.attempts("POST /messages")] == [500, 200]
