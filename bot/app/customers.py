"""Customers, their purchases and consents: the one place that writes them, whoever the source
(CSV/XLSX import, a won CRM deal, amoCRM sync, Telegram /start). Callers own the transaction."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.uow import Rows
from bot.store.models import Consent, Customer, Purchase

PURPOSES = ("personal_data", "messaging", "ads")


def normalize_phone(raw: str | None) -> str | None:
    """Russian numbers to E.164: '8 (916) 123-45-67', '+7 916 1234567', '9161234567' -> '+79161234567'.
    Other international numbers keep their digits with a '+'. None when it is not a phone."""
    if not raw:
        return None
    digits = re.sub(r"\D", "", raw)
    if len(digits) == 10 and digits.startswith("9"):
        digits = "7" + digits
    elif len(digits) == 11 and digits[0] in "78":
        digits = "7" + digits[1:]
    if not 10 <= len(digits) <= 15:
        return None
    return "+" + digits


def spoken_phone(phone: str) -> str:
    """A number as said back to the customer: '+79161234567' -> '+7 916 123-45-67' (others as stored)."""
    if re.fullmatch(r"\+7\d{10}", phone):
        return f"+7 {phone[2:5]} {phone[5:8]}-{phone[8:10]}-{phone[10:]}"
    return phone


@dataclass(frozen=True)
class CustomerRecord:
    external_ref: str | None
    name: str | None
    phone: str | None
    bonus_points: int | None = None
    timezone: str | None = None
    messaging_consent: bool | None = None
    ads_consent: bool | None = None
    telegram_chat_id: str | None = None


async def find_customer(session: AsyncSession, *, external_ref: str | None = None, phone: str | None = None) -> Customer | None:
    if external_ref:
        found = (await session.exec(select(Customer).where(Customer.external_ref == external_ref))).first()
        if found is not None:
            return found
    if phone:
        query = select(Customer).where(Customer.phone == phone).order_by(col(Customer.id))
        return (await session.exec(query)).first()
    return None


async def upsert_customer(session: AsyncSession, record: CustomerRecord, now: datetime, *, source: str) -> tuple[Customer, bool]:
    """Create or update by external ref, then by phone. Returns (customer, changed)."""
    customer = await find_customer(session, external_ref=record.external_ref, phone=record.phone)
    created = customer is None
    if customer is None:
        customer = Customer(created_at=now)
    before = customer.model_dump()
    for name in ("external_ref", "name", "phone", "bonus_points", "timezone", "telegram_chat_id"):
        value = getattr(record, name)
        if value is not None:
            setattr(customer, name, value)
    session.add(customer)
    await session.flush()
    assert customer.id is not None
    for purpose, value in (("messaging", record.messaging_consent), ("ads", record.ads_consent)):
        if value is not None:
            await set_consent(session, customer, purpose, value, now, source=source)
    return customer, created or customer.model_dump() != before


async def set_consent(
    rows: Rows | AsyncSession,
    customer: Customer,
    purpose: str,
    granted: bool,
    now: datetime,
    *,
    source: str,
    text: str | None = None,
) -> bool:
    """Record a consent change in the ledger; a repeat of the current value records nothing.
    `rows`: the caller's unit of work, or a plain session (the caller commits either way)."""
    assert purpose in PURPOSES and customer.id is not None
    current = {"messaging": customer.messaging_consent, "ads": customer.ads_consent}.get(purpose)
    if isinstance(rows, AsyncSession):
        last = await _latest_consent(rows, customer.id, purpose)
    else:
        last = await rows.latest_consent(customer.id, purpose)
    if last is not None and last.granted == granted and current in (None, granted):
        return False
    if purpose == "messaging":
        customer.messaging_consent = granted
    elif purpose == "ads":
        customer.ads_consent = granted
    rows.add(customer)
    rows.add(Consent(customer_id=customer.id, purpose=purpose, granted=granted, at=now, source=source, text=text))
    return True


async def _latest_consent(session: AsyncSession, customer_id: int, purpose: str) -> Consent | None:
    query = select(Consent).where(Consent.customer_id == customer_id, Consent.purpose == purpose).order_by(col(Consent.id).desc())
    return (await session.exec(query)).first()


async def fold_into(session: AsyncSession, keep: Customer, gone: Customer) -> None:
    """`gone` turned out to be `keep` (e.g. a Telegram chat's customer, opened at /start, shared the
    phone of a customer the shop knows): every row that points to `gone` — conversations, requests,
    consents, whatever a table keeps per customer — now points to `keep`, and `gone` is deleted.
    The caller commits."""
    assert keep.id is not None and gone.id is not None and keep.id != gone.id
    for table in SQLModel.metadata.sorted_tables:
        column = table.c.get("customer_id")
        if column is not None and any(key.column.table.name == Customer.__tablename__ for key in column.foreign_keys):
            await session.exec(update(table).where(column == gone.id).values(customer_id=keep.id))
    await session.delete(gone)


def opened_for_a_chat(customer: Customer) -> bool:
    """A customer record made only because someone wrote to a chat: no phone, not imported."""
    return customer.phone is None and customer.external_ref is None


async def take_shared_phone(
    session: AsyncSession,
    current: Customer,
    phone: str,
    now: datetime,
    *,
    source: str,
    link: Callable[[Customer], Awaitable[object]],
) -> Customer | None:
    """The phone a customer shared from their messenger (Telegram's or MAX's contact button), the
    chat's customer being `current`. When the shop knows the number as another customer, the chat
    becomes theirs (`link` attaches it), the messaging consent given in the chat goes with it, and a
    record opened only for the chat is folded in: that customer is returned. Otherwise the number
    becomes `current`'s (when it had none) and None is returned. The caller commits."""
    known = await find_customer(session, phone=phone)
    if known is None or known.id == current.id:
        current.phone = current.phone or phone
        session.add(current)
        return None
    await link(known)
    if current.messaging_consent:
        await set_consent(session, known, "messaging", True, now, source=source)
    if opened_for_a_chat(current):  # the same person: one customer, not an empty one left over
        await session.flush()
        await fold_into(session, known, current)
    return known


async def record_purchase(
    session: AsyncSession,
    customer: Customer,
    *,
    purchased_at: datetime,
    amount: float,
    external_id: str | None,
    source: str,
    retention_contact_id: int | None = None,
    items: str | None = None,
) -> bool:
    """Add a purchase once (by external id) and move the customer's last purchase forward."""
    assert customer.id is not None
    if external_id is not None:
        existing = (await session.exec(select(Purchase).where(Purchase.external_id == external_id))).first()
        if existing is not None:
            return False
    session.add(
        Purchase(
            customer_id=customer.id,
            external_id=external_id,
            purchased_at=purchased_at,
            amount=amount,
            source=source,
            retention_contact_id=retention_contact_id,
            items=items,
        )
    )
    if customer.last_purchase_at is None or purchased_at > customer.last_purchase_at:
        customer.last_purchase_at = purchased_at
        session.add(customer)
    return True
