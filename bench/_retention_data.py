"""A synthetic customer base for the retention benchmark, bulk-loaded through the raw drivers.

Rows are generated in batches (never a million ORM objects) with a fixed seed, so every run and
both engines see the same population. Times are naive UTC, the way UtcDateTime stores them.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import asyncpg

BATCH = 50_000
SPAN = timedelta(days=3 * 365)  # purchases spread over three years
# (zone, weight): mostly Moscow time; Kaliningrad is outside 10:00-20:00 at the benchmark's `now`
ZONES = (
    ("Europe/Moscow", 60),
    ("Europe/Samara", 6),
    ("Asia/Yekaterinburg", 10),
    ("Asia/Novosibirsk", 7),
    ("Asia/Krasnoyarsk", 5),
    ("Asia/Vladivostok", 5),
    ("Asia/Kamchatka", 2),
    ("Europe/Kaliningrad", 5),
)

CUSTOMER_COLUMNS = (
    "id", "name", "phone", "external_ref", "timezone", "bonus_points", "messaging_consent", "ads_consent",
    "telegram_chat_id", "telegram_unreachable", "whatsapp_unreachable", "last_purchase_at",
    "last_contacted_at", "next_contact_at", "opted_out_at", "created_at",
)  # fmt: skip
CONVERSATION_COLUMNS = ("id", "customer_id", "channel", "chat_id", "stage", "state", "created_at", "updated_at")
LEAD_COLUMNS = ("id", "conversation_id", "customer_id", "status", "channel", "parts", "hot", "created_at", "closed_at")
PURCHASE_COLUMNS = ("id", "customer_id", "external_id", "purchased_at", "amount", "source")
TABLES = {
    "customers": CUSTOMER_COLUMNS,
    "conversations": CONVERSATION_COLUMNS,
    "leads": LEAD_COLUMNS,
    "purchases": PURCHASE_COLUMNS,
}

Row = tuple[Any, ...]


class NotEmpty(Exception):
    """The benchmark fills a database of its own; the one given already holds data."""


BONUS = (0, 0, 150, 300, 1200)
NAMES = ("Андрей", "Ольга", "Сергей", "Марина", "Дмитрий", "Елена", "Алексей", "Ирина", "Павел")


@dataclass
class Batch:
    """One slice of the population, table by table."""

    rows: dict[str, list[Row]]


def population(customers: int, now: datetime, when: Callable[[datetime], Any], seed: int = 20261123) -> Iterator[Batch]:
    """The customer base in batches; `now` is naive UTC and `when` turns each time into the driver's value.

    Mix: ~5% never bought; 3% opted out; 85% messaging consent; 20% contacted in the last 120 days;
    2% snoozed until a named date; 40% known in Telegram (2% of them unreachable); 90% with a phone
    (3% unreachable on WhatsApp); 3% with a lead (60% still open) made in the last 120 days.
    """
    rnd = random.Random(seed)
    rand, zones, weights = rnd.random, [zone for zone, _ in ZONES], [weight for _, weight in ZONES]
    span_us, day_us = SPAN.total_seconds() * 1e6, 86_400e6

    def ago(us: float) -> Any:
        return when(now - timedelta(microseconds=us))

    registered = ago(span_us + 30 * day_us)  # created_at plays no part in the query

    leads = 0
    for start in range(1, customers + 1, BATCH):
        ids = range(start, min(start + BATCH, customers + 1))
        batch = Batch({table: [] for table in TABLES})
        customer_rows, purchase_rows = batch.rows["customers"], batch.rows["purchases"]
        for cid, zone in zip(ids, rnd.choices(zones, weights, k=len(ids)), strict=True):
            bought_us = rand() * span_us if rand() >= 0.05 else None
            last_purchase = None if bought_us is None else ago(bought_us)
            contacted = ago(rand() * 120 * day_us) if rand() < 0.20 else None
            snoozed = ago(-(1 + rand() * 59) * day_us) if rand() < 0.02 else None
            opted_out = ago((1 + rand() * 699) * day_us) if rand() < 0.03 else None
            telegram = str(100_000_000 + cid) if rand() < 0.40 else None
            phone = f"+79{cid:09d}" if rand() < 0.90 else None
            customer_rows.append(
                (
                    cid,
                    NAMES[cid % len(NAMES)],
                    phone,
                    str(cid),
                    zone,
                    BONUS[int(rand() * 5)],
                    rand() < 0.85,
                    rand() < 0.60,
                    telegram,
                    telegram is not None and rand() < 0.02,
                    phone is not None and rand() < 0.03,
                    last_purchase,
                    contacted,
                    snoozed,
                    opted_out,
                    registered,
                )
            )
            if last_purchase is not None:
                purchase_rows.append((cid, cid, str(cid), last_purchase, round(500 + rand() * 39_500, 2), "import"))
            if rand() < 0.03:
                leads += 1
                made_us, open_ = rand() * 120 * day_us, rand() < 0.60
                made = ago(made_us)
                batch.rows["conversations"].append((leads, cid, "web", f"bench-{cid}", "handed_off", "{}", made, made))
                batch.rows["leads"].append(
                    (leads, leads, cid, "handed_off" if open_ else "closed", "web", '["колодки"]', False, made,
                     None if open_ else ago(made_us - 2 * day_us))
                )  # fmt: skip
        yield batch


def _sqlite_time(value: datetime) -> str:
    return value.isoformat(" ", "microseconds")  # SQLAlchemy's storage format for DateTime on SQLite


def _same(value: datetime) -> datetime:
    return value


def load_sqlite(path: str, customers: int, now: datetime) -> dict[str, int]:
    """executemany in big batches, one transaction, then ANALYZE. Returns row counts per table.

    The secondary indexes of the loaded tables are dropped first and rebuilt afterwards from their
    own CREATE INDEX text (sorting once beats a million random index inserts); journal and fsync
    are off while loading this throwaway file, WAL (as the service uses it) comes back afterwards.
    """
    counts = dict.fromkeys(TABLES, 0)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-262144"):  # 256 MiB cache
            conn.execute(f"PRAGMA {pragma}")
        marks = ",".join("?" * len(TABLES))
        indexes = conn.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({marks})",
            tuple(TABLES),
        ).fetchall()
        conn.execute("BEGIN")
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        for batch in population(customers, now, _sqlite_time):
            for table, columns in TABLES.items():
                rows = batch.rows[table]
                values = ", ".join("?" * len(columns))
                conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({values})", rows)
                counts[table] += len(rows)
        for _, sql in indexes:
            conn.execute(sql)
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
        conn.execute("PRAGMA journal_mode=WAL")
    finally:
        conn.close()
    return counts


async def load_postgres(dsn: str, customers: int, now: datetime) -> dict[str, int]:
    """COPY batch by batch in one transaction, sequences moved past the ids, then ANALYZE.

    As on SQLite, plain secondary indexes (not those behind constraints) are rebuilt after the load
    from their own definitions (pg_indexes.indexdef); as a superuser, foreign-key triggers are off
    while loading.
    """
    counts = dict.fromkeys(TABLES, 0)
    conn = await asyncpg.connect(dsn)
    try:
        if await conn.fetchval("SELECT EXISTS (SELECT 1 FROM customers)"):
            raise NotEmpty("the PostgreSQL database already has customers; give an empty one")
        async with conn.transaction():
            if await conn.fetchval("SELECT current_setting('is_superuser') = 'on'"):
                # the rows are consistent by construction: skip the per-row foreign-key triggers
                await conn.execute("SET LOCAL session_replication_role = replica")
            indexes = await conn.fetch(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema()"
                " AND i.tablename = ANY($1::text[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint k"
                " WHERE k.conname = i.indexname)",
                list(TABLES),
            )
            for index in indexes:
                await conn.execute(f'DROP INDEX "{index["indexname"]}"')
            for batch in population(customers, now, _same):
                for table, columns in TABLES.items():
                    if batch.rows[table]:
                        await conn.copy_records_to_table(table, records=batch.rows[table], columns=list(columns))
                        counts[table] += len(batch.rows[table])
            for index in indexes:
                await conn.execute(index["indexdef"])
            for table in TABLES:
                await conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT coalesce(max(id), 1) FROM {table}))"
                )
        await conn.execute("ANALYZE")
    finally:
        await conn.close()
    return counts
