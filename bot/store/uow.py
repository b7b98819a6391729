"""The unit of work on SQLAlchemy: one AsyncSession per `async with`, committed whole or rolled back.

Reads and the service's own writes are Core statements on the session's connection (one ORM
statement costs several Core ones: bench/telegram_throughput.py); a row read or inserted that way
is put in the session as if the ORM had loaded it, so a change a caller makes to it and `add`s is
flushed at commit, as with any ORM row.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any, Self, TypeVar

import sqlalchemy as sa
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import Mapper, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.uow import Duplicate
from bot.store import direct, sqlite_inloop
from bot.store.engine import SessionFactory
from bot.store.models import Consent, Conversation, Customer, Lead, LlmUsage, Message, Offer

T = TypeVar("T", bound=SQLModel)


def _table(model: type[SQLModel]) -> sa.Table:
    return model.__table__  # type: ignore[attr-defined, no-any-return]


# Statements are built once, values bound at execution: building one costs more than running it.
_messages, _conversations, _offers, _leads = _table(Message), _table(Conversation), _table(Offer), _table(Lead)
_MESSAGE_BY_EXTERNAL_ID = sa.select(_messages).where(
    _messages.c.channel == sa.bindparam("channel"), _messages.c.external_id == sa.bindparam("external_id")
)
_CONVERSATION_OF_CHAT = sa.select(_conversations).where(
    _conversations.c.channel == sa.bindparam("channel"), _conversations.c.chat_id == sa.bindparam("chat_id")
)
_LATEST_OFFER = sa.select(_offers).where(_offers.c.customer_id == sa.bindparam("customer")).order_by(_offers.c.id.desc()).limit(1)
_PAST_LEADS = (
    sa.select(_leads)
    .where(_leads.c.customer_id == sa.bindparam("customer"))
    .order_by(_leads.c.id.desc())
    .limit(sa.bindparam("limit"))
)
_UNANSWERED_OF = (
    sa.select(_messages)
    .where(
        _messages.c.conversation_id == sa.bindparam("conversation"),
        _messages.c.direction == "in",
        _messages.c.processed_at.is_(None),
        _messages.c.id <= sa.bindparam("up_to"),
    )
    .order_by(_messages.c.id)
)


@functools.lru_cache(maxsize=256)
def _by_key(table: sa.Table, for_update: bool) -> sa.Select[Any]:
    [key] = table.primary_key.columns
    query = sa.select(table).where(key == sa.bindparam("key"))
    return query.with_for_update() if for_update else query


@functools.lru_cache(maxsize=256)
def _insert(table: sa.Table) -> sa.Insert:
    [key] = table.primary_key.columns
    return sa.insert(table).returning(key)


@functools.lru_cache(maxsize=256)
def _update(table: sa.Table) -> sa.Update:
    [key] = table.primary_key.columns
    return sa.update(table).where(key == sa.bindparam("b_key"))


class SqlRows:
    """The service layer's queries over a session someone else opened (and will commit)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(self, row: SQLModel) -> None:
        self.session.add(row)

    async def delete(self, row: SQLModel) -> None:
        await self.session.delete(row)

    async def get(self, model: type[T], key: Any, *, for_update: bool = False) -> T | None:
        mapper: Mapper[T] = inspect(model)
        known = self.session.sync_session.identity_map.get(mapper.identity_key_from_primary_key((key,)))
        if known is not None and for_update:  # read again under the lock, as the ORM's populate_existing does
            again = select(model).where(mapper.primary_key[0] == key).with_for_update().execution_options(populate_existing=True)
            return (await self.session.exec(again)).first()
        if known is not None:
            return known
        return await self._first(model, _by_key(_table(model), for_update), {"key": key})

    async def flush(self) -> None:
        try:
            await self.session.flush()
        except IntegrityError as exc:
            await self._rollback()
            raise Duplicate(str(exc.orig)) from exc

    async def insert(self, row: SQLModel) -> None:
        """Write the row now and give it its key; it is then tracked as a row read here (a change
        `add`ed later is saved at commit). `Duplicate` when a unique key clashed."""
        mapper = inspect(type(row))
        values = {c.key: getattr(row, c.key) for c in mapper.column_attrs if c.key in row.__dict__}
        key = mapper.primary_key[0]
        if values.get(key.key) is None:
            values.pop(key.key, None)
        try:
            [inserted] = await self._rows(_insert(_table(type(row))), values)
        except IntegrityError as exc:
            await self._rollback()
            raise Duplicate(str(exc.orig)) from exc
        row.__dict__[key.key] = inserted[key.name]  # not setattr: no change to flush
        make_transient_to_detached(row)
        self.session.add(row)

    async def update(self, model: type[SQLModel], keys: Sequence[Any], values: Mapping[str, Any]) -> None:
        """Change the rows with these primary keys now; rows of them read in this unit of work
        show the new values too."""
        if not keys:
            return
        mapper = inspect(model)
        connection, driver = await self._transaction()
        await direct.execute_many(connection, driver, _update(_table(model)), [{**values, "b_key": key} for key in keys])
        identities = self.session.sync_session.identity_map
        for key in keys:
            known = identities.get(mapper.identity_key_from_primary_key((key,)))
            for name, value in values.items() if known is not None else ():
                set_committed_value(known, name, value)

    async def message_by_external_id(self, channel: str, external_id: str) -> Message | None:
        return await self._first(Message, _MESSAGE_BY_EXTERNAL_ID, {"channel": channel, "external_id": external_id})

    async def conversation_of_chat(self, channel: str, chat_id: str) -> Conversation | None:
        return await self._first(Conversation, _CONVERSATION_OF_CHAT, {"channel": channel, "chat_id": chat_id})

    async def customer_by_phone(self, phone: str) -> Customer | None:
        query = select(Customer).where(Customer.phone == phone).order_by(col(Customer.id))
        return (await self.session.exec(query)).first()

    async def latest_offer(self, customer_id: int) -> Offer | None:
        return await self._first(Offer, _LATEST_OFFER, {"customer": customer_id})

    async def latest_consent(self, customer_id: int, purpose: str) -> Consent | None:
        query = (
            select(Consent).where(Consent.customer_id == customer_id, Consent.purpose == purpose).order_by(col(Consent.id).desc())
        )
        return (await self.session.exec(query)).first()

    async def past_leads(self, customer_id: int, limit: int) -> list[Lead]:
        return await self._all(Lead, _PAST_LEADS, {"customer": customer_id, "limit": limit})

    async def messages_before(self, conversation_id: int, before_id: int, limit: int) -> list[Message]:
        query = (
            select(Message)
            .where(Message.conversation_id == conversation_id, col(Message.id) < before_id)
            .order_by(col(Message.id).desc())
            .limit(limit)
        )
        return list((await self.session.exec(query)).all())

    async def llm_spent_since(self, since: datetime) -> float:
        query = select(sa.func.coalesce(sa.func.sum(LlmUsage.cost_rub), 0.0)).where(col(LlmUsage.created_at) >= since)
        return float((await self.session.exec(query)).one())

    async def unanswered_of(self, conversation_id: int, up_to: int) -> list[Message]:
        return await self._all(Message, _UNANSWERED_OF, {"conversation": conversation_id, "up_to": up_to})

    async def unanswered_inbound(self) -> list[int]:
        query = select(Message.id).where(Message.direction == "in", col(Message.processed_at).is_(None))
        return [message_id for message_id in (await self.session.exec(query.order_by(col(Message.id)))).all() if message_id]

    async def _transaction(self) -> tuple[AsyncConnection, sqlite_inloop.Connection | None]:
        """The session's connection, and its SQLite driver connection (bot/store/direct.py)."""
        connection = await self.session.connection()
        return connection, await direct.driver_of(connection)

    async def _rows(self, statement: sa.Executable, values: Mapping[str, Any]) -> list[dict[str, Any]]:
        connection, driver = await self._transaction()
        return await direct.fetch(connection, driver, statement, values)

    async def _rollback(self) -> None:
        await self.session.rollback()

    async def _first(self, model: type[T], query: sa.Select[Any], values: Mapping[str, Any]) -> T | None:
        rows = await self._rows(query, values)
        return self._tracked(model, rows[0]) if rows else None

    async def _all(self, model: type[T], query: sa.Select[Any], values: Mapping[str, Any]) -> list[T]:
        return [self._tracked(model, row) for row in await self._rows(query, values)]

    def _tracked(self, model: type[T], row: Mapping[str, Any]) -> T:
        """The session's row for this key (as the ORM would return it), or a new one built from the
        Core row and put in the session as loaded: unchanged, persistent."""
        mapper: Mapper[T] = inspect(model)
        key = mapper.identity_key_from_primary_key(tuple(row[c.name] for c in mapper.primary_key))
        known: T | None = self.session.sync_session.identity_map.get(key)
        if known is not None:
            return known
        instance: T = mapper.class_manager.new_instance()
        instance.__dict__.update({attr.key: row[attr.columns[0].name] for attr in mapper.column_attrs})
        make_transient_to_detached(instance)
        self.session.add(instance)
        return instance


class SqlUnitOfWork(SqlRows):
    def __init__(self, sessions: SessionFactory) -> None:
        self._sessions = sessions
        self._connection: tuple[AsyncConnection, sqlite_inloop.Connection | None] | None = None

    async def __aenter__(self) -> Self:
        self.session = self._sessions()
        self._connection = None
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self._connection = None
        await self.session.close()  # rolls back what was not committed; loaded rows stay readable

    async def commit(self) -> None:
        self._connection = None
        try:
            await self.session.commit()
        except IntegrityError as exc:
            await self._rollback()
            raise Duplicate(str(exc.orig)) from exc

    async def _rollback(self) -> None:
        self._connection = None
        await self.session.rollback()

    async def _transaction(self) -> tuple[AsyncConnection, sqlite_inloop.Connection | None]:
        """Asked of the session once per transaction (the same until commit or rollback)."""
        if self._connection is None:
            self._connection = await super()._transaction()
        return self._connection
