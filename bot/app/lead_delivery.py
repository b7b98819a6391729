"""Outbox handlers that put a handed-off lead into the CRM: contact -> deal -> transcript note -> task.

Each step's result is saved in the item's progress before the next step, so a retry resumes
where the last attempt stopped and nothing is created twice.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import col, select

from bot.app.outbox import Handler
from bot.clock import Clock
from bot.faults import crash_point
from bot.ports import ContactCard, CrmPort, CrmRejected, DealCard, RetryLater
from bot.store.engine import SessionFactory
from bot.store.models import Conversation, Customer, Lead, Message
from bot.working_hours import WorkingHours

Save = Callable[[], Awaitable[None]]

SOURCES = {"telegram": "Telegram", "whatsapp": "WhatsApp", "web": "Веб-чат", "cli": "Терминал", "wazzup": "Wazzup", "max": "MAX"}
MESSENGERS = {"whatsapp": "WhatsApp", "wapi": "WhatsApp", "telegram": "Telegram", "max": "MAX", "vk": "VK", "avito": "Avito"}


def source_of(channel: str, chat_id: str) -> str:
    """Where the request came from, as a manager reads it: «WhatsApp», or «Telegram через Wazzup»
    for an aggregator's chat (its id starts with the messenger: "telegram:555@<channel>")."""
    messenger = chat_id.split(":", 1)[0] if ":" in chat_id else None
    if channel == "wazzup" and messenger:
        return f"{MESSENGERS.get(messenger, messenger)} через Wazzup"
    return SOURCES.get(channel, channel)


def deal_title(parts: list[str], car: str | None, vin: str | None, frame: str | None) -> str:
    what = ", ".join(parts) or "Запрос"
    what = what[:1].upper() + what[1:]
    ident = f"{vin[:3]}…{vin[-3:]}" if vin else frame
    car_text = " ".join(x for x in (car, f"({ident})" if ident else None) if x)
    title = f"{what} — {car_text}" if car_text else what
    return title if len(title) <= 250 else title[:249] + "…"


def lead_handlers(
    sessions: SessionFactory,
    crm: CrmPort,
    clock: Clock,
    *,
    timezone: str = "Europe/Moscow",
    persona: str = "Бот",
    task_due: timedelta = timedelta(minutes=30),
    hours: WorkingHours | None = None,
    photo_link: Callable[[str], str] = str,
) -> dict[str, Handler]:
    """`task_due` is working time when `hours` are given (a request at 18:50 is due next morning)."""
    zone = ZoneInfo(timezone)

    def due(now: datetime) -> datetime:
        return hours.due(now, task_due) if hours is not None else now + task_due

    async def load(lead_id: int) -> tuple[Lead, Customer, Conversation, list[Message]]:
        async with sessions() as session:
            lead = await session.get(Lead, lead_id)
            if lead is None:
                raise CrmRejected(f"lead {lead_id} does not exist")
            customer = await session.get(Customer, lead.customer_id)
            conversation = await session.get(Conversation, lead.conversation_id)
            assert customer is not None and conversation is not None
            query = select(Message).where(Message.conversation_id == conversation.id).order_by(col(Message.id))
            return lead, customer, conversation, list((await session.exec(query)).all())

    def transcript(messages: list[Message]) -> str:
        lines = []
        for m in messages:
            who = "Клиент" if m.direction == "in" else persona
            photos = [f"[фото: {photo_link(a['path'])}]" for a in m.attachments if a.get("type") == "photo"]
            text = " ".join([m.text, *photos]).strip() or "[пустое сообщение]"
            lines.append(f"{m.created_at.astimezone(zone):%d.%m %H:%M} {who}: {text}")
        return "Переписка с клиентом:\n" + "\n".join(lines)

    async def deliver_lead(payload: dict[str, Any], progress: dict[str, Any], save: Save) -> None:
        lead, customer, conversation, messages = await load(int(payload["lead_id"]))
        key = f"lead:{lead.id}"
        if "contact_id" not in progress:
            contact = ContactCard(
                key=f"customer:{customer.id}", name=customer.name, phone=customer.phone, vin=lead.vin, frame=lead.frame
            )
            progress["contact_id"] = await crm.upsert_contact(contact)
            await save()
        if "deal_id" not in progress:
            deal = DealCard(
                key=key,
                title=deal_title(lead.parts, lead.car, lead.vin, lead.frame),
                parts=lead.parts,
                car=lead.car,
                source=source_of(lead.channel, conversation.chat_id),
                tags=["partsbot", lead.channel] + (["retention"] if lead.hot else []),
            )
            progress["deal_id"] = await crm.find_deal(key) or await crm.create_deal(deal, progress["contact_id"])
            crash_point("crm.deal_made")
            await save()
        if lead.crm_deal_id != progress["deal_id"]:  # also after a crash between the two commits
            async with sessions() as session:
                row = await session.get(Lead, lead.id)
                assert row is not None
                row.crm_deal_id = progress["deal_id"]
                session.add(row)
                await session.commit()
        if "note_id" not in progress:
            progress["note_id"] = await crm.add_note(progress["deal_id"], transcript(messages))
            await save()
        if "task_id" not in progress:
            text = "Подготовить и отправить клиенту предложение" + (" (горячий лид)" if lead.hot else "")
            progress["task_id"] = await crm.add_task(progress["deal_id"], text, due(clock.now()))
            await save()

    async def deal_of(payload: dict[str, Any]) -> str:
        """The CRM deal of the payload's lead; a later retry while the deal is still being made."""
        async with sessions() as session:
            lead = await session.get(Lead, int(payload["lead_id"]))
        if lead is None:
            raise CrmRejected(f"lead {payload['lead_id']} does not exist")
        if lead.crm_deal_id is None:
            raise RetryLater("the deal is not created yet")
        return lead.crm_deal_id

    async def add_note(payload: dict[str, Any], progress: dict[str, Any], save: Save) -> None:
        deal_id = await deal_of(payload)
        if "note_id" not in progress:
            note = payload.get("note") or f"Клиент дописал: {payload['text']}"
            progress["note_id"] = await crm.add_note(deal_id, note)
            await save()

    async def set_responsible(payload: dict[str, Any], progress: dict[str, Any], save: Save) -> None:
        await crm.set_responsible(await deal_of(payload), str(payload["user_id"]))

    return {"crm.deliver_lead": deliver_lead, "crm.add_note": add_note, "crm.set_responsible": set_responsible}
