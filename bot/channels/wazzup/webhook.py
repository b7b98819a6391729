"""/webhooks/wazzup: messages and statuses Wazzup delivers, only with the shop's bearer token.

A customer's message becomes an `Inbound` (deduplicated on Wazzup's messageId in the database);
photos are fetched by their contentUri (one Wazzup does not have, or a link that is not one, is
answered as a photo that could not be opened). A message the shop sent itself (`isEcho`: a manager
wrote from Wazzup or amoCRM) is not a customer's: it makes the manager the conversation's owner, so
the persona stays quiet. Statuses are acknowledged. Wazzup waits 30 s, so a failure answers 500 and
Wazzup delivers again; a malformed update is acknowledged (delivering it again would not help).
"""

from __future__ import annotations

import hmac
import json
import logging
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request, Response
from sqlmodel import col, select

from bot.app.gathering import TurnGatherer
from bot.app.ownership import Ownership
from bot.app.sla import mark_first_reply
from bot.channels.wazzup.api import WazzupApi, WazzupChat
from bot.media_links import keep_photo
from bot.messages import Inbound, Photo, clean_text
from bot.plugin import Needs
from bot.ports import RecipientUnreachable, Rejected
from bot.store.models import Conversation, Lead, Message

log = logging.getLogger(__name__)
CHANNEL = "wazzup"
PATH = "/webhooks/wazzup"
READABLE = frozenset({"text", "image"})
IDS = ("messageId", "channelId", "chatType", "chatId")  # without any of them there is nothing to dedup or answer
UNSUPPORTED = {"audio": "voice", "video": "video", "document": "file", "vcard": "file", "geo": "location", "sticker": "sticker"}


def build_webhook_router(needs: Needs, api: WazzupApi, gatherer: TurnGatherer) -> APIRouter:
    router = APIRouter(tags=["wazzup"])
    token = needs.settings.wazzup.webhook_token
    assert token is not None
    expected = f"Bearer {token.get_secret_value()}".encode()
    media = Path(needs.settings.telegram.media_dir) / CHANNEL
    limit = needs.settings.telegram.max_photo_bytes

    @router.post(PATH)
    async def update(request: Request) -> Response:
        given = request.headers.get("authorization", "").encode("latin-1")  # a header is bytes: any of them may come
        if not hmac.compare_digest(given, expected):
            log.warning("Wazzup webhook refused: wrong or missing bearer token")
            return Response("Unauthorized", status_code=401)
        try:
            payload = json.loads(await request.body())
        except (ValueError, RecursionError):  # not JSON (or nested past the decoder): delivering it again would not help
            log.warning("Wazzup webhook: a body that is not JSON, ignored")
            return Response("ignored: not JSON")
        if not isinstance(payload, dict) or payload.get("test"):
            return Response("ok")  # Wazzup checks the URL with {"test": true} when it is registered
        if not isinstance(payload.get("messages") or [], list):
            log.warning("Wazzup webhook: messages is not a list, ignored")
            return Response("ignored: no message list")
        try:
            for message in payload.get("messages") or []:
                if not isinstance(message, dict) or not all(_string(message.get(key)) for key in IDS):
                    log.warning("Wazzup webhook: a message without an id or a chat, ignored")  # nothing to dedup or answer
                    continue
                if message.get("isEcho"):
                    await _managers_echo(needs, message)
                else:
                    await _customers(needs, api, gatherer, message, media, limit)
        except Exception:  # answered 500: Wazzup delivers again, and the database deduplicates
            log.exception("Wazzup update not handled")
            return Response("not handled, deliver again", status_code=500)
        return Response("ok")

    return router


def chat_of(message: dict[str, Any]) -> WazzupChat:
    return WazzupChat(_string(message.get("channelId")), _string(message.get("chatType")), _string(message.get("chatId")))


def _string(value: object) -> str:
    """A field Wazzup documents as a string (some as a number): anything else is as good as absent."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return ""
    return clean_text(str(value))


async def _customers(
    needs: Needs, api: WazzupApi, gatherer: TurnGatherer, message: dict[str, Any], media: Path, limit: int
) -> None:
    chat = chat_of(message)
    kind = _string(message.get("type", "text"))
    photos: tuple[Photo, ...] = ()
    unsupported = None if kind in READABLE else UNSUPPORTED.get(kind, "file")
    if kind == "image" and (uri := _string(message.get("contentUri"))):
        try:
            data = await api.download(uri, limit)
        except (Rejected, RecipientUnreachable) as exc:  # no such photo: delivering the message again would not help
            log.warning("Wazzup photo of message %s not fetched: %s", _string(message.get("messageId")), type(exc).__name__)
            unsupported = "photo_unavailable"
        else:
            if data is None:
                unsupported = "photo_too_big"
            else:
                photos = (await keep_photo(media, (chat.chat_type, chat.chat_id, _string(message.get("messageId"))), data),)
    contact = message.get("contact")
    contact = contact if isinstance(contact, dict) else {}
    phone = _string(contact.get("phone")) or (chat.chat_id if chat.chat_type in ("whatsapp", "wapi") else "")
    inbound = Inbound(
        channel=CHANNEL,
        chat_id=chat.key,
        external_id=_string(message.get("messageId")),
        text=_string(message.get("text")),
        received_at=needs.clock.now(),
        photos=photos,
        sender_name=_string(contact.get("name")) or None,
        sender_phone=f"+{phone.lstrip('+')}" if phone else None,
        unsupported=unsupported,
        platform_ids=(_string(message.get("messageId")),),
    )
    await gatherer.add(inbound)


async def _managers_echo(needs: Needs, message: dict[str, Any]) -> None:
    """A manager wrote to the customer from Wazzup or amoCRM: the manager has the conversation now."""
    chat = chat_of(message)
    async with needs.sessions() as session:
        conversation = (
            await session.exec(select(Conversation).where(Conversation.channel == CHANNEL, Conversation.chat_id == chat.key))
        ).first()
        if conversation is None or conversation.id is None:
            return
        external_id = f"echo:{_string(message.get('messageId'))}"
        seen = await session.exec(select(Message).where(Message.channel == CHANNEL, Message.external_id == external_id))
        if seen.first() is None:  # the manager's words belong in the transcript, once
            text, now = _string(message.get("text")), needs.clock.now()
            session.add(
                Message(
                    conversation_id=conversation.id,
                    channel=CHANNEL,
                    external_id=external_id,
                    direction="out",
                    text=text,
                    created_at=now,
                )
            )
            await session.commit()
        query = (
            select(Lead).where(Lead.conversation_id == conversation.id, Lead.status == "handed_off").order_by(col(Lead.id).desc())
        )
        lead = (await session.exec(query)).first()
    if lead is None or lead.id is None:
        return
    author = _string(message.get("authorName")) or "менеджер"
    await Ownership(needs.kv).own(conversation.id, lead.id, {"name": author, "via": CHANNEL}, replace=False)
    await mark_first_reply(needs.sessions, lead.id, author, CHANNEL, needs.clock.now())
