"""After a purchase the persona asks once how it went: FEEDBACK_AFTER_DAYS after a won deal or an
imported purchase, to a customer with messaging consent, in their daytime, within the messenger's rules
(bot/app/sla.py may_write), with buttons 1–5 where the messenger has them. The answer is read by the
dialogue (bot/dialogue/feedback.py); FEEDBACK_ANSWERED puts it on the deal as a note, and a rating of
1–3 becomes a task for the senior manager and an alert with the transcript.

The question is one `feedback` row per purchase (unique), made in the same commit as the message, the
conversation's new stage and the send item: a restart or a second process never asks twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.effects import FEEDBACK_ANSWERED, outbox_item
from bot.app.manager_texts import ManagerTexts
from bot.app.outbox import Handler
from bot.app.sending import queue_message
from bot.app.sla import SlaRules, deal_link, last_inbound, may_write
from bot.clock import Clock
from bot.config import Settings
from bot.dialogue.state import DialogueState, Stage
from bot.ports import ChannelSender, CrmPort
from bot.store.engine import SessionFactory
from bot.store.models import Conversation, Customer, Feedback, Lead, Message, Purchase
from retention.scheduler import every

log = logging.getLogger(__name__)
BUTTONS = "1 2 3 4 5"
LOOKBACK = timedelta(days=14)  # a purchase older than this past the due day is not asked about (an old import)
ONCE_PER = timedelta(days=30)  # a customer is asked at most once in this time, whatever they bought
BUSY = frozenset({Stage.COLLECTING, Stage.ASKING_MORE})  # in the middle of a request: asked at a later tick
TASK_DUE = timedelta(hours=2)
TRANSCRIPT_MESSAGES = 30
Alert = Callable[[str], Awaitable[None]]


@dataclass
class Asker:
    sessions: SessionFactory
    texts: ManagerTexts
    after: timedelta
    channels: frozenset[str]  # where the persona can write first (messengers; the web chat for its own leads)
    hours_start: int = 10
    hours_end: int = 20
    wake: asyncio.Event | None = None
    max_per_run: int = 200

    @classmethod
    def of(
        cls, settings: Settings, sessions: SessionFactory, senders: dict[str, ChannelSender], wake: asyncio.Event | None
    ) -> Asker:
        return cls(
            sessions,
            ManagerTexts(settings.prompts_dir, persona=settings.persona_name, shop=settings.shop_name),
            timedelta(days=settings.feedback.after_days),
            frozenset(channel for channel in senders if channel != "cli"),
            settings.retention.hours_start,
            settings.retention.hours_end,
            wake,
        )

    def buttons(self) -> dict[str, str]:
        """The answers offered under the question (Outbound.meta), and the caption of the button that
        opens them where a messenger needs one (WhatsApp's list)."""
        return {"buttons": BUTTONS, "buttons_title": self.texts("feedback_buttons_title")}

    async def run_once(self, now: datetime) -> int:
        """Ask about every purchase due now; returns how many were asked."""
        due = now - self.after
        async with self.sessions() as session:
            asked = select(Feedback.id).where(Feedback.purchase_id == Purchase.id).exists()
            chats = select(Conversation.id).where(Conversation.customer_id == Customer.id).exists()
            query = (
                select(Purchase, Customer)
                .join(Customer, col(Customer.id) == col(Purchase.customer_id))
                .where(
                    col(Purchase.purchased_at) <= due,
                    col(Purchase.purchased_at) > due - LOOKBACK,
                    col(Customer.messaging_consent).is_(True),
                    col(Customer.opted_out_at).is_(None),
                    col(Customer.forgotten_at).is_(None),
                    ~asked,
                    chats,
                )
                .order_by(col(Purchase.purchased_at).desc())
                .limit(self.max_per_run)
            )
            candidates = list((await session.exec(query)).all())
        count = 0
        for purchase, customer in candidates:
            count += await self._ask(purchase, customer, now)
        if count and self.wake is not None:
            self.wake.set()
        return count

    async def _ask(self, purchase: Purchase, customer: Customer, now: datetime) -> int:
        if not self.hours_start <= now.astimezone(ZoneInfo(customer.timezone)).hour < self.hours_end:
            return 0
        async with self.sessions() as session:
            recent = select(Feedback.id).where(Feedback.customer_id == customer.id, col(Feedback.asked_at) > now - ONCE_PER)
            if (await session.exec(recent)).first() is not None:
                return 0
            lead = await lead_of(session, purchase)
            conversation = await self._chat(session, customer, lead)
            if conversation is None or conversation.id is None:
                return 0
            state = DialogueState.from_dict(conversation.state)
            if state.stage in BUSY or not may_write(conversation, customer, await last_inbound(session, conversation.id), now):
                return 0
            row = Feedback(
                customer_id=customer.id,  # type: ignore[arg-type]
                purchase_id=purchase.id,  # type: ignore[arg-type]
                lead_id=lead.id if lead else None,
                conversation_id=conversation.id,
                asked_at=now,
            )
            session.add(row)
            await session.flush()
            state.stage, state.feedback_id, state.greeted = Stage.FEEDBACK_ASKED, row.id, True
            conversation.state, conversation.stage, conversation.updated_at = state.to_dict(), state.stage.value, now
            session.add(conversation)
            name = customer.name.split()[0] if customer.name else None
            what = ", ".join(lead.parts) if lead and lead.parts else None
            text = self.texts("feedback_question", name=name, what=what)
            # sent as any stored message is, with its answer buttons where the channel shows them
            await queue_message(session, conversation, text, now, meta=self.buttons())
            try:
                await session.commit()
            except IntegrityError:  # another process asked about this purchase just now
                return 0
        return 1

    async def _chat(self, session: AsyncSession, customer: Customer, lead: Lead | None) -> Conversation | None:
        """The deal's own chat; for an imported purchase, the customer's latest messenger chat."""
        if lead is not None:
            conversation = await session.get(Conversation, lead.conversation_id)
            return conversation if conversation is not None and conversation.channel in self.channels else None
        query = (
            select(Conversation)
            .where(Conversation.customer_id == customer.id, col(Conversation.channel).in_(self.channels - {"web"}))
            .order_by(col(Conversation.updated_at).desc())
            .limit(1)
        )
        return (await session.exec(query)).first()


async def lead_of(session: AsyncSession, purchase: Purchase) -> Lead | None:
    """The request a purchase closed: the board's deal (local:lead:N) or amoCRM's (amocrm:lead:DEAL)."""
    ref = purchase.external_id or ""
    if ref.startswith("local:lead:") and ref.rsplit(":", 1)[1].isdigit():
        return await session.get(Lead, int(ref.rsplit(":", 1)[1]))
    if ref.startswith("amocrm:lead:"):
        return (await session.exec(select(Lead).where(Lead.crm_deal_id == ref.rsplit(":", 1)[1]))).first()
    return None


def asking_task(asker: Asker, clock: Clock, seconds: float = 300.0) -> Callable[[], Awaitable[None]]:
    """The background task (bot/bootstrap.py): a pass at start, then every `seconds`."""
    return every("feedback.ask", seconds, asker.run_once, clock.now)


def feedback_handlers(
    sessions: SessionFactory,
    crm: CrmPort,
    clock: Clock,
    settings: Settings,
    texts: ManagerTexts,
    alert: Alert,
    notice_kinds: tuple[str, ...],
) -> dict[str, Handler]:
    rules = SlaRules.of(settings)
    zone = ZoneInfo(settings.timezone)

    async def transcript(conversation_id: int) -> str:
        async with sessions() as session:
            query = (
                select(Message)
                .where(Message.conversation_id == conversation_id)
                .order_by(col(Message.id).desc())
                .limit(TRANSCRIPT_MESSAGES)
            )
            messages = list(reversed((await session.exec(query)).all()))
        lines = [texts("transcript_header")]
        for m in messages:
            who = texts("transcript_customer") if m.direction == "in" else settings.persona_name
            lines.append(f"{m.created_at.astimezone(zone):%d.%m %H:%M} {who}: {m.text or '[фото]'}")
        return "\n".join(lines)

    async def answered(payload: dict[str, Any], progress: dict[str, Any], save: Callable[[], Awaitable[None]]) -> None:
        async with sessions() as session:
            row = await session.get(Feedback, int(payload["feedback_id"]))
            if row is None:
                progress["skipped"] = "no such feedback"
                return
            lead = await session.get(Lead, row.lead_id) if row.lead_id else None
            customer = await session.get(Customer, row.customer_id)
        rating, comment = payload.get("rating"), payload.get("comment")
        deal_id = lead.crm_deal_id if lead else None
        if deal_id and "note_id" not in progress:
            progress["note_id"] = await crm.add_note(deal_id, texts("feedback_note", rating=rating, comment=comment))
            await save()
        if row.rating is None or row.rating >= 4:
            return
        who = {"customer": customer.name if customer else None, "phone": customer.phone if customer else None}
        if rating is None:  # a comment after a bad rating
            text = texts("feedback_comment_alert", rating=row.rating, comment=comment, **who)
        else:
            link = deal_link(settings, lead) if lead else None
            chat = await transcript(row.conversation_id)
            text = texts("feedback_bad_alert", rating=rating, comment=comment, link=link, transcript=chat, **who)
        if "notices" not in progress:
            async with sessions() as session:
                for kind in notice_kinds:
                    session.add(outbox_item(kind, {"lead_id": None, "text": text, "take": False}, clock.now()))
                await session.commit()
            progress["notices"] = True
            await save()
        if "alerted" not in progress:
            await alert(text)
            progress["alerted"] = True
            await save()
        if rating is not None and deal_id and "task_id" not in progress:
            due = rules.hours.due(clock.now(), TASK_DUE)
            task = texts("feedback_bad_task", rating=rating, comment=comment)
            progress["task_id"] = await crm.add_task(deal_id, task, due, responsible=rules.senior)
            await save()

    return {FEEDBACK_ANSWERED: answered}
