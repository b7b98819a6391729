"""Segments by purchase cycle: a customer whose last purchase was of one kind (consumables: oil,
filters, pads…) becomes due on that kind's own cycle rather than the flat RETENTION_AFTER_DAYS.

RETENTION_SEGMENTS is "name:days:mark,mark,…; name:days:marks". A mark is a word stem looked for in
the purchase's lines (`purchases.items`, any case, ё as е), or "<=AMOUNT" for a purchase imported
without lines. A customer belongs to the first segment every one of whose last-day purchases match;
the rest are OTHER. The segment is kept on the customer (`retention_segment`, read from the purchase
at `segment_of`) so that "who is due" stays one query; `refresh` brings it up to date before a pass.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.store.models import Customer, KeyValue, Purchase

OTHER = "остальные"
FINGERPRINT_KEY = "retention.segments"
LAST_DAY = timedelta(days=1)  # purchases this close before the last one are "the last purchases"
BATCH = 500
_LINES = re.compile(r"[;\n|]+")


@dataclass(frozen=True)
class Segment:
    name: str
    days: int
    words: tuple[str, ...] = ()
    max_amount: float | None = None  # a purchase without lines matches when its amount is at most this

    def matches(self, items: str | None, amount: float) -> bool:
        lines = [_plain(line) for line in _LINES.split(items or "") if line.strip()]
        if not lines:
            return self.max_amount is not None and amount <= self.max_amount
        return all(any(word in line for word in self.words) for line in lines)


@dataclass(frozen=True)
class Segments:
    segments: tuple[Segment, ...]
    default_days: int

    @property
    def names(self) -> tuple[str, ...]:
        return (*(s.name for s in self.segments), OTHER)

    def days(self, name: str | None) -> int:
        return next((s.days for s in self.segments if s.name == name), self.default_days)

    def classify(self, purchases: list[tuple[str | None, float]]) -> str:
        """The segment of a customer whose last purchases were these (items, amount)."""
        for segment in self.segments:
            if purchases and all(segment.matches(items, amount) for items, amount in purchases):
                return segment.name
        return OTHER

    def cycles(self) -> tuple[tuple[str, int], ...]:
        return tuple((s.name, s.days) for s in self.segments)

    def fingerprint(self) -> str:
        return hashlib.sha256(repr(self.segments).encode()).hexdigest()[:16]


def parse(spec: str, default_days: int) -> Segments:
    """RETENTION_SEGMENTS as Segments; ValueError names what is wrong."""
    found: list[Segment] = []
    for part in (p.strip() for p in spec.split(";")):
        if not part:
            continue
        pieces = part.split(":", 2)
        if len(pieces) != 3 or not pieces[0].strip() or not pieces[1].strip().isdigit():
            raise ValueError(f"RETENTION_SEGMENTS: {part!r} is not name:days:marks")
        words, limit = [], None
        for mark in (m.strip() for m in pieces[2].split(",")):
            if mark.startswith("<="):
                limit = float(mark[2:].strip())
            elif mark:
                words.append(_plain(mark))
        name = pieces[0].strip()
        if name == OTHER or name in {s.name for s in found}:
            raise ValueError(f"RETENTION_SEGMENTS: the name {name!r} is taken")
        found.append(Segment(name, int(pieces[1]), tuple(words), limit))
    return Segments(tuple(found), default_days)


def _plain(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


async def refresh(session: AsyncSession, segments: Segments, now: datetime) -> int:
    """Read the segment of every customer who could be due now and whose last purchase changed since
    (or of everybody, when the segments' definition changed). Caller commits. Returns how many."""
    mark = await session.get(KeyValue, FINGERPRINT_KEY)
    if mark is None or mark.value.get("fingerprint") != segments.fingerprint():
        await session.exec(sa.update(Customer).values(segment_of=None))
        mark = mark or KeyValue(key=FINGERPRINT_KEY, updated_at=now)
        mark.value, mark.updated_at = {"fingerprint": segments.fingerprint()}, now
        session.add(mark)
    shortest = min([segments.default_days, *(s.days for s in segments.segments)])
    stale = (
        select(Customer)
        .where(
            col(Customer.last_purchase_at) <= now - timedelta(days=shortest),
            sa.or_(col(Customer.segment_of).is_(None), col(Customer.segment_of) != col(Customer.last_purchase_at)),
        )
        .order_by(col(Customer.id))
    )  # rows locked in one order by every process refreshing at once
    done = 0
    while customers := list((await session.exec(stale.limit(BATCH))).all()):
        last = {c.id: c.last_purchase_at for c in customers if c.id is not None and c.last_purchase_at is not None}
        rows = await session.exec(
            select(Purchase.customer_id, Purchase.items, Purchase.amount, Purchase.purchased_at).where(
                col(Purchase.customer_id).in_(last), col(Purchase.purchased_at) > min(last.values()) - LAST_DAY
            )
        )
        lines: dict[int, list[tuple[str | None, float]]] = defaultdict(list)
        for customer_id, items, amount, at in rows.all():
            if at > last[customer_id] - LAST_DAY and at <= last[customer_id]:
                lines[customer_id].append((items, amount))
        for customer in customers:
            customer.retention_segment = segments.classify(lines.get(customer.id or 0, []))
            customer.segment_of = customer.last_purchase_at
            session.add(customer)
        await session.flush()
        done += len(customers)
    return done
