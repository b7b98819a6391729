"""The unit of work's statements run straight on SQLite's driver (bot/store/direct.py) store and read
exactly what SQLAlchemy does: the same bytes in every column (UTC datetimes, JSON, booleans), the
same values back, and SQLAlchemy's errors."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from bot.app.uow import Duplicate
from bot.store import direct
from bot.store.engine import create_engine, session_factory
from bot.store.models import Conversation, Customer, Message
from bot.store.uow import SqlUnitOfWork, insert_of

WHEN = datetime(2026, 11, 23, 8, 0, 1, 234567, tzinfo=UTC)


def _rows(model: type[Any]) -> dict[str, Any]:
    return {
        "customers": {"name": "Сергей", "phone": "+79161234567", "ads_consent": True, "created_at": WHEN},
        "conversations": {
            "channel": "telegram",
            "chat_id": "42",
            "state": {"стадия": ["вин", 1, None]},
            "created_at": WHEN,
            "updated_at": WHEN,
        },
        "messages": {
            "channel": "telegram",
            "external_id": None,
            "direction": "in",
            "text": "нужен стартер\n\u2028",
            "attachments": [{"type": "photo", "path": "a.jpg"}],
            "created_at": WHEN,
            "processed_at": WHEN,
        },
    }[model.__tablename__]


async def test_rows_written_and_read_directly_are_what_sqlalchemy_writes_and_reads(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url)
    sessions = session_factory(engine)
    try:
        async with SqlUnitOfWork(sessions) as uow:
            customer = Customer(**_rows(Customer))
            await uow.insert(customer)
            conversation = Conversation(customer_id=customer.id, **_rows(Conversation))
            await uow.insert(conversation)
            message = Message(conversation_id=conversation.id, **_rows(Message))
            await uow.insert(message)
            await uow.commit()
        async with engine.begin() as connection:  # the same rows through SQLAlchemy
            ids = {}
            for model in (Customer, Conversation, Message):
                values = {**_rows(model), **({"customer_id": customer.id} if model is Conversation else {})}
                if model is Conversation:
                    values["chat_id"] = "43"
                if model is Message:
                    values["conversation_id"] = conversation.id
                ids[model] = (
                    await connection.execute(sa.insert(model.__table__).values(values).returning(model.__table__.c.id))
                ).scalar_one()  # type: ignore[attr-defined]
            stored = {}
            for model, ours, theirs in (
                (Customer, customer.id, ids[Customer]),
                (Conversation, conversation.id, ids[Conversation]),
                (Message, message.id, ids[Message]),
            ):
                table = model.__tablename__
                raw = (
                    await connection.exec_driver_sql(f"SELECT * FROM {table} WHERE id IN (?, ?) ORDER BY id", (ours, theirs))
                ).all()
                stored[table] = [tuple(v for k, v in zip(r._fields, r, strict=True) if k not in ("id", "chat_id")) for r in raw]
        assert all(mine == theirs for mine, theirs in stored.values()), stored
        async with SqlUnitOfWork(sessions) as uow:
            read = await uow.get(Conversation, conversation.id, for_update=True)
            [unanswered] = [m for m in await uow.unanswered_of(conversation.id, 10**6) if m.id == message.id] or [None]
        async with sessions() as session:
            expected = await session.get(Conversation, conversation.id)
        assert read is not None and expected is not None and read.model_dump() == expected.model_dump()
        assert unanswered is None  # processed: not unanswered
    finally:
        await engine.dispose()


async def test_a_clash_is_sqlalchemys_integrity_error_and_the_unit_of_works_duplicate(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url)
    sessions = session_factory(engine)
    try:
        async with SqlUnitOfWork(sessions) as uow:
            customer = Customer(created_at=WHEN)
            await uow.insert(customer)
            await uow.insert(Conversation(customer_id=customer.id, channel="web", chat_id="1", created_at=WHEN, updated_at=WHEN))
            with pytest.raises(Duplicate):
                await uow.insert(
                    Conversation(customer_id=customer.id, channel="web", chat_id="1", created_at=WHEN, updated_at=WHEN)
                )
        async with engine.begin() as connection:
            driver = direct.driver_of(connection)
            assert driver is not None
            row = {
                "customer_id": 10**9,
                "channel": "web",
                "chat_id": "2",
                "stage": "new",
                "state": {},
                "created_at": WHEN,
                "updated_at": WHEN,
            }
            with pytest.raises(IntegrityError):  # no such customer: the foreign key
                await direct.fetch(connection, driver, insert_of(Conversation.__table__), row)  # type: ignore[attr-defined]
    finally:
        await engine.dispose()
