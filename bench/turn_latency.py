"""Engine time per customer turn (offline brain, SQLite, no network): p50 and p99, beside a bare SQL baseline.

    .venv/bin/python -m bench.turn_latency [--chats 100] [--database sqlite|postgres-url]

"ours" is bot.app.service.handle_inbound — store the message, understand it, step the dialogue,
commit the answer, its state and the effects — for a four-message request in each of `--chats`
web chats, one turn at a time, on a fresh database built by our migrations. "bare" is the least a
turn must write on the same database in the same run: the inbound row, the reply row and the
conversation's new state, in one transaction through SQLAlchemy Core — no ORM, no reads, no
understanding.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app.service import handle_inbound
from bot.app.warm_up import warm_up
from bot.bootstrap import build
from bot.config import Settings
from bot.messages import Inbound
from bot.store.engine import upgrade_async
from bot.store.models import Conversation, Customer, Message

TURNS = ("Здравствуйте, нужен стартер на камри", "вин JTNBE46K303123456", "ещё передние колодки", "нет, всё")
customers, conversations, messages = Customer.__table__, Conversation.__table__, Message.__table__  # type: ignore[attr-defined]
WARM_UP = 8  # first turns load the vocabularies and compile the statements


@dataclass(frozen=True)
class Latency:
    turns: int
    p50_ms: float
    p99_ms: float
    cpu_ms_per_turn: float

    def line(self, name: str) -> str:
        return (
            f"{name:<6} {self.turns:5d} turns  p50 {self.p50_ms:6.2f} ms  p99 {self.p99_ms:6.2f} ms  "
            f"cpu {self.cpu_ms_per_turn:6.2f} ms/turn"
        )


def _latency(times: list[float], cpu: float) -> Latency:
    cuts = statistics.quantiles(times, n=100)
    return Latency(len(times), cuts[49] * 1000, cuts[98] * 1000, cpu / len(times) * 1000)


async def measure(database: str, chats: int) -> tuple[Latency, Latency]:
    """(ours, bare) on `database`, which must be empty and migrated."""
    container = build(Settings(_env_file=None, database_url=database, retention_enabled=False))  # type: ignore[call-arg]
    warm_up()  # as the service does before its first customer (bot/web/app.py)
    try:
        times: list[float] = []
        started_cpu = 0.0
        number = 0
        for said in TURNS:
            for chat in range(chats):
                number += 1
                inbound = Inbound(
                    channel="web", chat_id=f"bench-{chat}", external_id=f"m{number}", text=said, received_at=datetime.now(UTC)
                )
                if number == WARM_UP + 1:
                    started_cpu = time.process_time()
                began = time.perf_counter()
                await handle_inbound(inbound, container.core)
                if number > WARM_UP:
                    times.append(time.perf_counter() - began)
        ours = _latency(times, time.process_time() - started_cpu)
        bare = await _bare(container.engine, len(times))
    finally:
        await container.close()
    return ours, bare


async def _bare(engine: AsyncEngine, turns: int) -> Latency:
    now = datetime.now(UTC)
    times: list[float] = []
    async with engine.connect() as connection:
        customer = (await connection.execute(insert(customers).values(created_at=now).returning(customers.c.id))).scalar_one()
        conversation = (
            await connection.execute(
                insert(conversations)
                .values(customer_id=customer, channel="web", chat_id="bare", created_at=now, updated_at=now)
                .returning(conversations.c.id)
            )
        ).scalar_one()
        await connection.commit()
        started_cpu = time.process_time()
        for number in range(turns):
            began = time.perf_counter()
            for direction, external in (("in", f"bare-{number}"), ("out", None)):
                row = {"conversation_id": conversation, "channel": "web", "external_id": external, "direction": direction}
                await connection.execute(insert(messages).values(**row, text="x", created_at=now))
            change = update(conversations).where(conversations.c.id == conversation).values(state={"n": number}, updated_at=now)
            await connection.execute(change)
            await connection.commit()
            times.append(time.perf_counter() - began)
        cpu = time.process_time() - started_cpu
    return _latency(times, cpu)


async def main(chats: int, database: str | None) -> None:
    folder = Path(tempfile.mkdtemp(prefix="turn-bench-"))
    try:
        url = database or f"sqlite+aiosqlite:///{folder / 'bench.db'}"
        await upgrade_async(url)
        ours, bare = await measure(url, chats)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{ours.turns} customer turns ({chats} chats × {len(TURNS)} messages, offline brain), one at a time")
    print(ours.line("ours"))
    print(bare.line("bare"))
    print(f"p99 ours/bare: {ours.p99_ms / bare.p99_ms:6.1f}×   target: p99 ≤ 20 ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=100)
    parser.add_argument("--database", default=None, help="a migrated, empty database URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    asyncio.run(main(args.chats, args.database))
