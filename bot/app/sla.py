"""A handed-off request must be taken by a manager: SLA_TAKE_MINUTES of working time after the hand-off
an untaken request is posted again to the managers (`notice_kinds`, marked overdue, with «Взять»), gets
an overdue task in the CRM for the senior manager, and the customer hears once that a manager is still
on it; SLA_ESCALATE_MINUTES after it, the owner is alerted. Never for a request already taken or closed.

Durable: `SlaWatch` (a scheduler pass every minute) finds the requests whose limit in working time
(MANAGER_HOURS_*, MANAGER_WORK_DAYS) is past and marks each step once in `lead_sla`, in the commit that
queues the step's outbox items; a restart or a second process repeats nothing.
A request is taken by «Взять» (Telegram, the board), a responsible user change in amoCRM, or a
manager's first reply (`mark_taken`, `mark_first_reply`; the record is `lead_sla`).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
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
from retention.scheduler import every

OVERDUE_TASK = "sla.overdue_task"  # the overdue task on the deal, for the senior manager
OWNER_ALERT = "sla.owner_alert"
PASS_SECONDS = 60.0
LOOKBACK = timedelta(days=14)  # requests older than this are not watched (nor those from before this feature)
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


@dataclass
class SlaPassResult:
    overdue: list[int] = field(default_factory=list)  # lead ids posted again as overdue now
    escalated: list[int] = field(default_factory=list)  # lead ids the owner was alerted about now


class SlaWatch:
    """The pass the scheduler runs every minute (and tests, with their own "now"): every handed-off
    request not taken, once its working-time limit is past, is marked overdue / escalated by a
    conditional UPDATE of its `lead_sla` row, in the same commit as the outbox items that carry the
    steps out. Safe to run from several processes; after a restart it picks up what is due."""

    def __init__(
        self,
        sessions: SessionFactory,
        rules: SlaRules,
        texts: ManagerTexts,
        notice_kinds: tuple[str, ...],
        wake: asyncio.Event | None = None,
    ) -> None:
        self._sessions, self.rules, self._texts, self._notice_kinds, self._wake = sessions, rules, texts, notice_kinds, wake
        self.limit_1 = duration_text(rules.take.total_seconds() / 60)
        self.limit_2 = duration_text(rules.escalate.total_seconds() / 60)

    @classmethod
    def of(
        cls, settings: Settings, sessions: SessionFactory, notice_kinds: tuple[str, ...], wake: asyncio.Event | None = None
    ) -> SlaWatch:
        texts = ManagerTexts(settings.prompts_dir, persona=settings.persona_name, shop=settings.shop_name)
        return cls(sessions, SlaRules.of(settings), texts, notice_kinds, wake)

    async def run_once(self, now: datetime) -> SlaPassResult:
        result = SlaPassResult()
        async with self._sessions() as session:
            query = (
                select(Lead, LeadSla)
                .join(LeadSla, col(LeadSla.lead_id) == col(Lead.id), isouter=True)
                .where(
                    col(Lead.status) == "handed_off",
                    col(Lead.created_at) > now - LOOKBACK,
                    col(LeadSla.taken_at).is_(None),
                    col(LeadSla.escalated_at).is_(None),
                )
                .order_by(col(Lead.id))
            )
            open_leads = list((await session.exec(query)).all())
        for lead, found in open_leads:
            assert lead.id is not None
            row: LeadSla | None = found  # None: outer join, no row yet
            if now < self.rules.hours.due(lead.created_at, self.rules.take):
                continue
            if row is None:
                await self._make_row(lead)
            overdue_now = row is None or row.overdue_at is None
            if overdue_now and await self._claim(lead.id, "overdue_at", now, self._overdue_steps):
                result.overdue.append(lead.id)
            escalate_now = now >= self.rules.hours.due(lead.created_at, self.rules.escalate)
            if escalate_now and await self._claim(lead.id, "escalated_at", now, self._escalation_steps):
                result.escalated.append(lead.id)
        if (result.overdue or result.escalated) and self._wake is not None:
            self._wake.set()
        return result

    async def _make_row(self, lead: Lead) -> None:
        assert lead.id is not None
        async with self._sessions() as session:
            session.add(
                LeadSla(
                    lead_id=lead.id,
                    handed_off_at=lead.created_at,
                    take_due_at=self.rules.hours.due(lead.created_at, self.rules.take),
                    escalate_due_at=self.rules.hours.due(lead.created_at, self.rules.escalate),
                )
            )
            with contextlib.suppress(IntegrityError):  # made meanwhile (a «Взять», another process)
                await session.commit()

    async def _claim(
        self, lead_id: int, mark: str, now: datetime, steps: Callable[[AsyncSession, Lead, LeadSla, datetime], Awaitable[None]]
    ) -> bool:
        """Set the row's `mark` once (never for a request taken or closed) and queue its steps with it."""
        async with self._sessions() as session:
            lead = await session.get(Lead, lead_id)
            row = await session.get(LeadSla, lead_id)
            if lead is None or row is None or await is_taken(session, lead, row):
                return False
            claimed = await session.exec(
                update(LeadSla)
                .where(col(LeadSla.lead_id) == lead_id, col(getattr(LeadSla, mark)).is_(None), col(LeadSla.taken_at).is_(None))
                .values({mark: now})
            )
            if claimed.rowcount != 1:
                return False
            await steps(session, lead, row, now)
            await session.commit()
        return True

    async def _overdue_steps(self, session: AsyncSession, lead: Lead, row: LeadSla, now: datetime) -> None:
        text = self._texts("overdue_notice", lead_id=lead.id, limit=self.limit_1)
        for kind in self._notice_kinds:
            session.add(outbox_item(kind, {"lead_id": lead.id, "text": text, "take": True}, now))
        session.add(outbox_item(OVERDUE_TASK, {"lead_id": lead.id}, now))
        conversation = await session.get(Conversation, lead.conversation_id)
        customer = await session.get(Customer, lead.customer_id)
        if conversation is None or customer is None or row.customer_told_at is not None:
            return
        if may_write(conversation, customer, await last_inbound(session, lead.conversation_id), now):
            name = customer.name.split()[0] if customer.name else None
            await queue_message(session, conversation, self._texts("customer_still_picking", name=name), now)
            await session.exec(update(LeadSla).where(col(LeadSla.lead_id) == lead.id).values(customer_told_at=now))

    async def _escalation_steps(self, session: AsyncSession, lead: Lead, row: LeadSla, now: datetime) -> None:
        session.add(outbox_item(OWNER_ALERT, {"lead_id": lead.id}, now))


def watch_task(watch: SlaWatch, clock: Clock, seconds: float = PASS_SECONDS) -> Callable[[], Awaitable[None]]:
    """The background task (bot/bootstrap.py): a pass at start, then every `seconds`."""
    return every("sla.watch", seconds, watch.run_once, clock.now)


def sla_handlers(
    sessions: SessionFactory,
    crm: CrmPort,
    clock: Clock,
    settings: Settings,
    texts: ManagerTexts,
    alert: Alert,
) -> dict[str, Handler]:
    """OVERDUE_TASK: the overdue task on the deal for the senior; OWNER_ALERT: the owner's alert."""
    rules = SlaRules.of(settings)
    limit_1, limit_2 = duration_text(rules.take.total_seconds() / 60), duration_text(rules.escalate.total_seconds() / 60)

    async def overdue_task(payload: dict[str, Any], progress: dict[str, Any], save: Callable[[], Awaitable[None]]) -> None:
        if "task_id" in progress:
            return
        async with sessions() as session:
            lead = await session.get(Lead, int(payload["lead_id"]))
        if lead is None:
            progress["skipped"] = "no such lead"
            return
        if lead.crm_deal_id is None:
            raise RetryLater("the deal is not created yet")
        due = rules.hours.due(clock.now(), TASK_DUE)
        text = texts("overdue_task", limit=limit_1)
        progress["task_id"] = await crm.add_task(lead.crm_deal_id, text, due, responsible=rules.senior)
        await save()

    async def owner_alert(payload: dict[str, Any], progress: dict[str, Any], save: Callable[[], Awaitable[None]]) -> None:
        if progress.get("alerted"):
            return
        async with sessions() as session:
            lead = await session.get(Lead, int(payload["lead_id"]))
            customer = await session.get(Customer, lead.customer_id) if lead else None
            conversation = await session.get(Conversation, lead.conversation_id) if lead else None
        if lead is None:
            progress["skipped"] = "no such lead"
            return
        text = texts(
            "owner_escalation",
            lead_id=lead.id,
            limit=limit_2,
            title=deal_title(lead.parts, lead.car, lead.vin, lead.frame),
            customer=customer.name if customer else None,
            phone=customer.phone if customer else None,
            source=source_of(lead.channel, conversation.chat_id if conversation else ""),
            link=deal_link(settings, lead),
        )
        await alert(text)
        progress["alerted"] = True
        await save()

    return {OVERDUE_TASK: overdue_task, OWNER_ALERT: owner_alert}
