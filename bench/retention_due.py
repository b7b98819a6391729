"""Who is due now over a large customer base: our select_due against the bare indexed SQL, same run.

    .venv/bin/python -m bench.retention_due [--customers N] [--engines sqlite,postgres] [--pg-url URL]

Each engine gets a fresh database built by our migrations, filled with a synthetic population
(bench/_retention_data.py) through the raw driver, then ANALYZEd. "ours" is
retention.due.select_due through a sqlmodel AsyncSession (connection checked out beforehand,
so the time is the query building, the round trips and the ORM rows); "bare" is the same conditions
written by hand and run on the raw driver connection (aiosqlite / asyncpg) of the same engine.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
from rich.console import Console
from rich.table import Table
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from bench._retention_data import NotEmpty, load_postgres, load_sqlite
from bot.config import normalize_database_url
from bot.store.engine import create_engine, session_factory, upgrade_async
from retention.due import CampaignRules, select_due, zones_in_hours

NOW = datetime(2026, 11, 23, 7, 30, tzinfo=UTC)  # Monday 10:30 in Moscow; 09:30 in Kaliningrad (quiet)
RULES = CampaignRules(channels=("telegram", "whatsapp"))
ENGINES = ("sqlite", "postgres")
INDEX = "ix_customers_due"
BUDGET_S = 20.0  # per engine: stop repeating after this long (at least 3 runs)
console = Console(width=None if sys.stdout.isatty() else 120)


@dataclass
class Result:
    engine: str
    customers: int
    load_s: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)
    due: int = 0
    runs: int = 0
    ours_ms: float = 0.0
    bare_ms: float = 0.0
    zones_ms: float = 0.0
    same_rows: bool = False
    plan_ours: list[str] = field(default_factory=list)
    plan_bare: list[str] = field(default_factory=list)


def bare_where(dialect: str, zones: int) -> str:
    """The due conditions by hand, for RULES (Telegram or WhatsApp reachability)."""
    numbers = iter(range(1, zones + 4))

    def p() -> str:
        return "?" if dialect == "sqlite" else f"${next(numbers)}"

    purchase, contact, zone_marks = p(), p(), ", ".join(p() for _ in range(zones))
    recent = f" AND l.created_at > {p()}" if RULES.open_deal_days > 0 else ""  # 0: any open deal blocks
    return f"""
        c.last_purchase_at <= {purchase}
        AND (c.last_contacted_at IS NULL OR c.last_contacted_at <= {contact})
        AND c.opted_out_at IS NULL
        AND c.messaging_consent
        AND c.next_contact_at IS NULL
        AND ((c.telegram_chat_id IS NOT NULL AND NOT c.telegram_unreachable)
             OR (c.phone IS NOT NULL AND NOT c.whatsapp_unreachable))
        AND c.timezone IN ({zone_marks})
        AND NOT EXISTS (SELECT 1 FROM leads l
                        WHERE l.customer_id = c.id AND l.status = 'handed_off'{recent})"""


def bare_params(dialect: str, zones: list[str]) -> list[Any]:
    def when(delta: timedelta) -> Any:
        moment = (NOW - delta).astimezone(UTC).replace(tzinfo=None)
        return moment.isoformat(" ", "microseconds") if dialect == "sqlite" else moment

    return [
        when(timedelta(days=RULES.after_days)),
        when(timedelta(days=RULES.contact_cap_days)),
        *zones,
        *([when(timedelta(days=RULES.open_deal_days))] if RULES.open_deal_days > 0 else []),
    ]


async def measure(engine: AsyncEngine, result: Result, repeat: int) -> None:
    """Median times of ours and bare (interleaved, so load from elsewhere hits both alike), rows, plans."""
    dialect = engine.dialect.name
    zones = zones_in_hours(NOW, RULES)
    where, params = bare_where(dialect, len(zones)), bare_params(dialect, zones)
    select_sql = f"SELECT c.* FROM customers AS c WHERE {where}\nORDER BY c.last_purchase_at LIMIT {RULES.max_per_run}"
    sessions = session_factory(engine)
    captured: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        captured.append((statement, parameters))

    async with engine.connect() as conn:
        raw = (await conn.get_raw_connection()).driver_connection
        assert raw is not None

        async def bare(sql: str) -> tuple[float, list[Any]]:
            start = time.perf_counter()
            if dialect == "sqlite":
                async with raw.execute(sql, params) as cursor:
                    rows = list(await cursor.fetchall())
            else:
                rows = list(await raw.fetch(sql, *params))
            return (time.perf_counter() - start) * 1000, rows

        async def ours() -> tuple[float, list[int]]:
            async with sessions() as session:
                await session.connection()  # check-out and pre-ping are not the query's cost
                start = time.perf_counter()
                rows = await select_due(session, NOW, RULES, limit=RULES.max_per_run)
                return (time.perf_counter() - start) * 1000, [c.id for c in rows if c.id is not None]

        result.due = (await bare(f"SELECT count(*) FROM customers AS c WHERE {where}"))[1][0][0]
        for _ in range(2):  # warm up the statement caches and the page cache
            await ours()
            await bare(select_sql)
        ours_ms, bare_ms, deadline = [], [], time.perf_counter() + BUDGET_S
        for _ in range(repeat):
            elapsed, our_ids = await ours()
            ours_ms.append(elapsed)
            elapsed, bare_rows = await bare(select_sql)
            bare_ms.append(elapsed)
            if len(ours_ms) >= 3 and time.perf_counter() > deadline:
                break
        result.runs, result.ours_ms, result.bare_ms = len(ours_ms), statistics.median(ours_ms), statistics.median(bare_ms)
        result.same_rows = our_ids == [row[0] for row in bare_rows]
        zone_ms = []
        for _ in range(repeat):
            start = time.perf_counter()
            zones_in_hours(NOW, RULES)
            zone_ms.append((time.perf_counter() - start) * 1000)
        result.zones_ms = statistics.median(zone_ms)

        event.listen(engine.sync_engine, "before_cursor_execute", capture)
        await ours()
        event.remove(engine.sync_engine, "before_cursor_execute", capture)
        our_sql, our_params = next((s, p) for s, p in captured if "FROM customers" in s)
        if dialect == "sqlite":
            plan = await conn.exec_driver_sql("EXPLAIN QUERY PLAN " + our_sql, our_params)
            result.plan_ours = [row[3] for row in plan]
            result.plan_bare = [row[3] for row in (await bare("EXPLAIN QUERY PLAN " + select_sql))[1]]
        else:
            explain = "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) "
            result.plan_ours = [row[0] for row in await conn.exec_driver_sql(explain + our_sql, our_params)]
            result.plan_bare = [row[0] for row in (await bare(explain + select_sql))[1]]


async def run_engine(name: str, customers: int, repeat: int, pg_url: str | None) -> Result:
    result = Result(name, customers)
    naive_now = NOW.replace(tzinfo=None)
    if name == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="partsbot-bench-"))
        try:
            url = f"sqlite+aiosqlite:///{folder / 'bench.db'}"
            await upgrade_async(url)
            start = time.perf_counter()
            result.rows = await asyncio.to_thread(load_sqlite, str(folder / "bench.db"), customers, naive_now)
            result.load_s = time.perf_counter() - start
            await _measure_url(url, result, repeat)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return result
    server = None
    if pg_url is None:
        from tests.support.postgres import ThrowawayPostgres  # only the benchmark needs a private cluster

        server = ThrowawayPostgres().start()
    try:
        url = normalize_database_url(pg_url) if pg_url else server.create_database("bench_retention_due")  # type: ignore[union-attr]
        await upgrade_async(url)
        dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        start = time.perf_counter()
        result.rows = await load_postgres(dsn, customers, naive_now)
        result.load_s = time.perf_counter() - start
        await _measure_url(url, result, repeat)
    finally:
        if server is not None:
            server.stop()
    return result


async def _measure_url(url: str, result: Result, repeat: int) -> None:
    engine = create_engine(url)
    try:
        await measure(engine, result, repeat)
    finally:
        await engine.dispose()


def report(results: list[Result]) -> None:
    table = Table(title=f"Who is due now: ours = select_due(limit={RULES.max_per_run}), bare = same SQL on the raw driver")
    for column in ("engine", "customers", "load s", "due", "ours ms", "bare ms", "ratio", "same rows", "due index"):
        table.add_column(column, justify="left" if column == "engine" else "right")
    for r in results:
        used = INDEX in " ".join(r.plan_ours)
        table.add_row(
            r.engine, f"{r.customers:,}", f"{r.load_s:.1f}", f"{r.due:,}", f"{r.ours_ms:.2f}", f"{r.bare_ms:.2f}",
            f"{r.ours_ms / r.bare_ms:.2f}×", "yes" if r.same_rows else "[red]NO[/]", "used" if used else "[red]NOT used[/]",
        )  # fmt: skip
    console.print(table)
    for r in results:
        loaded = ", ".join(f"{count:,} {table}" for table, count in r.rows.items())
        console.print(f"\n[bold]{r.engine}[/]: loaded {loaded} in {r.load_s:.1f} s (generation, inserts, indexes, ANALYZE)")
        console.print(f"medians of {r.runs} runs each; zones_in_hours() alone (part of select_due): {r.zones_ms:.2f} ms")
        console.print("plan of select_due:")
        for line in _summary(r.plan_ours):
            console.print(f"  {line}", markup=False)
        if [_shape(x) for x in _summary(r.plan_bare)] != [_shape(x) for x in _summary(r.plan_ours)]:
            console.print("plan of the bare SQL:")
            for line in _summary(r.plan_bare):
                console.print(f"  {line}", markup=False)


def _summary(plan: list[str]) -> list[str]:
    """Plan nodes, index conditions and timings; the long zone list and filters elided."""
    keep = ("->", "Index Cond", "Rows Removed", "Execution Time", "SEARCH", "SCAN", "USE TEMP", "SUBQUERY")
    lines = [line for i, line in enumerate(plan) if i == 0 or any(word in line for word in keep)]
    return [re.sub(r"'\{[^}]*\}'::text\[\]", "'{...zones...}'", line)[:150] for line in lines]


def _shape(line: str) -> str:
    """A plan line without run-time figures and table aliases, for comparing the two plans' shapes."""
    line = re.sub(r"\(actual[^)]*\)|Execution Time.*|Rows Removed.*", "", line)
    line = re.sub(r"\b(customers|leads) [cl]\b", r"\1", line)
    line = re.sub(r"\b(SEARCH|SCAN) c\b", r"\1 customers", re.sub(r"\b(SEARCH|SCAN) l\b", r"\1 leads", line))
    return re.sub(r"\b(customers|leads|c|l)\.", "", line).strip()


def _engines(value: str) -> list[str]:
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = sorted(set(names) - set(ENGINES))
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"engines are a comma list of {', '.join(ENGINES)}; got {value!r}")
    return names


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"a positive whole number is needed, got {value!r}")
    return int(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.retention_due", description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=_positive, default=1_000_000)
    parser.add_argument("--engines", type=_engines, default=list(ENGINES), help="comma list: sqlite,postgres")
    parser.add_argument("--pg-url", help="an empty PostgreSQL database to fill and leave filled (default: a throwaway cluster)")
    parser.add_argument("--repeat", type=_positive, default=15, help="timed repetitions per query")
    args = parser.parse_args(argv)
    results = []
    for name in args.engines:
        with console.status(f"{name}: migrating, loading {args.customers:,} customers, measuring…"):
            try:
                results.append(asyncio.run(run_engine(name, args.customers, args.repeat, args.pg_url)))
            except (NotEmpty, OSError, asyncpg.PostgresError, DBAPIError) as exc:
                console.print(f"[red]{name}: {exc}[/]")
                return 2
    report(results)
    return 0 if all(r.same_rows for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
