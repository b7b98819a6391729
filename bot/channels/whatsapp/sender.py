"""Replies out through the Cloud API, within WhatsApp's rules.

Free-form text only inside the 24-hour customer service window (the customer wrote within the last
24 hours; we keep an hour's margin); outside it, the approved template (WHATSAPP_TEMPLATE_NAME, body
parameters: the customer's name and the shop). Texts are split at 4,096 characters. The Graph API's
errors become the core's: an unreachable customer is not retried, rate limits are.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from pywa.types.callback import Section, SectionList, SectionRow
from pywa.types.templates import TemplateLanguage
from pywa_async.client import WhatsApp
from pywa_async.errors import WhatsAppError
from sqlmodel import col, select

from bot.app.outbox import Handler
from bot.app.sending import split_text
from bot.channels.whatsapp.statuses import record_sent
from bot.clock import Clock
from bot.config import WhatsAppSettings
from bot.messages import Outbound
from bot.ports import RecipientUnreachable, RetryLater
from bot.store.engine import SessionFactory
from bot.store.models import Conversation, Customer, Message

CHANNEL = "whatsapp"
MAX_TEXT = 4096
WINDOW = timedelta(hours=24) - timedelta(hours=1)  # free-form text only this soon after the customer's last message
WINDOW_CLOSED = 131047
UNREACHABLE = frozenset({131026, 131049, 131050, 131051})  # not on WhatsApp, marketing capped or refused
RATE = frozenset({4, 80007, 130429, 131048, 131056})


INTERACTIVE_TEXT = 1024  # an interactive message's body
LIST_ROWS = 10


def answer_list(meta: dict[str, str], text: str) -> SectionList | None:
    """`meta["buttons"]` ("1 2 3 4 5") as a list under the message (WhatsApp's reply buttons stop at
    three): the customer taps a row and its title comes back as their answer. None without options,
    or when the text is longer than an interactive message may be."""
    labels = meta.get("buttons", "").split()[:LIST_ROWS]
    if not labels or len(text) > INTERACTIVE_TEXT:
        return None
    title = (meta.get("buttons_title") or "…")[:20]
    rows = [SectionRow(title=label[:24], callback_data=f"answer:{label}"[:200]) for label in labels]
    return SectionList(button_title=title, sections=[Section(title=title[:24], rows=rows)])


class WhatsAppSender:
    def __init__(self, client: WhatsApp, sessions: SessionFactory, clock: Clock, settings: WhatsAppSettings, shop: str) -> None:
        self._client, self._sessions, self._clock = client, sessions, clock
        self._template, self._language, self._shop = settings.template_name, settings.template_language, shop

    async def send(self, outbound: Outbound) -> None:
        last_heard, name = await self._chat(outbound.chat_id)
        if last_heard is None or self._clock.now() - last_heard > WINDOW:
            wamid = await self.send_template(outbound.chat_id, name)
        else:
            try:
                pieces = split_text(outbound.text, MAX_TEXT)
                for number, piece in enumerate(pieces, 1):
                    options = answer_list(outbound.meta, piece) if number == len(pieces) else None
                    wamid = (await self._client.send_message(to=outbound.chat_id, text=piece, buttons=options)).id
            except WhatsAppError as exc:
                if exc.code != WINDOW_CLOSED:
                    raise core_error(exc) from exc
                wamid = await self.send_template(outbound.chat_id, name)  # our clock and Meta's disagreed about the window
        if outbound.message_id is not None:
            await record_sent(self._sessions, outbound.message_id, wamid)  # so its delivery statuses find it

    async def send_template(self, to: str, name: str | None) -> str:
        """The approved template (the only thing WhatsApp delivers outside the window); its message id."""
        if not self._template:
            raise RecipientUnreachable("outside WhatsApp's 24-hour window and WHATSAPP_TEMPLATE_NAME is not set")
        body = {"type": "body", "parameters": [{"type": "text", "text": name or "клиент"}, {"type": "text", "text": self._shop}]}
        try:
            sent = await self._client.send_template(
                to=to, name=self._template, language=TemplateLanguage(self._language), params=[body]
            )
        except WhatsAppError as exc:
            raise core_error(exc) from exc
        return sent.id

    def resend_handler(self) -> Handler:
        """Outbox handler for RESEND_AS_TEMPLATE: a text WhatsApp refused because the window had closed."""

        async def resend(payload: dict[str, Any], progress: dict[str, Any], save: Callable[[], Awaitable[None]]) -> None:
            if progress.get("sent"):
                return
            async with self._sessions() as session:
                message = await session.get(Message, int(payload["message_id"]))
                conversation = await session.get(Conversation, message.conversation_id) if message else None
            if message is None or conversation is None:
                return
            _, name = await self._chat(conversation.chat_id)
            try:
                wamid = await self.send_template(conversation.chat_id, name)
            except RecipientUnreachable as exc:
                progress["unreachable"] = str(exc)
                return
            progress["sent"] = True
            await save()
            await record_sent(self._sessions, int(payload["message_id"]), wamid)

        return resend

    async def _chat(self, chat_id: str) -> tuple[datetime | None, str | None]:
        """When the customer last wrote in this chat (None: never), and their name."""
        async with self._sessions() as session:
            conversation = (
                await session.exec(select(Conversation).where(Conversation.channel == CHANNEL, Conversation.chat_id == chat_id))
            ).first()
            if conversation is None:
                return None, None
            query = (
                select(Message.created_at)
                .where(Message.conversation_id == conversation.id, Message.direction == "in")
                .order_by(col(Message.id).desc())
                .limit(1)
            )
            last = (await session.exec(query)).first()
            customer = await session.get(Customer, conversation.customer_id)
        return last, customer.name if customer else None


def core_error(exc: WhatsAppError) -> Exception:
    """The Graph API's error as the core knows it: unreachable (never retried), later, or as it is."""
    if exc.code in UNREACHABLE or exc.code == WINDOW_CLOSED:
        return RecipientUnreachable(f"WhatsApp {exc.code}: {exc.message}")
    if exc.code in RATE:
        return RetryLater(f"WhatsApp rate limit {exc.code}")
    return exc
