"""/webhooks/whatsapp: Meta's verification GET and the signed update POSTs.

Every POST must carry a valid X-Hub-Signature-256 (HMAC-SHA256 of the raw body with the app secret,
checked by pywa); anything else is refused before a byte is stored. A customer's message becomes
an `Inbound` (deduplicated on the wamid in the database, so a re-delivery is answered once), photos
are downloaded at once (their URL lives five minutes), and the replies go straight back. When
handling fails the webhook answers 500, so Meta delivers again; nothing is lost.
"""

from __future__ import annotations

import contextvars
import logging
from pathlib import Path

from fastapi import APIRouter, Request, Response
from pywa.handlers import CallbackButtonHandler, CallbackSelectionHandler, MessageHandler, MessageStatusHandler
from pywa_async.client import WhatsApp
from pywa_async.types.callback import CallbackButton, CallbackSelection
from pywa_async.types.message import Message
from pywa_async.types.message_status import MessageStatus

from bot.app.gathering import TurnGatherer
from bot.channels.whatsapp.statuses import record_status
from bot.media_links import keep_photo
from bot.messages import Inbound, Photo, clean_text
from bot.plugin import Needs

log = logging.getLogger(__name__)
CHANNEL = "whatsapp"
PATH = "/webhooks/whatsapp"
UNSUPPORTED = {"sticker": "sticker", "audio": "voice", "voice": "voice", "video": "video", "location": "location"}
UNSUPPORTED_DEFAULT = "file"


def build_webhook_router(needs: Needs, client: WhatsApp, gatherer: TurnGatherer) -> APIRouter:
    router = APIRouter(tags=["whatsapp"])
    media = Path(needs.settings.telegram.media_dir) / CHANNEL
    limit = needs.settings.telegram.max_photo_bytes
    # What failed while handling the update at hand: each request its own list (pywa runs the handlers
    # in the request's task). One list for all made every update handled meanwhile answer 500 too.
    failures: contextvars.ContextVar[list[BaseException]] = contextvars.ContextVar("whatsapp_update_failures")

    def failed(exc: BaseException) -> None:
        failures.get([]).append(exc)

    async def answer(inbound: Inbound) -> None:
        try:
            await gatherer.add(inbound)
        except Exception as exc:  # not stored: reported as 500 below, so Meta delivers the update again
            log.exception("WhatsApp message %s not stored", inbound.external_id)
            failed(exc)

    async def on_message(_: WhatsApp, message: Message) -> None:
        if not _id(message.id):  # pywa passes on whatever came: nothing to deduplicate it by
            log.warning("WhatsApp webhook: a message without an id, ignored")
            return
        try:
            inbound = await to_inbound(message, media, limit, needs)
        except Exception as exc:  # e.g. the photo could not be fetched: Meta delivers the update again
            log.exception("WhatsApp message %s not read", message.id)
            failed(exc)
            return
        if inbound is not None:
            await answer(inbound)

    async def on_button(_: WhatsApp, button: CallbackButton[str] | CallbackSelection[str]) -> None:
        """A tap on a reply button or a list row: the customer said its title."""
        user = button.from_user
        chat = chat_of(user.wa_id, user.bsuid)
        if not _id(button.id) or chat is None:
            log.warning("WhatsApp webhook: a button tap without an id or a sender, ignored")
            return
        await answer(
            Inbound(
                channel=CHANNEL,
                chat_id=chat,
                external_id=button.id,
                text=_string(button.title),
                received_at=needs.clock.now(),
                sender_name=_string(user.name) or None,
                sender_phone=_phone(user.wa_id),
            )
        )

    async def on_status(_: WhatsApp, status: MessageStatus[str]) -> None:
        error = status.error
        if not _id(status.id):
            log.warning("WhatsApp webhook: a status without a message id, ignored")
            return
        code = error.code if error and isinstance(error.code, int) and not isinstance(error.code, bool) else None
        try:
            queued = await record_status(
                needs.sessions,
                status.id,
                str(status.status),
                code,
                clean_text(_string(error.message)) if error else "",
                needs.clock.now(),
            )
        except Exception as exc:
            log.exception("WhatsApp status of %s not recorded", status.id)
            failed(exc)
            return
        if queued:
            needs.wake_outbox.set()

    # pywa types its handlers with the sync client's classes; the async client passes its own subclasses
    client.add_handlers(
        MessageHandler(on_message),  # type: ignore[arg-type]
        CallbackButtonHandler(on_button),  # type: ignore[arg-type]
        CallbackSelectionHandler(on_button),  # type: ignore[arg-type]
        MessageStatusHandler(on_status),  # type: ignore[arg-type]
    )

    @router.get(PATH)
    async def verify(request: Request) -> Response:
        """Meta's subscription check: echo hub.challenge when hub.verify_token is ours."""
        params = request.query_params
        if params.get("hub.mode") != "subscribe":
            return Response("Forbidden", status_code=403)
        text, status = await client.webhook_challenge_handler(params.get("hub.verify_token"), params.get("hub.challenge"))
        return Response(text or "", status_code=status, media_type="text/plain")

    @router.post(PATH)
    async def update(request: Request) -> Response:
        body = await request.body()
        signature = request.headers.get("X-Hub-Signature-256")
        if signature is not None and not signature.isascii():  # pywa would compare it as text and raise
            log.warning("WhatsApp webhook refused: a signature that is not one")
            return Response("Forbidden", status_code=403)
        refused = await client.webhook_update_validator(body, signature)
        if refused is not None:
            log.warning("WhatsApp webhook refused: %s", refused[0])
            return Response(refused[0], status_code=refused[1])
        ours: list[BaseException] = []
        failures.set(ours)
        try:
            text, status = await client.webhook_update_handler(body)
        except Exception:  # pywa could not read it: malformed, and delivering it again would not help
            if ours:  # ...unless it was our own handler that failed
                return Response("not handled, deliver again", status_code=500)
            log.warning("WhatsApp webhook: an update pywa cannot read, ignored", exc_info=True)
            return Response("ignored: malformed update", status_code=200)
        if ours:
            return Response("not handled, deliver again", status_code=500)
        return Response(text, status_code=status)

    return router


def chat_of(wa_id: object, bsuid: object) -> str | None:
    """The chat is the phone number (wa_id) when WhatsApp gives one, else the business-scoped id."""
    return _string(wa_id) or _string(bsuid) or None


def _string(value: object) -> str:
    """A field Meta documents as text; pywa passes on whatever came, and anything else is as good as absent."""
    return value if isinstance(value, str) else ""


def _id(value: object) -> str:
    """An id Meta made is text as it stands: one with a NUL or a lone surrogate is nobody's (cleaned, it
    could be another message's), and none of them can go into a query."""
    text = _string(value)
    return text if clean_text(text) == text else ""


def _phone(wa_id: object) -> str | None:
    return f"+{wa_id}" if _string(wa_id) else None


SILENT = frozenset({"reaction", "system", "edit", "revoke", "request_welcome", "unknown"})  # nothing to answer


async def to_inbound(message: Message, media: Path, limit: int, needs: Needs) -> Inbound | None:
    if str(message.type) in SILENT:
        return None
    user = message.from_user
    chat = chat_of(user.wa_id, user.bsuid)
    if chat is None:
        log.warning("WhatsApp webhook: a message without a sender, ignored")
        return None
    photos: tuple[Photo, ...] = ()
    unsupported = None
    kind = str(message.type)
    picture = message.image or (message.document if _is_image(message) else None)
    if picture is not None:
        photos = await _download(picture, media / chat, message.id, limit)
        if not photos:
            unsupported = "photo_too_big"
    elif message.text is None and kind not in ("text", "interactive", "button"):
        unsupported = UNSUPPORTED.get(kind, UNSUPPORTED_DEFAULT)
    return Inbound(
        channel=CHANNEL,
        chat_id=chat,
        external_id=message.id,
        text=_string(message.text) or _string(message.caption),
        received_at=needs.clock.now(),
        photos=photos,
        sender_name=_string(user.name) or None,
        sender_phone=_phone(user.wa_id),
        unsupported=unsupported,
        platform_ids=(message.id,),
    )


def _is_image(message: Message) -> bool:
    document = message.document
    return document is not None and (document.mime_type or "").startswith("image/")


async def _download(picture: object, folder: Path, message_id: str, limit: int) -> tuple[Photo, ...]:
    """The photo on disk (the media URL lives five minutes, so it is fetched now)."""
    data: bytes = await picture.get_bytes()  # type: ignore[attr-defined]
    if len(data) > limit:
        return ()
    return (await keep_photo(folder, (message_id,), data),)
