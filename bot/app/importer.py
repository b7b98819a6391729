"""Customers and purchases from the shop's own spreadsheets (CSV/XLSX), written through bot.app.customers.

Columns are found by header name (English or Russian, any case; README lists them). Importing the
same file twice changes nothing: customers are matched by the shop's id, then by phone; purchases
by order number ("import:<order>"). A row that cannot be read is reported with its line number and
a reason and skipped; the good rows are kept. Work is committed in batches."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import col, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.customers import CustomerRecord, normalize_phone, record_purchase, set_consent, upsert_customer
from bot.app.import_files import (
    CUSTOMER_COLUMNS,
    PURCHASE_COLUMNS,
    BadValue,
    Cell,
    Columns,
    ImportFileError,
    Row,
    Table,
    amount,
    day,
    flag,
    read_table,
    text,
    whole_number,
)
from bot.app.suppression import suppressed
from bot.store.engine import SessionFactory
from bot.store.models import Consent, Customer, Purchase

__all__ = ["CUSTOMER_COLUMNS", "PURCHASE_COLUMNS", "ImportFileError", "ImportResult", "import_customers", "import_purchases"]

SOURCE = "import"
BATCH_SIZE = 500

Progress = Callable[[int, int], None]  # (rows done, rows in the file)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    erased: int = 0  # rows of customers who had their data erased at their request: never imported again
    bad: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    customers_created: int = 0  # purchases only: customers first seen in the purchases file
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged + self.erased + len(self.bad)


class _Known:
    """A batch's customers and already imported orders, read in one query each rather than per row;
    the writes still go through bot.app.customers."""

    def __init__(self) -> None:
        self.by_ref: dict[str, Customer] = {}
        self.by_phone: dict[str, Customer] = {}
        self.orders: set[str] = set()
        self.consents: dict[tuple[int, str], bool] = {}  # (customer id, purpose) -> the ledger's last word
        self.erased: set[str] = set()  # "ref:…"/"phone:…" on the suppression list (bot/app/suppression.py)

    @classmethod
    async def load(cls, session: AsyncSession, columns: Columns, rows: list[Row]) -> _Known:
        known = cls()
        refs = {ref for row in rows if (ref := text(columns.cell(row, "customer_id")))}
        phones = {phone for row in rows if (phone := normalize_phone(text(columns.cell(row, "phone"))))}
        query = select(Customer).where(or_(col(Customer.external_ref).in_(refs), col(Customer.phone).in_(phones)))
        for customer in (await session.exec(query.order_by(col(Customer.id)))).all():
            known.add(customer)
        known.erased = await suppressed(session, [*(f"ref:{ref}" for ref in refs), *(f"phone:{phone}" for phone in phones)])
        if "order_id" in columns:
            ids = [f"{SOURCE}:{order}" for row in rows if (order := text(columns.cell(row, "order_id")))]
            found = await session.exec(select(Purchase.external_id).where(col(Purchase.external_id).in_(ids)))
            known.orders = {external_id for external_id in found.all() if external_id is not None}
        if "consent_messaging" in columns or "consent_ads" in columns:
            customer_ids = {customer.id for customer in [*known.by_ref.values(), *known.by_phone.values()]}
            ledger = select(Consent).where(col(Consent.customer_id).in_(customer_ids)).order_by(col(Consent.id))
            known.consents = {(row.customer_id, row.purpose): row.granted for row in (await session.exec(ledger)).all()}
        return known

    def add(self, customer: Customer) -> None:
        if customer.external_ref:
            self.by_ref[customer.external_ref] = customer
        if customer.phone:
            self.by_phone.setdefault(customer.phone, customer)  # the oldest first, as find_customer

    def consent_unchanged(self, customer: Customer, purpose: str, granted: bool) -> bool:
        """True when bot.app.customers.set_consent would record nothing (saves its query)."""
        current = customer.messaging_consent if purpose == "messaging" else customer.ads_consent
        return customer.id is not None and self.consents.get((customer.id, purpose)) == granted == current

    def was_erased(self, ref: str | None, phone: str | None) -> bool:
        return f"ref:{ref}" in self.erased or f"phone:{phone}" in self.erased

    def find(self, ref: str | None, phone: str | None) -> Customer | None:
        """The same answer as bot.app.customers.find_customer for this batch."""
        if ref and ref in self.by_ref:
            return self.by_ref[ref]
        return self.by_phone.get(phone) if phone else None


def _require(columns: Columns, path: Path, *groups: tuple[str, ...]) -> None:
    for group in groups:
        if not any(name in columns for name in group):
            wanted = " or ".join(f"'{name}'" for name in group)
            raise ImportFileError(f"{path.name}: no {wanted} column (see README: Importing customers and purchases)")


async def import_customers(
    sessions: SessionFactory,
    path: Path,
    now: datetime,
    *,
    default_timezone: str = "Europe/Moscow",
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> ImportResult:
    """Create or update customers (id, name, phone, bonus, time zone, consents, Telegram chat)."""
    table = await asyncio.to_thread(read_table, path)
    columns = Columns(table, CUSTOMER_COLUMNS)
    _require(columns, path, ("customer_id", "phone"))
    seen: dict[str, int] = {}

    async def one(session: AsyncSession, known: _Known, row: Row) -> str:
        return await _customer_row(session, known, columns, row, seen, now, default_timezone)

    return await _run(sessions, table, columns, one, batch_size, progress)


async def import_purchases(
    sessions: SessionFactory,
    path: Path,
    now: datetime,
    *,
    default_timezone: str = "Europe/Moscow",
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> ImportResult:
    """Record purchases (once per order number) and move each customer's last purchase forward."""
    table = await asyncio.to_thread(read_table, path)
    columns = Columns(table, PURCHASE_COLUMNS)
    _require(columns, path, ("order_id",), ("customer_id", "phone"), ("date",), ("amount",))
    seen: dict[str, int] = {}
    new_customers = 0

    async def one(session: AsyncSession, known: _Known, row: Row) -> str:
        nonlocal new_customers
        outcome, new_customer = await _purchase_row(session, known, columns, row, seen, now, default_timezone)
        new_customers += new_customer
        return outcome

    result = await _run(sessions, table, columns, one, batch_size, progress)
    result.customers_created = new_customers
    return result


async def _run(
    sessions: SessionFactory,
    table: Table,
    columns: Columns,
    one: Callable[[AsyncSession, _Known, Row], Awaitable[str]],
    batch_size: int,
    progress: Progress | None,
) -> ImportResult:
    result = ImportResult(ignored_columns=columns.ignored)
    total = len(table.rows)
    for start in range(0, total, batch_size):
        rows = table.rows[start : start + batch_size]
        async with sessions() as session:
            known = await _Known.load(session, columns, rows)
            # Inserts go out together at commit; rows of one file never depend on each other's
            # unflushed writes (repeats are refused by line, upsert_customer flushes itself).
            with session.no_autoflush:
                for row in rows:
                    try:
                        outcome = await one(session, known, row)
                    except BadValue as reason:
                        result.bad.append((row.line, str(reason)))
                        continue
                    setattr(result, outcome, getattr(result, outcome) + 1)
            await session.commit()
        if progress is not None:
            progress(min(start + batch_size, total), total)
    return result


def _phone(columns: Columns, row: Row) -> str | None:
    raw = text(columns.cell(row, "phone"))
    if raw is None:
        return None
    phone = normalize_phone(raw)
    if phone is None:
        raise BadValue(f"phone '{raw}' is not a phone number")
    return phone


def _timezone(cell: Cell) -> str | None:
    name = text(cell)
    if name is None:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise BadValue(f"time zone '{name}' is unknown (expected e.g. Europe/Moscow, Asia/Yekaterinburg)") from None
    return name


def _claim(seen: dict[str, int], key: str, what: str, line: int) -> None:
    if key in seen:
        raise BadValue(f"{what} {key} repeats line {seen[key]}")
    seen[key] = line


def _claim_customer(seen: dict[str, int], customer: Customer, line: int) -> None:
    """Two rows for one customer (e.g. by phone, then by id) would overwrite each other on every import."""
    first = seen.setdefault(f"#{customer.id}", line)
    if first != line:
        raise BadValue(f"the same customer as line {first}")


async def _customer_row(
    session: AsyncSession, known: _Known, columns: Columns, row: Row, seen: dict[str, int], now: datetime, default_timezone: str
) -> str:
    ref, phone = text(columns.cell(row, "customer_id")), _phone(columns, row)
    if ref is None and phone is None:
        raise BadValue("neither a customer id nor a phone")
    bonus_cell = columns.cell(row, "bonus_points")
    bonus = None if text(bonus_cell) is None else whole_number(bonus_cell, "bonus", low=0, high=2_000_000_000)
    timezone = _timezone(columns.cell(row, "timezone"))
    chat_cell = columns.cell(row, "telegram_chat_id")
    chat = None if text(chat_cell) is None else str(whole_number(chat_cell, "Telegram chat id", low=-(10**15), high=10**15))
    consents = [
        (purpose, flag(columns.cell(row, name)), columns.written.get(name))
        for purpose, name in (("messaging", "consent_messaging"), ("ads", "consent_ads"))
    ]
    _claim(seen, ref or phone or "", "customer" if ref else "phone", row.line)
    if known.was_erased(ref, phone):
        return "erased"
    existing = known.find(ref, phone)
    if existing is not None and ref is not None and existing.external_ref not in (None, ref):
        raise BadValue(f"phone {phone} already belongs to customer {existing.external_ref}")
    if existing is not None:
        _claim_customer(seen, existing, row.line)
    record = CustomerRecord(
        external_ref=ref,
        name=text(columns.cell(row, "name")),
        phone=phone,
        bonus_points=bonus,
        timezone=timezone or (None if existing is not None else default_timezone),
        telegram_chat_id=chat,
    )
    if existing is not None and _same(existing, record):
        customer, changed = existing, False  # upsert_customer would change nothing
    else:
        customer, changed = await upsert_customer(session, record, now, source=SOURCE)
        known.add(customer)
        _claim_customer(seen, customer, row.line)
    for purpose, granted, header in consents:
        if granted is not None and not known.consent_unchanged(customer, purpose, granted):
            changed = await set_consent(session, customer, purpose, granted, now, source=SOURCE, text=header) or changed
    return "created" if existing is None else "updated" if changed else "unchanged"


async def _purchase_row(
    session: AsyncSession, known: _Known, columns: Columns, row: Row, seen: dict[str, int], now: datetime, default_timezone: str
) -> tuple[str, bool]:
    order = text(columns.cell(row, "order_id"))
    if order is None:
        raise BadValue("no order number")
    ref, phone = text(columns.cell(row, "customer_id")), _phone(columns, row)
    if ref is None and phone is None:
        raise BadValue("neither a customer id nor a phone")
    when, total = day(columns.cell(row, "date")), amount(columns.cell(row, "amount"))
    _claim(seen, order, "order", row.line)
    if known.was_erased(ref, phone):
        return "erased", False
    customer = known.find(ref, phone)
    if customer is not None and ref is not None and customer.external_ref not in (None, ref):
        raise BadValue(f"customer {ref} is unknown and phone {phone} belongs to customer {customer.external_ref}")
    if customer is None and phone is None:
        raise BadValue(f"customer {ref} is unknown: import customers first or give a phone")
    zone = _zone(customer.timezone if customer is not None else default_timezone)
    if when > now.astimezone(zone).date():
        raise BadValue(f"date {when:%d.%m.%Y} is in the future")
    external_id = f"{SOURCE}:{order}"
    if external_id in known.orders:
        return "unchanged", False
    new_customer = customer is None
    if customer is None:
        record = CustomerRecord(external_ref=ref, name=None, phone=phone, timezone=default_timezone)
        customer, _ = await upsert_customer(session, record, now, source=SOURCE)
        known.add(customer)
    purchased_at = datetime.combine(when, time(12), zone)
    added = await record_purchase(
        session,
        customer,
        purchased_at=purchased_at,
        amount=total,
        external_id=external_id,
        source=SOURCE,
        items=text(columns.cell(row, "items")),
    )
    return ("created" if added else "unchanged"), new_customer


def _same(customer: Customer, record: CustomerRecord) -> bool:
    return all(
        value is None or getattr(customer, name) == value
        for name, value in dataclasses.asdict(record).items()
        if not name.endswith("_consent")
    )


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("Europe/Moscow")
