"""Engine, sessions and migrations. Nothing connects at import; callers build what they need."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config import normalize_database_url
from bot.store import sqlite_inloop

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

SessionFactory = async_sessionmaker[AsyncSession]
SQLITE_BUSY_SECONDS = 30.0  # how long a write waits for another process's transaction to end


def _ensure_sqlite_folder(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


def create_engine(url: str) -> AsyncEngine:
    """hide_parameters: a database error (logged with its traceback) shows the SQL, never the values —
    customers' texts, names and phones."""
    url = normalize_database_url(url)
    _ensure_sqlite_folder(url)
    if url.startswith("sqlite"):
        database = make_url(url).database or ":memory:"
        engine = create_async_engine(
            url, async_creator=lambda: sqlite_inloop.connect(database, busy_seconds=SQLITE_BUSY_SECONDS), hide_parameters=True
        )

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            # durable across a crash of the process (kill -9), with no fsync on every commit: the
            # setting SQLite recommends with WAL; only a power cut may undo the last moments
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return create_async_engine(url, pool_pre_ping=True, hide_parameters=True)


def session_factory(engine: AsyncEngine) -> SessionFactory:
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


def engine_of(sessions: SessionFactory) -> AsyncEngine:
    """The engine behind a session factory, for Core statements on hot paths: a statement through the
    ORM session costs several times one on a plain connection (bench/telegram_throughput.py)."""
    bind = sessions.kw["bind"]
    assert isinstance(bind, AsyncEngine)
    return bind


async def insert_once(sessions: SessionFactory, row: SQLModel) -> bool:
    """Insert a row whose key may exist already: the primary key makes the first writer win, on
    SQLite and PostgreSQL alike. False when it was there before."""
    async with sessions() as session:
        session.add(row)
        try:
            await session.commit()
        except IntegrityError:
            await session.rollback()
            return False
    return True


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", normalize_database_url(url).replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Apply migrations (sync entry point; runs its own event loop inside alembic's env)."""
    _ensure_sqlite_folder(normalize_database_url(url))
    command.upgrade(alembic_config(url), revision)


async def upgrade_async(url: str, revision: str = "head") -> None:
    await asyncio.to_thread(upgrade, url, revision)
