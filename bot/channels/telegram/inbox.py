"""Customer messages in: quick bursts and albums gathered into one turn, photos downloaded, the
turn handed to the persona (or to the manager who has the conversation), replies sent back.

A burst is every message of one chat with less than `debounce` seconds between them: "нужен
стартер" / "на камри" / "вин …" is one Inbound (texts joined by newlines, the first update's id
as its external id) and gets one answer. Album parts arrive as separate updates, usually
within milliseconds; while the last piece belongs to an album (`media_group_id`) the turn waits at
least `ALBUM_WAIT` seconds, so a slow upload of a big album is still one turn.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiogram.exceptions import TelegramAPIError
from aiogram.types import Message as TgMessage

from bot.app.sending import deliver_reply
from bot.channels.telegram import store
from bot.channels.telegram.context import TelegramContext
from bot.messages import Inbound, Outbound, Photo
from bot.ports import RecipientUnreachable

log = logging.getLogger(__name__)
UNSUPPORTED = {
    "voice": "voice",
    "audio": "voice",
    "video_note": "voice",
    "sticker": "sticker",
    "video": "video",
    "animation": "video",
    "document": "document",
    "location": "location",
    "venue": "location",
    "poll": "poll",
}


@dataclass
class Piece:
    """One customer message of a turn."""

    update_id: int
    message: TgMessage
    text: str
    photo: asyncio.Task[Photo | None] | None = None
    unsupported: str | None = None


@dataclass
class Turn:
    chat_id: int
    pieces: list[Piece]
    inbound: Inbound


ALBUM_WAIT = 3.0  # seconds of quiet after an album part before the turn is answered


@dataclass
class _Buffer:
    pieces: list[Piece] = field(default_factory=list)
    timer: asyncio.Task[None] | None = None


class Gatherer:
    """Collects a chat's messages until it has been quiet for `debounce` seconds, then calls `on_turn`."""

    def __init__(self, ctx: TelegramContext, on_turn: Callable[[Turn], Awaitable[None]], *, debounce: float) -> None:
        self._ctx, self._on_turn, self._debounce = ctx, on_turn, debounce
        self._buffers: dict[int, _Buffer] = {}
        self._in_flight: set[int] = set()  # update ids gathered but not yet recorded as handled
        self._tasks: set[asyncio.Task[None]] = set()

    def add(self, update_id: int, message: TgMessage) -> None:
        if update_id in self._in_flight:  # Telegram re-sent it while we were still gathering
            return
        self._in_flight.add(update_id)
        chat_id = message.chat.id
        buffer = self._buffers.setdefault(chat_id, _Buffer())
        buffer.pieces.append(self._piece(update_id, message))
        if buffer.timer is not None:
            buffer.timer.cancel()
        wait = max(self._debounce, ALBUM_WAIT) if message.media_group_id else self._debounce
        buffer.timer = self._spawn(self._flush_later(chat_id, buffer, wait))

    async def idle(self) -> None:
        """Wait until every gathered turn is answered (tests, the bench, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def close(self) -> None:
        """Answer what is gathered now instead of waiting: nothing received is dropped at shutdown."""
        for chat_id, buffer in list(self._buffers.items()):
            if buffer.timer is not None:
                buffer.timer.cancel()
            del self._buffers[chat_id]
            self._spawn(self._flush(chat_id, buffer))
        await self.idle()

    def _spawn(self, coroutine: Awaitable[None]) -> asyncio.Task[None]:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _flush_later(self, chat_id: int, buffer: _Buffer, wait: float) -> None:
        await asyncio.sleep(wait)
        if self._buffers.get(chat_id) is buffer:
            del self._buffers[chat_id]
        await self._flush(chat_id, buffer)

    async def _flush(self, chat_id: int, buffer: _Buffer) -> None:
        pieces = sorted(buffer.pieces, key=lambda p: p.update_id)
        ids = [p.update_id for p in pieces]
        try:
            photos = [p for p in await asyncio.gather(*(x.photo for x in pieces if x.photo)) if p is not None]
            text = "\n".join(p.text for p in pieces if p.text.strip())
            unsupported = None if text or photos else next((p.unsupported for p in pieces if p.unsupported), None)
            first = pieces[0].message
            inbound = Inbound(
                channel=store.CHANNEL,
                chat_id=str(chat_id),
                external_id=str(ids[0]),
                text=text,
                received_at=self._ctx.clock.now(),
                photos=tuple(photos),
                sender_name=first.from_user.full_name if first.from_user else None,
                unsupported=unsupported,
                platform_ids=tuple(str(p.message.message_id) for p in pieces),
            )
            await self._on_turn(Turn(chat_id, pieces, inbound))  # which records the updates as handled
        except Exception:  # one chat's failure must not stop the others; the update may be re-sent
            log.exception("telegram turn of chat %s (updates %s) failed", chat_id, ids)
        finally:
            self._in_flight.difference_update(ids)

    def _piece(self, update_id: int, message: TgMessage) -> Piece:
        text = message.text or message.caption or ""
        piece = Piece(update_id, message, text)
        if message.photo:
            largest = message.photo[-1]
            piece.photo = asyncio.ensure_future(
                download_photo(self._ctx, message.chat.id, largest.file_id, largest.file_unique_id, largest.file_size)
            )
        elif message.document and (message.document.mime_type or "").startswith("image/"):
            doc = message.document
            piece.photo = asyncio.ensure_future(
                download_photo(self._ctx, message.chat.id, doc.file_id, doc.file_unique_id, doc.file_size)
            )
        elif not text:
            piece.unsupported = next((kind for attr, kind in UNSUPPORTED.items() if getattr(message, attr, None)), "other")
        return piece


async def download_photo(
    ctx: TelegramContext, chat_id: int, file_id: str, unique_id: str, declared_size: int | None
) -> Photo | None:
    """getFile + download into the media folder; None when too large or not downloadable."""
    limit = ctx.settings.telegram.max_photo_bytes
    if declared_size and declared_size > limit:
        log.info("photo %s skipped: %s bytes > %s", unique_id, declared_size, limit)
        return None
    folder = ctx.settings.telegram.media_dir / "telegram" / re.sub(r"[^0-9-]", "", str(chat_id))
    destination = folder / (re.sub(r"[^A-Za-z0-9_-]", "", unique_id) + ".jpg")
    try:
        file = await ctx.bot.get_file(file_id)
        if not file.file_path or (file.file_size or 0) > limit:
            return None
        folder.mkdir(parents=True, exist_ok=True)
        await ctx.bot.download_file(file.file_path, destination=destination)
    except (TelegramAPIError, OSError) as exc:
        log.warning("photo %s not downloaded: %s", unique_id, exc)
        return None
    if destination.stat().st_size > limit:
        destination.unlink()
        return None
    return Photo(path=str(destination), file_id=file_id)


async def deliver(ctx: TelegramContext, outbound: Outbound) -> None:
    """Send a persona reply now; when Telegram fails, the outbox keeps trying (the reply is stored)."""
    try:
        await deliver_reply(ctx.sender, outbound, ctx.sessions, ctx.clock.now(), ctx.wake_outbox, ctx.settlements)
    except RecipientUnreachable:
        await store.mark_unreachable(ctx.sessions, outbound.chat_id)
