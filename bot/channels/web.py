"""The web chat channel: a JSON API the chat page (`/`) talks to. The embedded default channel."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from pydantic import BaseModel, Field
from sqlmodel import col, select

from bot.messages import Inbound, Photo
from bot.models import Conversation, Message
from bot.service import Core, handle_inbound

CHANNEL = "web"
SESSION_PATTERN = r"^[A-Za-z0-9_-]{8,64}$"
PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif", ".gif", ".bmp"})


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
        return await _answer(request, inbound)

    @router.post("/photos")
    async def post_photo(
        request: Request,
        session: str = Form(pattern=SESSION_PATTERN),
        id: str = Form(pattern=SESSION_PATTERN),
        photo: UploadFile = File(...),
    ) -> ChatMessages:
        """Send a photo (VIN plate, СТС, part label); the answer says what was read from it."""
        container = request.app.state.container
        core: Core = container.core
        limit = container.settings.telegram_max_photo_bytes
        data = await photo.read(limit + 1)
        if len(data) > limit:
            raise HTTPException(413, "Фото слишком большое: до 10 МБ")
        suffix = Path(photo.filename or "").suffix.lower()
        suffix = suffix if suffix in PHOTO_SUFFIXES else ".jpg"  # never .html/.svg: the file is linked from deals
        folder = Path(container.settings.telegram_media_dir) / "web" / session
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{id}{suffix}"
        path.write_bytes(data)
        inbound = Inbound(
            channel=CHANNEL,
            chat_id=session,
            external_id=f"{session}:{id}",
            text="",
            received_at=core.clock.now(),
            photos=(Photo(path=str(path.resolve())),),
        )
        return await _answer(request, inbound)

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
        return ChatMessages(messages=[_out(m) for m in rows])

    return router


async def _answer(request: Request, inbound: Inbound) -> ChatMessages:
    """Handle the message; echo the stored inbound (so the page knows its id) and the answers."""
    container = request.app.state.container
    sent = await handle_inbound(inbound, container.core)
    async with container.sessions() as db:
        query = select(Message).where(Message.channel == CHANNEL, Message.external_id == inbound.external_id)
        stored = (await db.exec(query)).first()
    now = container.clock.now()
    echoed = [_out(stored)] if stored else []
    return ChatMessages(messages=echoed + [ChatMessageOut(id=m.message_id or 0, direction="out", text=m.text, at=now) for m in sent])


def _out(message: Message) -> ChatMessageOut:
    text = message.text or ("[фото]" if message.attachments else "")
    return ChatMessageOut(id=message.id or 0, direction=message.direction, text=text, at=message.created_at)

