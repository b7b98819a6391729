"""Messages of many chats that arrive together are stored in one transaction (group commit,
bot/app/service.py `_store_all`), each still stored once; on SQLite their turns are answered in one
transaction too (`_answer_all`), on PostgreSQL each in its own. When a shared transaction fails,
each message is stored (or answered) alone and only its own failure reaches its caller.
SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import dataclasses
from types import TracebackType
from typing import Any, Self

import pytest
from sqlmodel import select

from bot.app import service
from bot.app.service import Core, handle_inbound
from bot.app.uow import UnitOfWork
from bot.bootstrap import Container
from bot.clock import FixedClock
from bot.messages import Inbound, Photo, PhotoReading
from bot.store.models import Message

pytestmark = pytest.mark.backend_matters
VIN = "JTNBE46K303123456"


def says(chat: str, text: str, clock: FixedClock, *, number: int = 1) -> Inbound:
    return Inbound(
        channel="telegram", chat_id=chat, external_id=f"{chat}:{number}", text=text, received_at=clock.now(), sender_name="Сергей"
    )


class Commits:
    """The core's units of work, counted as they commit."""

    def __init__(self, core: Core) -> None:
        self.count = 0
        self.core = dataclasses.replace(core, uow=self._counted(core))

    def _counted(self, core: Core) -> Any:
        commits = self

        class Counted:
            def __init__(self) -> None:
                self._inner: UnitOfWork = core.uow()

            async def __aenter__(self) -> Self:
                await self._inner.__aenter__()
                return self

            async def __aexit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
                await self._inner.__aexit__(*exc)  # type: ignore[arg-type]

            async def commit(self) -> None:
                await self._inner.commit()
                commits.count += 1

            def __getattr__(self, name: str) -> Any:
                return getattr(self._inner, name)

        return Counted


async def inbound_messages(container: Container) -> list[Message]:
    async with container.sessions() as session:
        query = select(Message).where(Message.direction == "in").order_by(Message.id)  # type: ignore[arg-type]
        return list((await session.exec(query)).all())


async def test_many_chats_writing_at_once_are_stored_in_one_transaction_and_each_answered(
    container: Container, clock: FixedClock
) -> None:
    commits = Commits(container.core)
    chats = [f"chat-{n}" for n in range(10)]

    replies = await asyncio.gather(*(handle_inbound(says(chat, "нужен стартер на камри", clock), commits.core) for chat in chats))

    assert [len(r) for r in replies] == [1] * 10 and all(r[0].chat_id == chat for r, chat in zip(replies, chats, strict=True))
    answers = 1 if container.core.answer_together else 10
    assert commits.count == 1 + answers  # the ten messages stored together, then the turns answered
    stored = await inbound_messages(container)
    assert len(stored) == 10 and len({m.conversation_id for m in stored}) == 10 and all(m.processed_at for m in stored)


async def test_a_message_delivered_again_among_new_ones_is_stored_and_answered_once(
    container: Container, clock: FixedClock
) -> None:
    assert await handle_inbound(says("chat-1", "нужен стартер на камри", clock), container.core)
    again = says("chat-1", "нужен стартер на камри", clock)
    news = [says(f"chat-{n}", "нужны колодки", clock) for n in range(2, 6)]

    replies = await asyncio.gather(*(handle_inbound(inbound, container.core) for inbound in [again, *news]))

    assert replies[0] == [] and all(len(r) == 1 for r in replies[1:])
    assert sorted(m.external_id or "" for m in await inbound_messages(container)) == sorted(f"chat-{n}:1" for n in range(1, 6))


async def test_a_message_that_cannot_be_stored_fails_alone(
    container: Container, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    conversation_for = service._conversation_for

    async def broken_for_one_chat(rows: Any, inbound: Inbound, clock: Any) -> int:
        if inbound.chat_id == "broken":
            raise RuntimeError("this chat's row cannot be written")
        return await conversation_for(rows, inbound, clock)

    monkeypatch.setattr(service, "_conversation_for", broken_for_one_chat)
    chats = ["chat-a", "broken", "chat-b"]

    results = await asyncio.gather(
        *(handle_inbound(says(chat, "нужен генератор", clock), container.core) for chat in chats), return_exceptions=True
    )

    assert isinstance(results[1], RuntimeError)
    assert [len(r) for r in (results[0], results[2])] == [1, 1]  # type: ignore[arg-type]
    assert sorted(m.external_id or "" for m in await inbound_messages(container)) == ["chat-a:1", "chat-b:1"]


async def test_a_turn_that_cannot_be_answered_fails_alone(
    container: Container, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_turn = service._write_turn

    async def broken_for_one_chat(uow: Any, turn: Any, readings: Any, core: Core) -> Any:
        if turn.conversation.chat_id == "broken":
            raise RuntimeError("this chat's turn cannot be answered")
        return await write_turn(uow, turn, readings, core)

    monkeypatch.setattr(service, "_write_turn", broken_for_one_chat)
    chats = ["chat-a", "broken", "chat-b"]

    results = await asyncio.gather(
        *(handle_inbound(says(chat, "нужен генератор", clock), container.core) for chat in chats), return_exceptions=True
    )

    assert isinstance(results[1], RuntimeError)
    assert [len(r) for r in (results[0], results[2])] == [1, 1]  # type: ignore[arg-type]
    stored = {m.external_id or "": m for m in await inbound_messages(container)}
    assert sorted(stored) == ["broken:1", "chat-a:1", "chat-b:1"]  # the broken one is stored, for the next start
    assert stored["chat-a:1"].processed_at and stored["chat-b:1"].processed_at and stored["broken:1"].processed_at is None
    async with container.sessions() as session:
        replies = (await session.exec(select(Message).where(Message.direction == "out"))).all()
    assert len(replies) == 2  # nothing of the failed shared transaction was kept


async def test_a_turn_with_a_photo_among_others_is_answered_alone_after_them(
    container: Container, clock: FixedClock, tmp_path: Any
) -> None:
    class Reader:
        async def read(self, path: str) -> PhotoReading:
            return PhotoReading(vin=VIN, confidence=0.99)

    core = dataclasses.replace(container.core, photo_reader=Reader())
    with_photo = dataclasses.replace(says("chat-photo", "", clock), photos=(Photo(path=str(tmp_path / "vin.jpg")),))
    inbounds = [says("chat-a", "нужен генератор", clock), with_photo, says("chat-b", "нужны колодки", clock)]

    results = await asyncio.gather(*(handle_inbound(inbound, core) for inbound in inbounds))

    assert [len(r) for r in results] == [1, 1, 1] and results[1][0].chat_id == "chat-photo"
    assert VIN in results[1][0].text  # the photo was read, and its turn answered with what it said
    assert all(m.processed_at for m in await inbound_messages(container))
