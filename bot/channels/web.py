"""The web chat channel: a JSON API the chat page (`/`) talks to. The embedded default channel."""

from __future__ import annotations

import re
from datetime import datetime

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field
from sqlmodel import col, select

from bot.messages import Inbound
from bot.models import Conversation, Message
from bot.service import Core, handle_inbound

CHANNEL = "web"
SESSION_PATTERN = r"^[A-Za-z0-9_-]{8,64}$"


class ChatMessageIn(BaseModel):
    session: str = Field(pattern=SESSION_PATTERN)
    id: str = Field(pattern=SESSION_PATTERN, description="client-made id of this message: the dedup key")
    text: str = Field(default="", max_length=20_000)
    name: str | None = Field(default=None, max_length=100)


class ChatMessageOut(BaseModel):
    id: int
    direction: str
    text: str
    at: datetime


class ChatMessages(BaseModel):
    messages: list[ChatMessageOut]


def build_router() -> APIRouter:
    router = APIRouter(prefix="/api/chat", tags=["web chat"])

    @router.post("/messages")
    async def post_message(body: ChatMessageIn, request: Request) -> ChatMessages:
        """Send a customer message; the answer comes back in the same response."""
        core: Core = request.app.state.container.core
        inbound = Inbound(
            channel=CHANNEL,
            chat_id=body.session,
            external_id=f"{body.session}:{body.id}",
            text=body.text,
            received_at=core.clock.now(),
            sender_name=body.name,
        )
        sent = await handle_inbound(inbound, core)
        async with request.app.state.container.sessions() as db:
            query = select(Message).where(Message.channel == CHANNEL, Message.external_id == inbound.external_id)
            stored = (await db.exec(query)).first()
        echoed = [ChatMessageOut(id=stored.id or 0, direction="in", text=stored.text, at=stored.created_at)] if stored else []
        now = core.clock.now()
        return ChatMessages(
            messages=echoed + [ChatMessageOut(id=m.message_id or 0, direction="out", text=m.text, at=now) for m in sent]
        )

    @router.get("/messages")
    async def list_messages(request: Request, session: str, after: int = 0) -> ChatMessages:
        """The conversation so far (or since message `after`): history on reload, and later messages."""
        if re.fullmatch(SESSION_PATTERN, session) is None:
            raise HTTPException(422, "bad session id")
        sessions = request.app.state.container.sessions
        async with sessions() as db:
            query = (
                select(Message)
                .join(Conversation, col(Conversation.id) == col(Message.conversation_id))
                .where(Conversation.channel == CHANNEL, Conversation.chat_id == session, col(Message.id) > after)
                .order_by(col(Message.id))
                .limit(500)
            )
            rows = (await db.exec(query)).all()
        return ChatMessages(
            messages=[ChatMessageOut(id=m.id or 0, direction=m.direction, text=m.text, at=m.created_at) for m in rows]
        )

    return router

