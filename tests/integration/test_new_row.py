"""`new_row(Model, **values)` builds the rows a turn writes in one step (bot/store/models.py): it is
the same row as `Model(**values)` — values, defaults, what pydantic counts as set — and it is stored
the same way, whether added to a session or inserted by the unit of work, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlmodel import SQLModel, select

from bot.store.engine import create_engine, session_factory
from bot.store.models import Conversation, Customer, Message, OutboxItem, new_row
from bot.store.uow import SqlUnitOfWork
from tests.support.rows import a_web_chat

pytestmark = pytest.mark.backend_matters
WHEN = datetime(2026, 11, 23, 8, 0, 1, 234567, tzinfo=UTC)


def _columns(row: SQLModel) -> dict[str, Any]:
    return {name: value for name, value in row.__dict__.items() if not name.startswith("_sa_")}


@pytest.mark.parametrize(
    ("model", "values"),
    [
        (Customer, {"name": "Сергей", "phone": None, "created_at": WHEN}),
        (Conversation, {"customer_id": 1, "channel": "telegram", "chat_id": "42", "created_at": WHEN, "updated_at": WHEN}),
        (Message, {"conversation_id": 1, "channel": "telegram", "direction": "out", "text": "Здравствуйте", "created_at": WHEN}),
        (OutboxItem, {"kind": "channel.send", "payload": {"message_id": 7}, "next_attempt_at": WHEN, "created_at": WHEN}),
    ],
)
def test_a_new_row_is_the_row_its_constructor_builds(model: type[SQLModel], values: dict[str, Any]) -> None:
    built, constructed = new_row(model, **values), model(**values)

    assert _columns(built) == _columns(constructed)
    assert built.model_fields_set == constructed.model_fields_set
    assert built.model_dump() == constructed.model_dump()


def test_each_new_row_gets_its_own_json_defaults() -> None:
    first = new_row(Message, conversation_id=1, channel="web", direction="out", created_at=WHEN)
    first.attachments.append({"type": "photo"})

    assert new_row(Message, conversation_id=1, channel="web", direction="out", created_at=WHEN).attachments == []


def test_a_column_the_table_does_not_have_is_refused() -> None:
    with pytest.raises(TypeError, match="Message has no colour"):
        new_row(Message, conversation_id=1, channel="web", direction="out", created_at=WHEN, colour="red")


async def test_new_rows_are_stored_as_constructed_ones_are(db_url: str) -> None:
    engine = create_engine(db_url)
    sessions = session_factory(engine)
    try:
        _, conversation_id = await a_web_chat(sessions, WHEN)
        async with SqlUnitOfWork(sessions) as uow:
            said = {"conversation_id": conversation_id, "channel": "web", "direction": "out", "text": "Здравствуйте"}
            inserted = new_row(Message, **said, created_at=WHEN)
            await uow.insert(inserted)
            added = new_row(Message, **said, created_at=WHEN)
            uow.add(added)  # flushed at commit by the ORM
            constructed = Message(**said, created_at=WHEN)
            uow.add(constructed)
            await uow.commit()
        async with sessions() as session:
            stored = (await session.exec(select(Message).order_by(Message.id))).all()  # type: ignore[arg-type]
    finally:
        await engine.dispose()

    assert [m.id for m in stored] == [inserted.id, added.id, constructed.id]
    assert [_columns(m) | {"id": None} for m in stored] == [_columns(constructed) | {"id": None}] * 3
