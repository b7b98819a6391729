"""A handed-off request must be taken by a manager: SLA_TAKE_MINUTES of working time after the hand-off
an untaken request is posted again to the managers (`notice_kinds`, marked overdue, with «Взять»), gets
an overdue task in the CRM for the senior manager, and the customer hears once that a manager is still
on it; SLA_ESCALATE_MINUTES after it, the owner is alerted. Never for a request already taken or closed.

Durable by the outbox: at the hand-off WATCH computes both moments in working time (MANAGER_HOURS_*,
MANAGER_WORK_DAYS) and enqueues OVERDUE and ESCALATE due then; each runs once, after a restart too.
A request is taken by «Взять» (Telegram, the board), a responsible user change in amoCRM, or a
manager's first reply (`mark_taken`, `mark_first_reply`; the record is `lead_sla`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.effects import outbox_item
from bot.app.lead_delivery import deal_title, source_of
from bot.app.manager_texts import ManagerTexts, duration_text
from bot.app.outbox import Handler
from bot.app.sending import queue_message
from bot.clock import Clock
from bot.config import Settings
from bot.ports import CrmPort, RetryLater
from bot.store.engine import SessionFactory
from bot.store.models import Conversation, Customer, KeyValue, Lead, LeadSla, Message
from bot.working_hours import WorkingHours

WATCH = "sla.watch"
OVERDUE = "sla.overdue"
ESCALATE = "sla.escalate"
WHATSAPP_WINDOW = timedelta(hours=23)  # free text only this soon after the customer's last message (24 h, an hour's margin)
TASK_DUE = timedelta(minutes=30)
Alert = Callable[[str], Awaitable[None]]


@dataclass(frozen=True)
class SlaRules:
    hours: WorkingHours
    take: timedelta = timedelta(minutes=120)
    escalate: timedelta = timedelta(minutes=240)
    senior: str | None = None  # the CRM user the overdue task is for

    @classmethod
    def of(cls, settings: Settings) -> SlaRules:
        return cls(
            settings.working_hours(),
            timedelta(minutes=settings.sla.take_minutes),
            timedelta(minutes=settings.sla.escalate_minutes),
            settings.sla.senior_amocrm_user or None,
        )


def deal_link(settings: Settings, lead: Lead) -> str:
    if settings.amocrm.base_url and lead.crm_deal_id:
        return f"{settings.amocrm.base_url.rstrip('/')}/leads/detail/{lead.crm_deal_id}"
    return f"{settings.base_url().rstrip('/')}/crm"


async def mark_taken(sessions: SessionFactory, lead_id: int, manager: str, via: str, at: datetime) -> bool:
    """Record who took the request (the first one counts); False when someone had taken it before."""
    return await _record(sessions, lead_id, manager, via, at, reply=False)


async def mark_first_reply(sessions: SessionFactory, lead_id: int, manager: str, via: str, at: datetime) -> None:
    """A manager answered the customer: their first reply, and the request taken if nobody had."""
    await _record(sessions, lead_id, manager, via, at, reply=True)


async def _record(sessions: SessionFactory, lead_id: int, manager: str, via: str, at: datetime, *, reply: bool) -> bool:
    for _ in range(3):  # the hand-off's WATCH may be making the row at this moment
        async with sessions() as session:
            row = await session.get(LeadSla, lead_id)
            if row is None:
                lead = await session.get(Lead, lead_id)
                if lead is None:
                    return False
                row = LeadSla(lead_id=lead_id, handed_off_at=lead.created_at)
            took = row.taken_at is None
            if took:
                row.taken_at, row.taken_by, row.taken_via = at, manager[:200], via
            if reply and row.first_reply_at is None:
                row.first_reply_at = at
            session.add(row)
            try:
                await session.commit()
            except IntegrityError:
                continue
            return took
    return False


async def is_taken(session: AsyncSession, lead: Lead, row: LeadSla | None) -> bool:
    """Taken by any way the service knows: our record, a «Взять» claim, a manager owning the chat."""
    if lead.status == "closed" or (row is not None and row.taken_at is not None):
        return True
    if await session.get(KeyValue, f"manager.taken:{lead.id}") is not None:
        return True
    owner = await session.get(KeyValue, f"manager.owner:{lead.conversation_id}")
    return owner is not None and str(owner.value.get("lead_id")) == str(lead.id)


def may_write(conversation: Conversation, customer: Customer, last_in: datetime | None, now: datetime) -> bool:
    """Whether the persona may write to this chat by itself now, by the messenger's rules: never to a
    customer who opted out or blocked the bot; on WhatsApp (also through Wazzup) free text only inside
    the 24-hour window after the customer's last message."""
    if customer.opted_out_at is not None or customer.forgotten_at is not None:
        return False
    if conversation.channel == "telegram" and customer.telegram_unreachable:
        return False
    if conversation.channel == "whatsapp" and customer.whatsapp_unreachable:
        return False
    whatsapp = conversation.channel == "whatsapp" or (
        conversation.channel == "wazzup" and conversation.chat_id.split(":", 1)[0] in ("whatsapp", "wapi")
    )
    return not whatsapp or (last_in is not None and now - last_in < WHATSAPP_WINDOW)


async def last_inbound(session: AsyncSession, conversation_id: int) -> datetime | None:
    query = (
        select(Message.created_at)
        .where(Message.conversation_id == conversation_id, Message.direction == "in")
        .order_by(col(Message.id).desc())
        .limit(1)
    )
    return (await session.exec(query)).first()


def sla_handlers(
    sessions: SessionFactory,
    crm: CrmPort,
    clock: Clock,
    settings: Settings,
    texts: ManagerTexts,
    alert: Alert,
    notice_kinds: tuple[str, ...],
    wake: asyncio.Event | None = None,
) -> dict[str, Handler]:
    rules = SlaRules.of(settings)
    limit_1, limit_2 = duration_text(rules.take.total_seconds() / 60), duration_text(rules.escalate.total_seconds() / 60)

    async def watch(payload: dict[str, Any], progress: dict[str, Any], save: Callable[[], Awaitable[None]]) -> None:
        lead_id = int(payload["lead_id"])
        async with sessions() as session:
            lead = await session.get(Lead, lead_id)
            if lead is None:
                progress["skipped"] = "no such lead"
                return
            row = await session.get(LeadSla, lead_id) or LeadSla(lead_id=lead_id, handed_off_at=lead.created_at)
            if row.take_due_at is not None:
                return  # scheduled before (a retry after a lost answer)
            row.take_due_at = rules.hours.due(lead.created_at, rules.take)
            row.escalate_due_at = rules.hours.due(lead.created_at, rules.escalate)
            session.add(row)
            session.add(outbox_item(OVERDUE, {"lead_id": lead_id}, row.take_due_at))
            session.add(outbox_item(ESCALATE, {"lead_id": lead_id}, row.escalate_due_at))
            await session.commit()

    async def overdue(payload: dict[str, Any], progress: dict[str, Any], save: Callable[[], Awaitable[None]]) -> None:
        lead_id, now = int(payload["lead_id"]), clock.now()
        if "task_id" in progress or progress.get("skipped"):
            return
        async with sessions() as session:
            lead = await session.get(Lead, lead_id)
            row = await session.get(LeadSla, lead_id)
            if lead is None or row is None:
                progress["skipped"] = "no such lead"
                return
            if row.overdue_at is None:  # the row is the mark: committed with what it caused, done once
                if await is_taken(session, lead, row):
                    progress["skipped"] = "taken or closed"
                    return
                row.overdue_at = now
                text = texts("overdue_notice", lead_id=lead_id, limit=limit_1)
                for kind in notice_kinds:
                    session.add(outbox_item(kind, {"lead_id": lead_id, "text": text, "take": True}, now))
                await _tell_customer(session, lead, row, now)
                session.add(row)
                await session.commit()
                if wake is not None:
                    wake.set()
            deal_id = lead.crm_deal_id
        if deal_id is None:
            raise RetryLater("the deal is not created yet")
        due = rules.hours.due(now, TASK_DUE)
        progress["task_id"] = await crm.add_task(deal_id, texts("overdue_task", limit=limit_1), due, responsible=rules.senior)
        await save()

    async def _tell_customer(session: AsyncSession, lead: Lead, row: LeadSla, now: datetime) -> None:
        conversation = await session.get(Conversation, lead.conversation_id)
        customer = await session.get(Customer, lead.customer_id)
        if conversation is None or customer is None or row.customer_told_at is not None:
            return
        if not may_write(conversation, customer, await last_inbound(session, lead.conversation_id), now):
            return
        name = (customer.name or "").split()[0] if customer.name else None
        await queue_message(session, conversation, texts("customer_still_picking", name=name), now)
        row.customer_told_at = now

    async def escalate(payload: dict[str, Any], progress: dict[str, Any], save: Callable[[], Awaitable[None]]) -> None:
        lead_id = int(payload["lead_id"])
        async with sessions() as session:
            lead = await session.get(Lead, lead_id)
            row = await session.get(LeadSla, lead_id)
            if lead is None or row is None:
                progress["skipped"] = "no such lead"
                return
            if row.escalated_at is not None:
                return
            if await is_taken(session, lead, row):
                progress["skipped"] = "taken or closed"
                return
            customer = await session.get(Customer, lead.customer_id)
            conversation = await session.get(Conversation, lead.conversation_id)
        text = texts(
            "owner_escalation",
            lead_id=lead_id,
            limit=limit_2,
            title=deal_title(lead.parts, lead.car, lead.vin, lead.frame),
            customer=customer.name if customer else None,
            phone=customer.phone if customer else None,
            source=source_of(lead.channel, conversation.chat_id if conversation else ""),
            link=deal_link(settings, lead),
        )
        await alert(text)  # at least once: a crash before the mark below alerts again
        async with sessions() as session:
            fresh = await session.get(LeadSla, lead_id)
            assert fresh is not None
            fresh.escalated_at = clock.now()
            session.add(fresh)
            await session.commit()

    return {WATCH: watch, OVERDUE: overdue, ESCALATE: escalate}
