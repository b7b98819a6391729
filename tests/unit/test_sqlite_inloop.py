"""SQLite on the event loop's thread (bot/store/sqlite_inloop.py): writers queue instead of failing,
a writer that vanished does not block the others, another process's write lock is waited out
without stopping the loop."""

from __future__ import annotations

import asyncio
import gc
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.store import sqlite_inloop
from bot.store.engine import create_engine


def _table(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")


def _count(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute("SELECT count(*) FROM notes").fetchone()[0])


async def test_fifty_writers_at_once_in_one_loop_all_commit(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    _table(path)
    engine = create_engine(f"sqlite+aiosqlite:///{path}")

    async def write(number: int) -> None:
        async with engine.connect() as connection:
            await connection.execute(text("INSERT INTO notes (body) VALUES (:b)"), {"b": f"n{number}"})
            await asyncio.sleep(0)  # others run while this transaction is open
            await connection.execute(text("UPDATE notes SET body = body || '!' WHERE body = :b"), {"b": f"n{number}"})
            await connection.commit()

    await asyncio.gather(*(write(n) for n in range(50)))
    await engine.dispose()
    assert _count(path) == 50


async def test_a_connection_dropped_in_the_middle_of_a_write_does_not_block_the_next_writer(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    _table(path)
    lost = await sqlite_inloop.connect(str(path), busy_seconds=5)
    async with lost.cursor() as cursor:
        await cursor.execute("INSERT INTO notes (body) VALUES ('never committed')")
    del lost, cursor
    gc.collect()  # what the pool's garbage collection does to a connection nobody returned
    began = time.monotonic()
    other = await sqlite_inloop.connect(str(path), busy_seconds=5)
    async with other.cursor() as cursor:
        await cursor.execute("INSERT INTO notes (body) VALUES ('written')")
    await other.commit()
    await other.close()
    assert time.monotonic() - began < 2 and _count(path) == 1


async def test_another_process_holding_the_write_lock_is_waited_out_while_the_loop_keeps_running(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    _table(path)
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # as a CLI command in another process would
    ticks = 0

    async def ticking() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    async def release_later() -> None:
        await asyncio.sleep(0.3)
        holder.execute("COMMIT")

    ticker = asyncio.ensure_future(ticking())
    releaser = asyncio.ensure_future(release_later())
    writer = await sqlite_inloop.connect(str(path), busy_seconds=5)
    async with writer.cursor() as cursor:
        await cursor.execute("INSERT INTO notes (body) VALUES ('after the other one')")
    await writer.commit()
    await writer.close()
    ticker.cancel()
    await releaser
    holder.close()
    assert ticks >= 10 and _count(path) == 1


async def test_the_wal_is_checkpointed_in_a_worker_thread_not_by_a_commit_on_the_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "w.db"
    _table(path)
    threads: list[int] = []
    checkpoint = sqlite_inloop.checkpoint

    def recorded(database: str) -> None:
        threads.append(threading.get_ident())
        checkpoint(database)

    monkeypatch.setattr(sqlite_inloop, "CHECKPOINT_AFTER", 10)
    monkeypatch.setattr(sqlite_inloop, "checkpoint", recorded)
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    async with engine.connect() as connection:
        assert (await connection.execute(text("PRAGMA wal_autocheckpoint"))).scalar_one() == 0
        for number in range(25):
            await connection.execute(text("INSERT INTO notes (body) VALUES (:b)"), {"b": f"n{number}"})
            await connection.commit()
            await asyncio.sleep(0.01)  # a checkpoint running meanwhile is not started twice
    await engine.dispose()

    assert len(threads) == 2 and threading.get_ident() not in threads  # after 10 and 20 commits, off the loop's thread
    assert _count(path) == 25
