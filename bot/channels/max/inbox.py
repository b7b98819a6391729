"""Customer messages in: a MAX message becomes an `Inbound` (photos downloaded at once and saved,
what cannot be read named for the persona's polite answer), stored by the core at once and answered
when the chat has been quiet for MAX_DEBOUNCE_SECONDS (bot/app/gathering.py): quick messages in a
row are one turn. MAX sends an album as one message with several images: one turn by itself.

A message MAX delivers again is dropped before its photos are fetched (the core has its `mid`), and
the core deduplicates on the `mid` in any case.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import PurePath

from aiohttp import ClientError
from maxapi.types import MessageCreated
from maxapi.types.attachments import Attachments, File, Image
from maxapi.types.message import Message

from bot.channels.max import store
from bot.channels.max.context import MaxContext
from bot.media_links import keep_photo
from bot.messages import Inbound, Photo, clean_text

log = logging.getLogger(__name__)
UNSUPPORTED = {"audio": "voice", "video": "video", "file": "file", "sticker": "sticker", "location": "location"}
SILENT = frozenset({"inline_keyboard"})  # nothing the customer said
IMAGE_FILES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif", ".bmp", ".tif", ".tiff"})


async def process_message(ctx: MaxContext, event: MessageCreated) -> None:
    """A customer's message in a dialog with the bot: to the core (its contact button is start.py's)."""
    inbound = await to_inbound(ctx, event.message)
    if inbound is not None:
        await ctx.gatherer.add(inbound)
        await store.set_blocked(ctx.sessions, inbound.chat_id, False, ctx.clock.now())  # writing again: reachable again


def chat_of(message: Message) -> str | None:
    """Our chat id: the dialog's chat id (what /messages?chat_id= writes to)."""
    chat_id = message.recipient.chat_id
    return str(chat_id) if chat_id is not None else None


def is_customers(message: Message) -> bool:
    """A person's message in a dialog with the bot (not a group chat, a channel post or a bot's)."""
    sender = message.sender
    return str(message.recipient.chat_type) == "dialog" and sender is not None and not sender.is_bot and message.body is not None


async def to_inbound(ctx: MaxContext, message: Message) -> Inbound | None:
    chat_id, body = chat_of(message), message.body
    if chat_id is None or body is None or not body.mid or clean_text(body.mid) != body.mid:
        log.warning("MAX message without a chat or an id, ignored")
        return None
    if await store.seen(ctx.sessions, body.mid):
        return None  # delivered again: answered already (and its photos fetched)
    attachments: list[Attachments] = [a for a in body.attachments or [] if str(a.type) not in SILENT]
    images = [a for a in attachments if _is_image(a)]
    fetched = await asyncio.gather(*(_photo(ctx, chat_id, body.mid, n, a) for n, a in enumerate(images)))
    photos = tuple(item for item in fetched if isinstance(item, Photo))
    text = body.text or ""
    failed = [item for item in fetched if isinstance(item, str)]
    others = [UNSUPPORTED.get(str(a.type), "file") for a in attachments if not _is_image(a)]
    unsupported = failed[0] if failed and not photos else (others[0] if others and not text and not photos else None)
    if not text and not photos and unsupported is None:
        return None  # an empty message: nothing to answer
    sender = message.sender
    return Inbound(
        channel=store.CHANNEL,
        chat_id=chat_id,
        external_id=body.mid,
        text=text,
        received_at=ctx.clock.now(),
        photos=photos,
        sender_name=sender.full_name if sender else None,
        unsupported=unsupported,
        platform_ids=(body.mid,),
    )


def _is_image(attachment: Attachments) -> bool:
    if isinstance(attachment, Image):
        return True
    return isinstance(attachment, File) and PurePath(attachment.filename or "").suffix.lower() in IMAGE_FILES


async def _photo(ctx: MaxContext, chat_id: str, mid: str, number: int, attachment: Attachments) -> Photo | str:
    """The image on disk, or why not: "photo_too_big", or "photo_unavailable" (MAX's links expire)."""
    url = getattr(attachment.payload, "url", None)
    size = attachment.size if isinstance(attachment, File) else None
    if not isinstance(url, str) or not url:
        return "photo_unavailable"
    if size is not None and size > ctx.max_photo_bytes:
        log.info("MAX photo of message %s skipped: %s bytes", mid, size)
        return "photo_too_big"
    data = await download(ctx, url)
    if isinstance(data, str):
        return data
    photo = await keep_photo(ctx.media_dir / chat_id, (f"{mid}-{number}",), data)
    return Photo(path=photo.path, file_id=getattr(attachment.payload, "token", None))


async def download(ctx: MaxContext, url: str) -> bytes | str:
    """Fetch an attachment with MAX's certificates in the trust store (the bot's token only to MAX's
    API host), stopping at the size limit; why not, when it is too large or cannot be fetched."""
    limit = ctx.max_photo_bytes
    try:
        session = await ctx.session_for(url)
        async with session.get(url) as response:
            if response.status != 200:
                log.warning("MAX attachment not fetched: HTTP %s", response.status)
                return "photo_unavailable"
            data = bytearray()
            async for chunk in response.content.iter_chunked(65536):
                data += chunk
                if len(data) > limit:
                    log.info("MAX photo over %s bytes, not kept", limit)
                    return "photo_too_big"
    except (ClientError, TimeoutError, ValueError) as exc:
        log.warning("MAX attachment not fetched: %s", type(exc).__name__)
        return "photo_unavailable"
    return bytes(data)
