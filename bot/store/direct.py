"""The unit of work's prebuilt Core statements, run straight on SQLite's driver connection.

On SQLite, SQLAlchemy's execution pipeline around a statement (cache lookup, execution context,
result object, two greenlet hops) costs about 100 µs of CPU: several times SQLite's own work for
our small indexed statements, and a turn runs a dozen of them (bench/telegram_throughput.py). Here
a statement is compiled once by SQLAlchemy for the engine's dialect, and its values go through
SQLAlchemy's own type processors both ways (UTC datetimes, JSON, booleans: stored exactly as
SQLAlchemy stores them), on the DBAPI connection of the session's transaction
(bot/store/sqlite_inloop.py: the same write lock and busy handling). Errors are SQLAlchemy's
(`IntegrityError` …), built by SQLAlchemy from the driver's.

Other databases (PostgreSQL) run the same statements through SQLAlchemy; so does a statement
whose values this plan cannot give (a column left to its default).
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.store import sqlite_inloop

Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class _Plan:
    sql: str
    binds: tuple[tuple[str, bool, Any, Processor], ...]  # name, from the values?, else this value, processor
    results: tuple[tuple[str, Processor], ...]  # column name, processor


@functools.lru_cache(maxsize=256)
def _plan(statement: sa.Executable, dialect: Dialect, keys: frozenset[str]) -> _Plan | None:
    if not isinstance(statement, sa.Select | sa.Insert | sa.Update):
        return None
    compiled = statement.compile(dialect=dialect, column_keys=sorted(keys))
    if compiled.positiontup is None or any(bind.expanding for bind in compiled.binds.values()):
        return None  # (an IN list: its placeholders are written at execution, by SQLAlchemy)
    binds = []
    for name in compiled.positiontup:
        bind = compiled.binds[name]
        if bind.required and name not in keys:
            return None  # a default SQLAlchemy would fill in: let it
        binds.append((name, bind.required, bind.effective_value, bind.type.dialect_impl(dialect).bind_processor(dialect)))
    columns = statement.selected_columns if isinstance(statement, sa.Select) else statement.exported_columns
    results = tuple((c.name, c.type.dialect_impl(dialect).result_processor(dialect, None)) for c in columns)
    return _Plan(compiled.string, tuple(binds), results)


def _params(plan: _Plan, values: Mapping[str, Any]) -> tuple[Any, ...]:
    params = []
    for name, given, fixed, process in plan.binds:
        value = values[name] if given else fixed
        params.append(process(value) if process is not None else value)
    return tuple(params)


def driver_of(connection: AsyncConnection) -> sqlite_inloop.Connection | None:
    """The SQLite driver connection under a connected connection; None on other databases."""
    if connection.dialect.name != "sqlite":
        return None
    connected = connection.sync_connection
    assert connected is not None
    driver = connected.connection.driver_connection  # connected: nothing to await
    return driver if isinstance(driver, sqlite_inloop.Connection) else None


async def fetch(
    connection: AsyncConnection, driver: sqlite_inloop.Connection | None, statement: sa.Executable, values: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """Run a statement with these values on the transaction's `connection` (straight on its SQLite
    `driver` when there is one); its rows (SELECT, INSERT … RETURNING) as column -> value."""
    plan = _plan(statement, connection.dialect, frozenset(values)) if driver is not None else None
    if driver is None or plan is None:
        result = await connection.execute(statement, dict(values))
        return [dict(row) for row in result.mappings().all()] if result.returns_rows else []
    params = _params(plan, values)
    writing = driver.writing_now()
    try:
        if writing is not None:  # most of a unit of work's statements: no queueing, no wrapper
            rows = writing.execute(plan.sql, params).fetchall()
        else:
            rows = await _fetch_queued(driver, plan, params)
    except sqlite3.Error as exc:
        raise _wrapped(plan.sql, params, exc, connection.dialect) from exc
    return [
        {name: process(value) if process is not None else value for (name, process), value in zip(plan.results, row, strict=True)}
        for row in rows
    ]


async def execute_many(
    connection: AsyncConnection,
    driver: sqlite_inloop.Connection | None,
    statement: sa.Executable,
    rows: Sequence[Mapping[str, Any]],
) -> None:
    """Run a statement that returns nothing once per row of values (they all have the same keys)."""
    if not rows:
        return
    plan = _plan(statement, connection.dialect, frozenset(rows[0])) if driver is not None else None
    if driver is None or plan is None:
        await connection.execute(statement, [dict(row) for row in rows])
        return
    params = [_params(plan, row) for row in rows]
    writing = driver.writing_now()
    try:
        if writing is not None:
            writing.executemany(plan.sql, params)
        else:
            await _execute_many_queued(driver, plan, params)
    except sqlite3.Error as exc:
        raise _wrapped(plan.sql, params, exc, connection.dialect) from exc


async def _fetch_queued(driver: sqlite_inloop.Connection, plan: _Plan, params: tuple[Any, ...]) -> list[Any]:
    """A statement that may open a write transaction: through the driver's queue for the write lock."""
    cursor = sqlite_inloop.Cursor(driver)
    try:
        await cursor.execute(plan.sql, params)
        return await cursor.fetchall() if plan.results else []
    finally:
        await cursor.close()


async def _execute_many_queued(driver: sqlite_inloop.Connection, plan: _Plan, params: list[tuple[Any, ...]]) -> None:
    """`executemany` through the driver's queue for the write lock."""
    cursor = sqlite_inloop.Cursor(driver)
    try:
        await cursor.executemany(plan.sql, params)
    finally:
        await cursor.close()


async def fetch_alone(engine: AsyncEngine, statement: sa.Executable, values: Mapping[str, Any]) -> list[dict[str, Any]]:
    """`fetch` on a connection of its own, for a read that needs no transaction around it."""
    async with engine.connect() as connection:
        return await fetch(connection, driver_of(connection), statement, values)


async def execute_committed(engine: AsyncEngine, statement: sa.Executable, rows: Sequence[Mapping[str, Any]]) -> None:
    """`execute_many` in a transaction of its own, committed."""
    async with engine.connect() as connection:
        driver = driver_of(connection)
        if driver is not None and connection.sync_connection is not None:
            connection.sync_connection.begin()  # SQLite begins by itself at the first write: nothing to await
        else:
            await connection.begin()
        await execute_many(connection, driver, statement, rows)
        await connection.commit()


def _wrapped(sql: str, params: Any, exc: sqlite3.Error, dialect: Dialect) -> sa.exc.StatementError:
    """The error SQLAlchemy would have raised (IntegrityError, OperationalError …), values hidden."""
    return sa.exc.DBAPIError.instance(sql, params, exc, sqlite3.Error, hide_parameters=True, dialect=dialect)
