"""A customer talking to the core through handle_inbound, as a channel adapter would."""

from __future__ import annotations

import itertools
from datetime import timedelta

from sqlmodel import select

from bot.app.service import handle_inbound
from bot.clock import FixedClock
from bot.dialogue.machine import DialogueState
from bot.messages import Inbound, Photo
from bot.runtime import Container
from bot.store.models import Conversation, Lead, Message, OutboxItem

_ids = itertools.count(1)


class Customer:
    def __init__(self, app: Container, *, chat_id: str = "chat-1", channel: str = "web", name: str | None = "Сергей") -> None:
        self.app, self.chat_id, self.channel, self.name = app, chat_id, channel, name

    def inbound(self, text: str = "", *, external_id: str | None = None, **extra: object) -> Inbound:
        return Inbound(
            channel=self.channel,
            chat_id=self.chat_id,
            external_id=external_id or f"m{next(_ids)}",
            text=text,
            received_at=self.app.clock.now(),
            sender_name=self.name,
            **extra,  # type: ignore[arg-type]
        )

    async def says(self, text: str = "", *, external_id: str | None = None, **extra: object) -> str:
        """Send one message; returns the bot's answer text ('' when it stayed silent)."""
        sent = await handle_inbound(self.inbound(text, external_id=external_id, **extra), self.app.core)
        clock = self.app.clock
        if isinstance(clock, FixedClock):
            clock.advance(timedelta(seconds=30))
        return "\n".join(m.text for m in sent)

    async def sends_photo(self, path: str, text: str = "") -> str:
        return await self.says(text, photos=(Photo(path=path),))

    async def state(self) -> DialogueState:
        async with self.app.sessions() as session:
            conv = (await session.exec(select(Conversation).where(Conversation.chat_id == self.chat_id))).one()
            return DialogueState.from_dict(conv.state)

    async def leads(self) -> list[Lead]:
        async with self.app.sessions() as session:
            return list((await session.exec(select(Lead))).all())

    async def messages(self) -> list[Message]:
        async with self.app.sessions() as session:
            return list((await session.exec(select(Message).order_by(Message.id))).all())  # type: ignore[arg-type]

    async def outbox(self) -> list[OutboxItem]:
        async with self.app.sessions() as session:
            return list((await session.exec(select(OutboxItem).order_by(OutboxItem.id))).all())  # type: ignore[arg-type]
