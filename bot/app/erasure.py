"""Erasure at the customer's request (152-FZ art. 21): «удалите мои данные» in a chat, or the owner's
`python main.py customers forget ID|PHONE`. At once, in one transaction:

- messages: every text (theirs and the persona's, which quote names, VINs, phones) becomes MARKER,
  attachments and platform message ids go, and the photos are deleted from the media folder;
- conversations: the chat id (a phone on WhatsApp) becomes `erased:<id>`, the dialogue state empty;
- requests (leads): VIN, frame and car; the built-in CRM board's contact, deal title and notes;
- the customer row stays as a tombstone (`forgotten_at`): name, phone, the shop's id and chat ids
  empty, no consent, opted out — so their purchases keep amounts and dates for the accounts (their
  order numbers go); the consent ledger keeps its rows without their words and gains this request;
- kv records about them (chat links, a manager's ownership, amoCRM contact ids) are deleted, outbox
  items about them lose every text and chat id, and those not done yet are dropped: a pending
  delivery never brings their data back into the CRM;
- their identifiers go on the suppression list (bot/app/suppression.py) as keyed hashes;
- with a CRM that keeps its own copy (amoCRM), the CRM plugin's `erasure_kinds` are queued: a task
  for a manager to delete them there too (we never delete CRM data by ourselves).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.customers import normalize_phone, set_consent
from bot.app.effects import ERASE, ERASURE_REQUEST, outbox_item
from bot.app.outbox import Handler
from bot.app.suppression import identifiers, suppress
from bot.clock import Clock
from bot.store.engine import SessionFactory
from bot.store.models import (
    Consent,
    Conversation,
    Customer,
    Feedback,
    KeyValue,
    Lead,
    LocalContact,
    LocalDeal,
    LocalNote,
    Message,
    OutboxItem,
    Purchase,
    RetentionContact,
)

log = logging.getLogger(__name__)

MARKER = "[удалено по просьбе клиента]"
ERASED_DEAL = "Запрос (данные клиента удалены)"
DROPPED = "dropped"  # an outbox status: not done, and never to be (the customer's data was erased)
_ID_KEYS = ("customer_id", "conversation_id", "lead_id", "message_id")


@dataclass
class Erased:
    customer_id: int
    messages: int = 0
    photos: int = 0
    conversations: int = 0
    leads: int = 0
    purchases: int = 0
    outbox_dropped: int = 0
    crm_deals: list[str] = field(default_factory=list)
    crm_contacts: list[str] = field(default_factory=list)
    crm_tasks_queued: int = 0
    already: bool = False  # erased before: this run only made sure


async def find_customers(session: AsyncSession, who: str) -> list[Customer]:
    """`who`: our customer id (digits, up to 9), or a phone in any writing (every customer with it)."""
    if who.isdigit() and len(who) <= 9:
        customer = await session.get(Customer, int(who))
        return [customer] if customer is not None else []
    phone = normalize_phone(who)
    if phone is None:
        return []
    return list((await session.exec(select(Customer).where(Customer.phone == phone).order_by(col(Customer.id)))).all())


async def forget(
    session: AsyncSession,
    customer_id: int,
    now: datetime,
    *,
    source: str,
    media_dir: Path,
    crm_kinds: tuple[str, ...] = (),
) -> Erased | None:
    """Erase one customer (see the module's docstring); None when there is no such customer. The
    caller commits. Running it again is harmless: it only makes sure."""
    customer = await session.get(Customer, customer_id)
    if customer is None:
        return None
    result = Erased(customer_id=customer_id, already=customer.forgotten_at is not None)
    conversations = list((await session.exec(select(Conversation).where(Conversation.customer_id == customer_id))).all())
    conversation_ids = {c.id for c in conversations if c.id is not None}
    leads = list((await session.exec(select(Lead).where(Lead.customer_id == customer_id))).all())
    lead_ids = {lead.id for lead in leads if lead.id is not None}
    messages = list((await session.exec(select(Message).where(col(Message.conversation_id).in_(conversation_ids)))).all())
    chats = [f"{c.channel}:{c.chat_id}" for c in conversations if not c.chat_id.startswith("erased:")]
    if customer.telegram_chat_id:
        chats.append(f"telegram:{customer.telegram_chat_id}")
    raw_chats = {c.chat_id for c in conversations} | {customer.telegram_chat_id or "", customer.phone or ""} - {""}
    await suppress(session, identifiers(phone=customer.phone, external_ref=customer.external_ref, chats=chats), now)

    result.crm_deals = sorted({lead.crm_deal_id for lead in leads if lead.crm_deal_id})
    contacts = set()
    if customer.external_ref and customer.external_ref.startswith("amocrm:contact:"):
        contacts.add(customer.external_ref.rsplit(":", 1)[1])

    photos = [str(a["path"]) for m in messages for a in m.attachments if a.get("type") == "photo" and a.get("path")]
    for message in messages:
        message.text, message.attachments, message.external_id, message.delivery_error = MARKER, [], None, None
        session.add(message)
    for conversation in conversations:
        conversation.chat_id, conversation.state, conversation.stage = f"erased:{conversation.id}", {}, "opted_out"
        session.add(conversation)
    for lead in leads:
        lead.vin = lead.frame = lead.car = None
        session.add(lead)
    purchases = (await session.exec(select(Purchase).where(Purchase.customer_id == customer_id))).all()
    for purchase in purchases:
        purchase.external_id = None  # the shop's order number leads back to the person
        session.add(purchase)
    for contact in (await session.exec(select(RetentionContact).where(RetentionContact.customer_id == customer_id))).all():
        contact.web_token = None
        session.add(contact)
    for feedback in (await session.exec(select(Feedback).where(Feedback.customer_id == customer_id))).all():
        feedback.comment = None  # their words; the rating stays in the shop's numbers
        session.add(feedback)
    await _local_crm(session, customer_id, lead_ids)

    refs = _Refs(customer_id, conversation_ids, lead_ids, {m.id for m in messages if m.id is not None}, raw_chats)
    contacts |= await _kv(session, refs)
    dropped, from_outbox = await _outbox(session, refs, customer.created_at, {ERASE, *crm_kinds})
    contacts |= from_outbox
    result.crm_contacts = sorted(contacts)

    customer.name = customer.phone = customer.external_ref = customer.telegram_chat_id = None
    customer.opted_out_at = customer.opted_out_at or now
    customer.next_contact_at = None
    for purpose in ("messaging", "ads"):
        await set_consent(session, customer, purpose, False, now, source=source)
    for consent in (await session.exec(select(Consent).where(Consent.customer_id == customer_id))).all():
        if consent.text is not None:
            consent.text = None  # their own words («не пишите, …») may name them
            session.add(consent)
    if not result.already:
        customer.forgotten_at = now
        session.add(Consent(customer_id=customer_id, purpose="personal_data", granted=False, at=now, source=source))
        if result.crm_deals or result.crm_contacts:
            payload = {"customer_id": customer_id, "deals": result.crm_deals, "contacts": result.crm_contacts}
            for kind in crm_kinds:
                session.add(outbox_item(kind, payload, now))
                result.crm_tasks_queued += 1
    session.add(customer)

    result.photos = await asyncio.to_thread(_delete_files, photos, media_dir)
    result.messages, result.conversations, result.leads = len(messages), len(conversations), len(leads)
    result.purchases, result.outbox_dropped = len(purchases), dropped
    return result


@dataclass(frozen=True)
class _Refs:
    customer_id: int
    conversations: set[int]
    leads: set[int]
    messages: set[int]
    chats: set[str]  # chat ids and the phone as platforms write them

    def in_value(self, value: Any) -> bool:
        """Whether a kv value or an outbox payload is about this customer."""
        if not isinstance(value, dict):
            return False
        ids = {"customer_id": {self.customer_id}, "conversation_id": self.conversations, "lead_id": self.leads}
        ids["message_id"] = self.messages
        if any(_as_int(value.get(key)) in wanted for key, wanted in ids.items()):
            return True
        return any(isinstance(v, str | int) and str(v) in self.chats for v in value.values())

    def in_key(self, key: str) -> bool:
        owned = {f"manager.owner:{c}" for c in self.conversations} | {f"manager.taken:{lead}" for lead in self.leads}
        prefixes = (f"amocrm.contact.customer:{self.customer_id}@", *(f"amocrm.attempt.lead:{lead}@" for lead in self.leads))
        return key in owned or key.startswith(prefixes)


def _as_int(value: Any) -> int | None:
    return int(value) if isinstance(value, int) or (isinstance(value, str) and value.isdigit()) else None


async def _local_crm(session: AsyncSession, customer_id: int, lead_ids: set[int]) -> None:
    """The built-in CRM board lives in our database: it is anonymised here, not by a manager."""
    for contact in (await session.exec(select(LocalContact).where(LocalContact.key == f"customer:{customer_id}"))).all():
        contact.name = contact.phone = contact.vin = contact.frame = None
        session.add(contact)
    keys = [f"lead:{lead_id}" for lead_id in lead_ids]
    deals = list((await session.exec(select(LocalDeal).where(col(LocalDeal.key).in_(keys)))).all())
    for deal in deals:
        deal.title, deal.car = ERASED_DEAL, None
        session.add(deal)
    deal_ids = [deal.id for deal in deals]
    for note in (await session.exec(select(LocalNote).where(col(LocalNote.deal_id).in_(deal_ids)))).all():
        note.text = MARKER  # the transcript
        session.add(note)


async def _kv(session: AsyncSession, refs: _Refs) -> set[str]:
    """Delete kv records about the customer; returns the amoCRM contact ids some of them held."""
    contacts: set[str] = set()
    for row in (await session.exec(select(KeyValue))).all():
        if refs.in_key(row.key) or refs.in_value(row.value):
            if row.key.startswith("amocrm.contact.") and row.value.get("id"):
                contacts.add(str(row.value["id"]))
            await session.delete(row)
    return contacts


async def _outbox(session: AsyncSession, refs: _Refs, since: datetime, keep: set[str]) -> tuple[int, set[str]]:
    """Outbox items about the customer keep only ids; those not done are dropped. Returns how many
    were dropped and the CRM contact ids a lead delivery had made."""
    dropped, contacts = 0, set()
    query = select(OutboxItem).where(col(OutboxItem.created_at) >= since, col(OutboxItem.kind).not_in(keep))
    for item in (await session.exec(query)).all():
        if not refs.in_value(item.payload):
            continue
        if item.kind == "crm.deliver_lead" and item.progress.get("contact_id"):
            contacts.add(str(item.progress["contact_id"]))
        item.payload = {key: item.payload[key] for key in _ID_KEYS if _as_int(item.payload.get(key)) is not None}
        item.progress = {key: v for key, v in item.progress.items() if isinstance(v, int | bool) or str(v).isdigit()}
        if item.status != "done":
            item.status, item.last_error = DROPPED, "the customer's data was erased at their request"
            dropped += 1
        else:
            item.last_error = None
        session.add(item)
    return dropped, contacts


def _delete_files(paths: list[str], media_dir: Path) -> int:
    """Delete the photos that are in the media folder, and the folders they leave empty."""
    root, deleted = Path(media_dir).resolve(), 0
    for raw in paths:
        file = Path(raw).resolve()
        if not file.is_relative_to(root) or file == root:
            continue
        try:
            file.unlink()
            deleted += 1
        except FileNotFoundError:
            pass
        folder = file.parent
        while folder != root and folder.is_relative_to(root):
            try:
                folder.rmdir()  # only when empty
            except OSError:
                break
            folder = folder.parent
    return deleted


def erasure_handlers(
    sessions: SessionFactory, clock: Clock, *, media_dir: Path, crm_kinds: tuple[str, ...]
) -> dict[str, Handler]:
    """The outbox handler that erases a customer who asked in a chat (queued by bot/app/effects.py)."""

    async def erase(payload: dict[str, Any], progress: dict[str, Any], save: Callable[[], Awaitable[None]]) -> None:
        async with sessions() as session:
            source = str(payload.get("source") or ERASURE_REQUEST)
            await forget(
                session, int(payload["customer_id"]), clock.now(), source=source, media_dir=media_dir, crm_kinds=crm_kinds
            )
            await session.commit()

    return {ERASE: erase}
