"""The unit of work on SQLAlchemy Core: one database connection per `async with`, committed whole
or rolled back — without an ORM session.

Every read and write is a prebuilt Core statement on the connection (straight on SQLite's driver:
bot/store/direct.py). A row read or inserted is kept in the unit of work's own identity map with
the values it has in the database; at flush and commit each kept row whose values changed since is
updated (only the changed columns), and the rows `add`ed new are inserted, in the order they were
added — what the ORM's flush does for our tables, which have no relationships. A session's
bookkeeping (instance states, events, cascades, the identity map's weak references) was a third of
the storage time of a Telegram turn (bench/telegram_throughput.py).

As with the ORM, a JSON value changed in place is not seen: assign a new one.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any, Self, TypeVar

import sqlalchemy as sa
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import Mapper, make_transient_to_detached
from sqlalchemy.orm.attributes import instance_state
from sqlmodel import SQLModel

from bot.app.uow import Duplicate
from bot.store import direct, sqlite_inloop
from bot.store.engine import SessionFactory, engine_of
from bot.store.models import Consent, Conversation, Customer, Lead, LlmUsage, Message, Offer, blank_row

T = TypeVar("T", bound=SQLModel)
Identity = tuple[type[SQLModel], Any]


def table_of(model: type[SQLModel]) -> sa.Table:
    return model.__table__  # type: ignore[attr-defined, no-any-return]


# Statements are built once, values bound at execution: building one costs more than running it.
_messages, _conversations, _offers, _leads = table_of(Message), table_of(Conversation), table_of(Offer), table_of(Lead)
_customers, _consents, _usage = table_of(Customer), table_of(Consent), table_of(LlmUsage)
MESSAGE_BY_EXTERNAL_ID = sa.select(_messages).where(
    _messages.c.channel == sa.bindparam("channel"), _messages.c.external_id == sa.bindparam("external_id")
)
CONVERSATION_OF_CHAT = sa.select(_conversations.c.id).where(
    _conversations.c.channel == sa.bindparam("channel"), _conversations.c.chat_id == sa.bindparam("chat_id")
)
CUSTOMER_BY_PHONE = sa.select(_customers).where(_customers.c.phone == sa.bindparam("phone")).order_by(_customers.c.id).limit(1)
LATEST_OFFER = sa.select(_offers).where(_offers.c.customer_id == sa.bindparam("customer")).order_by(_offers.c.id.desc()).limit(1)
LATEST_CONSENT = (
    sa.select(_consents)
    .where(_consents.c.customer_id == sa.bindparam("customer"), _consents.c.purpose == sa.bindparam("purpose"))
    .order_by(_consents.c.id.desc())
    .limit(1)
)
PAST_LEADS = (
    sa.select(_leads)
    .where(_leads.c.customer_id == sa.bindparam("customer"))
    .order_by(_leads.c.id.desc())
    .limit(sa.bindparam("limit"))
)
MESSAGES_BEFORE = (
    sa.select(_messages)
    .where(_messages.c.conversation_id == sa.bindparam("conversation"), _messages.c.id < sa.bindparam("before"))
    .order_by(_messages.c.id.desc())
    .limit(sa.bindparam("limit"))
)
LLM_SPENT_SINCE = sa.select(sa.func.coalesce(sa.func.sum(_usage.c.cost_rub), 0.0).label("spent")).where(
    _usage.c.created_at >= sa.bindparam("since", type_=_usage.c.created_at.type)
)
UNANSWERED_OF = (
    sa.select(_messages)
    .where(
        _messages.c.conversation_id == sa.bindparam("conversation"),
        _messages.c.direction == "in",
        _messages.c.processed_at.is_(None),
        _messages.c.id <= sa.bindparam("up_to"),
    )
    .order_by(_messages.c.id)
)
# The reads of a batch of turns at once (`read_ahead`): the same rows as the per-turn queries above.
CONVERSATIONS_IN = (
    sa.select(_conversations).where(_conversations.c.id.in_(sa.bindparam("keys", expanding=True))).with_for_update()
)
CUSTOMERS_IN = sa.select(_customers).where(_customers.c.id.in_(sa.bindparam("keys", expanding=True)))
UNANSWERED_IN = (
    sa.select(_messages)
    .where(
        _messages.c.conversation_id.in_(sa.bindparam("conversations", expanding=True)),
        _messages.c.direction == "in",
        _messages.c.processed_at.is_(None),
    )
    .order_by(_messages.c.id)
)
LATEST_OFFERS_IN = sa.select(_offers).where(
    _offers.c.id.in_(
        sa.select(sa.func.max(_offers.c.id))
        .where(_offers.c.customer_id.in_(sa.bindparam("customers", expanding=True)))
        .group_by(_offers.c.customer_id)
    )
)
_lead_rank = sa.func.row_number().over(partition_by=_leads.c.customer_id, order_by=_leads.c.id.desc()).label("rank")
_ranked_leads = (
    sa.select(_leads, _lead_rank).where(_leads.c.customer_id.in_(sa.bindparam("customers", expanding=True))).subquery()
)
PAST_LEADS_IN = (
    sa.select(*(_ranked_leads.c[column.name] for column in _leads.columns))
    .where(_ranked_leads.c.rank <= sa.bindparam("limit"))
    .order_by(_ranked_leads.c.id.desc())
)
# what read-ahead lists rows of these models are in, by which of their columns
_READ_AHEAD_BY: dict[type[SQLModel], tuple[str, str]] = {
    Message: ("unanswered", "conversation_id"),
    Offer: ("offer", "customer_id"),
    Lead: ("leads", "customer_id"),
}
UNANSWERED_INBOUND = (
    sa.select(_messages.c.id).where(_messages.c.direction == "in", _messages.c.processed_at.is_(None)).order_by(_messages.c.id)
)


@functools.lru_cache(maxsize=256)
def by_key(table: sa.Table, for_update: bool) -> sa.Select[Any]:
    [key] = table.primary_key.columns
    query = sa.select(table).where(key == sa.bindparam("key"))
    return query.with_for_update() if for_update else query


@functools.lru_cache(maxsize=256)
def insert_of(table: sa.Table) -> sa.Insert:
    [key] = table.primary_key.columns
    return sa.insert(table).returning(key)


@functools.lru_cache(maxsize=256)
def update_of(table: sa.Table) -> sa.Update:
    [key] = table.primary_key.columns
    return sa.update(table).where(key == sa.bindparam("b_key"))


@functools.lru_cache(maxsize=256)
def delete_of(table: sa.Table) -> sa.Delete:
    [key] = table.primary_key.columns
    return sa.delete(table).where(key == sa.bindparam("b_key"))


@functools.lru_cache(maxsize=256)
def _columns(model: type[SQLModel]) -> tuple[str, tuple[str, ...]]:
    """The primary key's attribute and every column's attribute (named as their columns are)."""
    mapper: Mapper[Any] = inspect(model)
    [key] = mapper.primary_key
    return str(key.key), tuple(attribute.key for attribute in mapper.column_attrs)


class SqlUnitOfWork:
    """The service layer's unit of work (bot/app/uow.py) on one connection of `sessions`' engine."""

    def __init__(self, sessions: SessionFactory) -> None:
        self._engine = engine_of(sessions)
        self._connection: AsyncConnection | None = None
        self._driver: sqlite_inloop.Connection | None = None
        self._kept: dict[Identity, SQLModel] = {}  # rows read or written here, by identity
        self._stored: dict[Identity, dict[str, Any]] = {}  # their column values as the database has them
        self._new: list[SQLModel] = []  # added, to be inserted at flush
        self._ahead: dict[tuple[Any, ...], Any] = {}  # read ahead (`read_ahead`), each handed out once

    async def __aenter__(self) -> Self:
        self._kept, self._stored, self._new, self._ahead = {}, {}, [], {}
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        """Rolls back what was not committed; the rows read stay readable."""
        connection, self._connection, self._driver = self._connection, None, None
        if connection is not None:
            await connection.close()

    async def commit(self) -> None:
        await self.flush()
        if self._connection is None or not self._connection.in_transaction():
            return  # nothing was written
        try:
            await self._connection.commit()
        except IntegrityError as exc:
            await self._rollback()
            raise Duplicate(str(exc.orig)) from exc

    async def forget(self) -> None:
        await self.flush()
        self._kept, self._stored = {}, {}

    def add(self, row: SQLModel) -> None:
        """A new row is inserted at flush; a row read here needs nothing (its changes are saved
        then); a row read elsewhere is saved whole."""
        identity = self._identity(row)
        if self._kept.get(identity) is row or any(added is row for added in self._new):
            return
        if instance_state(row).key is not None:
            self._kept[identity], self._stored[identity] = row, {}
        else:
            self._new.append(row)

    async def delete(self, row: SQLModel) -> None:
        self._new = [added for added in self._new if added is not row]
        identity = self._identity(row)
        if identity[1] is None:
            return
        self._written(identity[0], identity[1], row.__dict__)
        await self._execute_many(delete_of(table_of(type(row))), [{"b_key": identity[1]}])
        self._kept.pop(identity, None)
        self._stored.pop(identity, None)

    async def read_ahead(self, conversation_ids: Sequence[int], leads_limit: int) -> None:
        """Read what the turns of these conversations will ask for — each conversation (locked, as
        `get(..., for_update=True)`), its unanswered inbound messages, its customer, the customer's
        latest offer and `leads_limit` latest requests — in five statements instead of five per turn.
        Each is handed out once, to the call that would have read it, as that call would have read it
        now: a write here to a row it holds (or may hold) drops it, and the call reads the database."""
        conversation_ids = sorted(set(conversation_ids))
        if not conversation_ids:
            return
        ahead: dict[tuple[Any, ...], Any] = {}
        conversations = await self._fetch(CONVERSATIONS_IN, {"keys": conversation_ids})
        for row in conversations:
            ahead[(Conversation, row["id"])] = row
        unanswered: dict[int, list[dict[str, Any]]] = {key: [] for key in conversation_ids}
        for row in await self._fetch(UNANSWERED_IN, {"conversations": conversation_ids}):
            unanswered[row["conversation_id"]].append(row)
        ahead.update({("unanswered", key): rows for key, rows in unanswered.items()})
        customer_ids = sorted({row["customer_id"] for row in conversations})
        if customer_ids:
            for row in await self._fetch(CUSTOMERS_IN, {"keys": customer_ids}):
                ahead[(Customer, row["id"])] = row
            offers = {row["customer_id"]: row for row in await self._fetch(LATEST_OFFERS_IN, {"customers": customer_ids})}
            leads: dict[int, list[dict[str, Any]]] = {key: [] for key in customer_ids}
            for row in await self._fetch(PAST_LEADS_IN, {"customers": customer_ids, "limit": leads_limit}):
                leads[row["customer_id"]].append(row)
            for key in customer_ids:
                ahead[("offer", key)] = offers.get(key)
                ahead[("leads", key)] = (leads_limit, leads[key])
        self._ahead.update(ahead)

    async def get(self, model: type[T], key: Any, *, for_update: bool = False) -> T | None:
        """A row read here before is the same object; `for_update` reads it again, under the lock."""
        known = self._kept.get((model, key))
        if known is not None and not for_update:
            return known  # type: ignore[return-value]
        if known is not None:
            await self.flush()  # its changes first, as the ORM's autoflush does
        if (model, key) in self._ahead:
            return self._kept_row(model, self._ahead.pop((model, key)), refresh=True)
        rows = await self._fetch(by_key(table_of(model), for_update), {"key": key})
        return self._kept_row(model, rows[0], refresh=True) if rows else None

    async def flush(self) -> None:
        """Insert the rows added, then update the kept rows whose values changed."""
        new, self._new = self._new, []
        for row in new:
            await self.insert(row)
        for identity, row in list(self._kept.items()):
            stored = self._stored[identity]
            changed = {name: value for name, value in _values(row) if name not in stored or _differs(value, stored[name])}
            if changed:
                self._written(identity[0], identity[1], row.__dict__)
                await self._execute_many(update_of(table_of(identity[0])), [{**changed, "b_key": identity[1]}])
                stored.update(changed)

    async def insert(self, row: SQLModel) -> None:
        """Write the row now and give it its key; it is then kept as a row read here. `Duplicate`
        when a unique key clashed."""
        model = type(row)
        key, columns = _columns(model)
        values = {name: row.__dict__[name] for name in columns if name in row.__dict__}
        if values.get(key) is None:
            values.pop(key, None)
        self._written(model, values.get(key), values)
        [inserted] = await self._fetch(insert_of(table_of(model)), values)
        row.__dict__[key] = inserted[key]
        make_transient_to_detached(row)  # persistent, to SQLAlchemy, and nothing changed since
        self._keep(row, {**values, key: inserted[key]})

    async def update(self, model: type[SQLModel], keys: Sequence[Any], values: Mapping[str, Any]) -> None:
        """Change the rows with these primary keys now; rows of them read here show the new values too."""
        if not keys:
            return
        for key in keys:
            known = self._kept.get((model, key))
            self._written(model, key, known.__dict__ if known is not None else None)
        await self._execute_many(update_of(table_of(model)), [{**values, "b_key": key} for key in keys])
        for key in keys:
            known = self._kept.get((model, key))
            if known is not None:
                known.__dict__.update(values)
                self._stored[(model, key)].update(values)

    async def message_by_external_id(self, channel: str, external_id: str) -> Message | None:
        return await self._first(Message, MESSAGE_BY_EXTERNAL_ID, {"channel": channel, "external_id": external_id})

    async def conversation_id_of_chat(self, channel: str, chat_id: str) -> int | None:
        rows = await self._fetch(CONVERSATION_OF_CHAT, {"channel": channel, "chat_id": chat_id})
        return int(rows[0]["id"]) if rows else None

    async def customer_by_phone(self, phone: str) -> Customer | None:
        await self.flush()
        return await self._first(Customer, CUSTOMER_BY_PHONE, {"phone": phone})

    async def latest_offer(self, customer_id: int) -> Offer | None:
        if ("offer", customer_id) in self._ahead:
            row = self._ahead.pop(("offer", customer_id))
            return None if row is None else self._kept_row(Offer, row)
        return await self._first(Offer, LATEST_OFFER, {"customer": customer_id})

    async def latest_consent(self, customer_id: int, purpose: str) -> Consent | None:
        await self.flush()
        return await self._first(Consent, LATEST_CONSENT, {"customer": customer_id, "purpose": purpose})

    async def past_leads(self, customer_id: int, limit: int) -> list[Lead]:
        ahead = self._ahead.get(("leads", customer_id))
        if ahead is not None and ahead[0] == limit:
            del self._ahead[("leads", customer_id)]
            return [self._kept_row(Lead, row) for row in ahead[1]]
        return await self._all(Lead, PAST_LEADS, {"customer": customer_id, "limit": limit})

    async def messages_before(self, conversation_id: int, before_id: int, limit: int) -> list[Message]:
        await self.flush()
        return await self._all(Message, MESSAGES_BEFORE, {"conversation": conversation_id, "before": before_id, "limit": limit})

    async def llm_spent_since(self, since: datetime) -> float:
        await self.flush()
        [row] = await self._fetch(LLM_SPENT_SINCE, {"since": since})
        return float(row["spent"])

    async def unanswered_of(self, conversation_id: int, up_to: int) -> list[Message]:
        if ("unanswered", conversation_id) in self._ahead:
            rows = self._ahead.pop(("unanswered", conversation_id))
            return [self._kept_row(Message, row) for row in rows if row["id"] <= up_to]
        return await self._all(Message, UNANSWERED_OF, {"conversation": conversation_id, "up_to": up_to})

    async def unanswered_inbound(self) -> list[int]:
        await self.flush()
        return [int(row["id"]) for row in await self._fetch(UNANSWERED_INBOUND, {})]

    # --- the connection ------------------------------------------------------------------------

    async def _transaction(self) -> AsyncConnection:
        """The connection, in a transaction (on SQLite it takes the write lock at its first write)."""
        connection = self._connection
        if connection is None:
            connection = self._connection = await self._engine.connect()
            self._driver = direct.driver_of(connection)
        if not connection.in_transaction():
            if self._driver is not None and connection.sync_connection is not None:
                connection.sync_connection.begin()  # SQLite begins by itself at the first write: nothing to await
            else:
                await connection.begin()
        return connection

    async def _fetch(self, statement: sa.Executable, values: Mapping[str, Any]) -> list[dict[str, Any]]:
        connection = await self._transaction()
        try:
            return await direct.fetch(connection, self._driver, statement, values)
        except IntegrityError as exc:
            await self._rollback()
            raise Duplicate(str(exc.orig)) from exc

    async def _execute_many(self, statement: sa.Executable, rows: Sequence[Mapping[str, Any]]) -> None:
        connection = await self._transaction()
        try:
            await direct.execute_many(connection, self._driver, statement, rows)
        except IntegrityError as exc:
            await self._rollback()
            raise Duplicate(str(exc.orig)) from exc

    def _written(self, model: type[SQLModel], key: Any, values: Mapping[str, Any] | None) -> None:
        """A row of `model` (its key, its values where known) is written here: what was read ahead
        and may show it otherwise than the database now does is dropped."""
        if not self._ahead:
            return
        self._ahead.pop((model, key), None)
        if model not in _READ_AHEAD_BY:
            return
        kind, column = _READ_AHEAD_BY[model]
        of = values.get(column) if values is not None else None
        if of is not None:
            self._ahead.pop((kind, of), None)
            return
        for entry in [entry for entry in self._ahead if entry[0] == kind]:  # whose it was is not known here
            del self._ahead[entry]

    async def _rollback(self) -> None:
        """The transaction is over; what was read stays readable, what was added and not written is
        dropped; a next statement begins a new transaction."""
        self._new, self._ahead = [], {}
        if self._connection is not None:
            await self._connection.rollback()

    # --- the rows kept --------------------------------------------------------------------------

    async def _first(self, model: type[T], query: sa.Select[Any], values: Mapping[str, Any]) -> T | None:
        rows = await self._fetch(query, values)
        return self._kept_row(model, rows[0]) if rows else None

    async def _all(self, model: type[T], query: sa.Select[Any], values: Mapping[str, Any]) -> list[T]:
        return [self._kept_row(model, row) for row in await self._fetch(query, values)]

    def _kept_row(self, model: type[T], values: Mapping[str, Any], *, refresh: bool = False) -> T:
        """The row kept for these values' key (as read before: its unsaved changes win, unless
        `refresh`), or a new one built from them, as the ORM builds a row it loads."""
        key, columns = _columns(model)
        identity = (model, values[key])
        known = self._kept.get(identity)
        stored = {name: values[name] for name in columns}
        if known is not None:
            if refresh:
                known.__dict__.update(stored)
                self._stored[identity] = stored
            return known  # type: ignore[return-value]
        row = blank_row(model)
        row.__dict__.update(stored)
        instance_state(row).key = inspect(model).identity_key_from_primary_key((identity[1],))  # persistent, to SQLAlchemy
        self._keep(row, stored)
        return row

    def _keep(self, row: SQLModel, stored: dict[str, Any]) -> None:
        identity = self._identity(row)
        self._kept[identity] = row
        self._stored[identity] = dict(stored)

    def _identity(self, row: SQLModel) -> Identity:
        return type(row), row.__dict__.get(_columns(type(row))[0])


def _values(row: SQLModel) -> Iterable[tuple[str, Any]]:
    """The row's column values but its key's."""
    key, columns = _columns(type(row))
    values = row.__dict__
    return ((name, values[name]) for name in columns if name != key and name in values)


def _differs(value: Any, stored: Any) -> bool:
    return value is not stored and bool(value != stored)
