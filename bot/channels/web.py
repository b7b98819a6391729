"""The web chat channel: a JSON API the chat page (`/`) talks to. The embedded default channel.

Its replies are stored and shown when the page asks (a manager's reply, a campaign message and
the persona's answers alike), so its sender only records them."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from pydantic import BaseModel, BeforeValidator, Field
from sqlmodel import col, select

from bot.app.limits import SlidingWindow
from bot.app.sending import StoredOnly
from bot.messages import Inbound, Photo, clean_text
from bot.plugin import Needs, Plugin
from bot.store.models import Conversation, Message

CHANNEL = "web"
SESSION_PATTERN = r"^[A-Za-z0-9_-]{8,64}$"
LAST_ID = 2**31 - 1  # ids are 32-bit on PostgreSQL: a larger `after` is no message's, and no query's parameter
PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif", ".gif", ".bmp"})


# What is not text (a NUL, a lone surrogate) is dropped before validation, so it cannot fail it.
CleanText = Annotated[str, BeforeValidator(lambda value: clean_text(value) if isinstance(value, str) else value)]


class ChatMessageIn(BaseModel):
    session: str = Field(pattern=SESSION_PATTERN)
    id: str = Field(pattern=SESSION_PATTERN, description="client-made id of this message: the dedup key")
    text: CleanText = Field(default="", max_length=20_000)
    name: CleanText | None = Field(default=None, max_length=100)


class ChatMessageOut(BaseModel):
    id: int
    direction: str
    text: str
    at: datetime


class ChatMessages(BaseModel):
    messages: list[ChatMessageOut]


def build(needs: Needs) -> Plugin:
    return Plugin(name=CHANNEL, senders={CHANNEL: StoredOnly()}, routers=[build_router(needs)])


TOO_MANY_MESSAGES = "Слишком много сообщений подряд — подождите минуту, пожалуйста, и напишите снова."
TOO_MANY_CONVERSATIONS = "Слишком много новых чатов с вашего адреса — попробуйте позже или позвоните в магазин."
TOO_MANY_PHOTOS = "Слишком много фото за час — пожалуйста, напишите текстом или пришлите фото позже."


class Admission:
    """The web chat's rate limits: messages a minute per conversation, new conversations an hour per
    client address (each may cost an LLM dialog), photos an hour per conversation (each is kept and
    read). Refused messages are not stored."""

    def __init__(self, needs: Needs) -> None:
        limits, clock = needs.settings.web_chat, needs.clock
        self._sessions = needs.sessions
        self._messages = SlidingWindow(limits.messages_per_minute, timedelta(minutes=1), clock)
        self._new = SlidingWindow(limits.new_conversations_per_hour, timedelta(hours=1), clock)
        self._photos = SlidingWindow(limits.photos_per_hour, timedelta(hours=1), clock)

    async def check(self, session: str, request: Request, *, photo: bool = False) -> None:
        if not await self._known(session) and not self._new.allow(request.client.host if request.client else "unknown"):
            raise HTTPException(429, TOO_MANY_CONVERSATIONS)
        if not self._messages.allow(session):
            raise HTTPException(429, TOO_MANY_MESSAGES)
        if photo and not self._photos.allow(session):
            raise HTTPException(429, TOO_MANY_PHOTOS)

    async def _known(self, session: str) -> bool:
        async with self._sessions() as db:
            query = select(Conversation.id).where(Conversation.channel == CHANNEL, Conversation.chat_id == session)
            return (await db.exec(query)).first() is not None


def build_router(needs: Needs) -> APIRouter:
    router = APIRouter(prefix="/api/chat", tags=["web chat"])
    settings, sessions, clock = needs.settings, needs.sessions, needs.clock
    admission = Admission(needs)

    async def answer(inbound: Inbound) -> ChatMessages:
        """Handle the message; echo the stored inbound (so the page knows its id) and the answers."""
        sent = await needs.handle_inbound(inbound)
        async with sessions() as db:
            query = select(Message).where(Message.channel == CHANNEL, Message.external_id == inbound.external_id)
            stored = (await db.exec(query)).first()
        now = clock.now()
        echoed = [_out(stored)] if stored else []
        answers = [ChatMessageOut(id=m.message_id or 0, direction="out", text=m.text, at=now) for m in sent]
        return ChatMessages(messages=echoed + answers)

    @router.post("/messages")
    async def post_message(body: ChatMessageIn, request: Request) -> ChatMessages:
        """Send a customer message; the answer comes back in the same response."""
        await admission.check(body.session, request)
        inbound = Inbound(
            channel=CHANNEL,
            chat_id=body.session,
            external_id=f"{body.session}:{body.id}",
            text=body.text,
            received_at=clock.now(),
            sender_name=body.name,
        )
        return await answer(inbound)

    @router.post("/photos")
    async def post_photo(
        request: Request,
        session: str = Form(pattern=SESSION_PATTERN),
        id: str = Form(pattern=SESSION_PATTERN),
        photo: UploadFile = File(...),
    ) -> ChatMessages:
        """Send a photo (VIN plate, СТС, part label); the answer says what was read from it."""
        await admission.check(session, request, photo=True)
        limit = settings.telegram.max_photo_bytes
        data = await photo.read(limit + 1)
        if len(data) > limit:
            raise HTTPException(413, "Фото слишком большое: до 10 МБ")
        suffix = Path(photo.filename or "").suffix.lower()
        suffix = suffix if suffix in PHOTO_SUFFIXES else ".jpg"  # never .html/.svg: the file is linked from deals
        folder = Path(settings.telegram.media_dir) / "web" / session
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{id}{suffix}"
        path.write_bytes(data)
        inbound = Inbound(
            channel=CHANNEL,
            chat_id=session,
            external_id=f"{session}:{id}",
            text="",
            received_at=clock.now(),
            photos=(Photo(path=str(path.resolve())),),
        )
        return await answer(inbound)

    @router.get("/messages")
    async def list_messages(session: str, after: int = Query(0, ge=0, le=LAST_ID)) -> ChatMessages:
        """The conversation so far (or since message `after`): history on reload, and later messages."""
        if re.fullmatch(SESSION_PATTERN, session) is None:
            raise HTTPException(422, "bad session id")
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


def _out(message: Message) -> ChatMessageOut:
    text = message.text or ("[фото]" if message.attachments else "")
    return ChatMessageOut(id=message.id or 0, direction=message.direction, text=text, at=message.created_at)
