"""SQLite on the event loop's own thread, for SQLAlchemy's aiosqlite dialect (`async_creator`).

aiosqlite runs every call on a helper thread: four thread hand-offs per statement (cursor, execute,
fetch, close), some sixty per customer turn, and they cost more than the statements — SQLite
answers our small indexed queries in tens of microseconds. Here every call runs inline, and what
has to wait does so without blocking the loop:

- writers of this process queue on one asyncio lock per database file (first come, first served),
  taken when a statement opens a write transaction and given back at commit, rollback or close;
  the transaction begins IMMEDIATE, so it holds SQLite's write lock from its first statement;
- a writer in another process (a CLI command, a second service) is waited out with asyncio
  sleeps: SQLITE_BUSY is retried until `busy_seconds` have passed, like SQLite's busy timeout,
  which is kept at 0 here because it would sleep on the loop's thread;
- the WAL is checkpointed in a worker thread, not by the commit that crosses SQLite's
  auto-checkpoint size: that commit copies the WAL into the database and syncs both files on the
  loop's thread — milliseconds on a busy disk, for every chat at once (bench/telegram_throughput.py
  saw 2-12 ms stalls). Every `CHECKPOINT_AFTER` write commits of this process a PASSIVE checkpoint
  (what the auto-checkpoint runs) goes to a thread on a connection of its own, one at a time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import time
import weakref
from collections.abc import Iterable, Sequence
from typing import Any

log = logging.getLogger(__name__)
READS = ("select", "pragma", "explain")  # statements that never open a write transaction
BUSY_PAUSES = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05)  # then 0.05 s until the timeout
CHECKPOINT_AFTER = 200  # write commits (a few pages each: about SQLite's own 1000-page auto-checkpoint)


class WriteGate:
    """One writing connection at a time per database file in this event loop, first come, first
    served. A holder that vanished — its connection dropped by the garbage collector in the middle
    of a transaction, which SQLite ends by itself — is noticed by the next writer and passed over."""

    CHECK_SECONDS = 0.2  # how often a waiting writer looks whether the holder is still there

    def __init__(self) -> None:
        self._lock = asyncio.Lock()
        self._holder: weakref.ref[Connection] | None = None

    async def acquire(self, who: Connection, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while True:
            try:
                async with asyncio.timeout(self.CHECK_SECONDS):  # not wait_for: it may swallow a cancellation
                    await self._lock.acquire()
            except TimeoutError:
                holder = self._holder() if self._holder is not None else None
                if self._lock.locked() and (holder is None or not holder.writing):
                    self.release()  # a holder gone without giving the gate back
                if time.monotonic() >= deadline:
                    raise sqlite3.OperationalError("database is locked") from None
                continue
            self._holder = weakref.ref(who)
            return

    def release(self) -> None:
        self._holder = None
        if self._lock.locked():
            self._lock.release()


_gates: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, WriteGate]] = weakref.WeakKeyDictionary()


def _gate(database: str) -> WriteGate | None:
    if database in ("", ":memory:") or "mode=memory" in database:
        return None  # a private database per connection: nobody to queue behind
    per_loop = _gates.setdefault(asyncio.get_running_loop(), {})
    return per_loop.setdefault(database, WriteGate())


class Checkpoints:
    """The write commits of this process on one database file since its last checkpoint."""

    def __init__(self, database: str) -> None:
        self._database = database
        self._commits = 0
        self._running = False

    def committed(self) -> None:
        self._commits += 1
        if self._commits >= CHECKPOINT_AFTER and not self._running:
            self._commits, self._running = 0, True
            done = asyncio.get_running_loop().run_in_executor(None, checkpoint, self._database)
            done.add_done_callback(self._finished)

    def _finished(self, done: asyncio.Future[None]) -> None:
        self._running = False
        if not done.cancelled() and done.exception() is not None:
            log.warning("checkpoint of %s failed: %s", self._database, done.exception())


def checkpoint(database: str) -> None:
    """Copy what the WAL holds into the database file, as far as readers allow (a worker thread)."""
    with contextlib.closing(sqlite3.connect(database, timeout=0)) as connection:
        connection.execute("PRAGMA wal_checkpoint(PASSIVE)")


_checkpoints: weakref.WeakValueDictionary[str, Checkpoints] = weakref.WeakValueDictionary()  # kept by their connections


def _checkpoints_of(database: str) -> Checkpoints | None:
    if database in ("", ":memory:") or "mode=memory" in database:
        return None
    known = _checkpoints.get(database)
    if known is None:
        known = _checkpoints[database] = Checkpoints(database)
    return known


def _busy(error: sqlite3.OperationalError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return (code & 0xFF) == sqlite3.SQLITE_BUSY if code is not None else "locked" in str(error)


def _writes(operation: str) -> bool:
    return not operation.lstrip().lower().startswith(READS)


class Connection:
    """The slice of aiosqlite's Connection that SQLAlchemy's adapter calls."""

    def __init__(self, connection: sqlite3.Connection, database: str, timeout: float) -> None:
        self._conn = connection
        self._connection: sqlite3.Connection | None = connection  # aiosqlite's name; None once closed
        self._gate = _gate(database)
        self._holds_gate = False
        self._timeout = timeout
        self._checkpoints = _checkpoints_of(database)

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    def writing_now(self) -> sqlite3.Connection | None:
        """The SQLite connection while this one holds the write lock in an open transaction: a
        statement in it needs no queueing and no busy retry (SQLite's busy error there is the
        caller's), so it may run on the connection straight (bot/store/direct.py)."""
        return self._conn if self._holds_gate and self._conn.in_transaction else None

    def cursor(self) -> _CursorContext:
        return _CursorContext(self)

    async def commit(self) -> None:
        wrote = self._holds_gate
        try:
            await self._retry_busy(self._conn.commit)
        finally:
            self._release_if_done()
        if wrote and self._checkpoints is not None:
            self._checkpoints.committed()

    async def rollback(self) -> None:
        try:
            self._conn.rollback()
        finally:
            self._release_if_done()

    async def close(self) -> None:
        if self._connection is None:
            return
        try:
            self._conn.close()
        finally:
            self._connection = None
            self._release()

    def stop(self) -> None:
        """Close now (SQLAlchemy's forced terminate)."""
        self._conn.close()
        self._connection = None
        self._release()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    async def run(self, operation: str, call: Any) -> Any:
        """Run one statement: queue for the write lock first when it may open a write transaction."""
        if not self._conn.in_transaction and _writes(operation):
            await self._acquire()
        try:
            return await self._retry_busy(call)
        finally:
            self._release_if_done()

    @property
    def writing(self) -> bool:
        """Holding the gate for a transaction that is still open (or just about to begin)."""
        return self._holds_gate and self._connection is not None

    async def _acquire(self) -> None:
        if self._gate is None or self._holds_gate:
            return
        await self._gate.acquire(self, self._timeout)
        self._holds_gate = True

    def _release_if_done(self) -> None:
        if self._connection is None or not self._conn.in_transaction:
            self._release()

    def _release(self) -> None:
        if self._holds_gate and self._gate is not None:
            self._holds_gate = False
            self._gate.release()

    async def _retry_busy(self, call: Any) -> Any:
        deadline = time.monotonic() + self._timeout
        for attempt in range(1_000_000):
            try:
                return call()
            except sqlite3.OperationalError as error:
                # only where nothing was begun: a busy statement inside a transaction is the caller's
                if not _busy(error) or self._conn.in_transaction or time.monotonic() >= deadline:
                    raise
            await asyncio.sleep(BUSY_PAUSES[min(attempt, len(BUSY_PAUSES) - 1)])
        raise AssertionError("unreachable")


class Cursor:
    """The slice of aiosqlite's Cursor that SQLAlchemy's adapter calls."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._cursor = connection._conn.cursor()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value

    async def execute(self, operation: str, parameters: Sequence[Any] | dict[str, Any] = ()) -> Cursor:
        await self._connection.run(operation, lambda: self._cursor.execute(operation, parameters))
        return self

    async def executemany(self, operation: str, seq_of_parameters: Iterable[Any]) -> Cursor:
        rows = list(seq_of_parameters)
        await self._connection.run(operation, lambda: self._cursor.executemany(operation, rows))
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(self._cursor.arraysize if size is None else size)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()


class _CursorContext:
    """`connection.cursor()` is awaited through `__aenter__` by the adapter, as with aiosqlite."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    async def __aenter__(self) -> Cursor:
        return Cursor(self._connection)

    async def __aexit__(self, *exc: object) -> None:
        return None


async def connect(database: str, *, busy_seconds: float = 30.0) -> Connection:
    """A connection for `create_async_engine(..., async_creator=...)`."""
    connection = sqlite3.connect(database, timeout=0, isolation_level="IMMEDIATE", check_same_thread=False)
    connection.execute("PRAGMA wal_autocheckpoint=0")  # checkpoints run in a worker thread (Checkpoints)
    return Connection(connection, database, busy_seconds)
