"""The unit of work in memory (cosmicpython's FakeUnitOfWork): tables are dicts, ids are counted,
and the one unique key the service relies on — (channel, external_id) of a message — is checked
at commit. For service tests where the database adds nothing; SQL behaviour (row locks, races,
migrations) is tested on SQLite and PostgreSQL.

Rows read from it are the stored objects themselves, so a change is visible at once; what was
added and not committed is dropped when the `async with` ends.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any, Self, TypeVar

from sqlalchemy import inspect
from sqlmodel import SQLModel

from bot.app.uow import Duplicate
from bot.store.models import Consent, Conversation, Customer, Lead, LlmUsage, Message, Offer

T = TypeVar("T", bound=SQLModel)


def _key_name(model: type[SQLModel]) -> str:
    return str(inspect(model).primary_key[0].name)


class MemoryDatabase:
    def __init__(self) -> None:
        self.tables: defaultdict[type[SQLModel], dict[Any, SQLModel]] = defaultdict(dict)
        self._ids: Counter[type[SQLModel]] = Counter()
        self.commits = 0

    def rows(self, model: type[T]) -> list[T]:
        return [row for row in self.tables[model].values() if isinstance(row, model)]

    def store(self, row: SQLModel) -> None:
        name = _key_name(type(row))
        if getattr(row, name) is None:
            self._ids[type(row)] += 1
            setattr(row, name, self._ids[type(row)])
        self.tables[type(row)][getattr(row, name)] = row

    def unit_of_work(self) -> MemoryUnitOfWork:
        return MemoryUnitOfWork(self)


class MemoryUnitOfWork:
    def __init__(self, db: MemoryDatabase) -> None:
        self.db = db
        self._added: list[SQLModel] = []

    async def __aenter__(self) -> Self:
        self._added = []
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self._drop_uncommitted()

    def add(self, row: SQLModel) -> None:
        stored = self.db.tables[type(row)].get(getattr(row, _key_name(type(row))))
        if stored is not row and all(added is not row for added in self._added):
            self._added.append(row)

    async def delete(self, row: SQLModel) -> None:
        self.db.tables[type(row)].pop(getattr(row, _key_name(type(row))), None)

    async def get(self, model: type[T], key: Any, *, for_update: bool = False) -> T | None:
        row = self.db.tables[model].get(key)
        return row if isinstance(row, model) else None

    async def flush(self) -> None:
        for row in self._added:
            self.db.store(row)

    async def read_ahead(self, conversation_ids: Sequence[int], leads_limit: int) -> None:
        return None  # every read is a look at the stored rows already

    async def forget(self) -> None:
        await self.flush()  # the rows read are the stored ones: nothing else to let go of

    async def insert(self, row: SQLModel) -> None:
        if isinstance(row, Message) and row.external_id is not None:
            same = await self.message_by_external_id(row.channel, row.external_id)
            if same is not None and same is not row:
                self._drop_uncommitted()
                raise Duplicate(f"message {row.channel}:{row.external_id}")
        self.add(row)
        self.db.store(row)

    async def update(self, model: type[SQLModel], keys: Sequence[Any], values: Mapping[str, Any]) -> None:
        for key in keys:
            row = self.db.tables[model].get(key)
            for name, value in values.items() if row is not None else ():
                setattr(row, name, value)

    async def commit(self) -> None:
        for row in self._added:
            if isinstance(row, Message) and row.external_id is not None:
                same = await self.message_by_external_id(row.channel, row.external_id)
                if same is not None and same is not row:
                    self._drop_uncommitted()
                    raise Duplicate(f"message {row.channel}:{row.external_id}")
        await self.flush()
        self._added = []
        self.db.commits += 1

    def _drop_uncommitted(self) -> None:
        for row in self._added:
            table = self.db.tables[type(row)]
            key = getattr(row, _key_name(type(row)))
            if table.get(key) is row:
                del table[key]
        self._added = []

    async def message_by_external_id(self, channel: str, external_id: str) -> Message | None:
        return next((m for m in self.db.rows(Message) if (m.channel, m.external_id) == (channel, external_id)), None)

    async def conversation_id_of_chat(self, channel: str, chat_id: str) -> int | None:
        return next((c.id for c in self.db.rows(Conversation) if (c.channel, c.chat_id) == (channel, chat_id)), None)

    async def customer_by_phone(self, phone: str) -> Customer | None:
        return min((c for c in self.db.rows(Customer) if c.phone == phone), key=lambda c: c.id or 0, default=None)

    async def latest_offer(self, customer_id: int) -> Offer | None:
        offers = [o for o in self.db.rows(Offer) if o.customer_id == customer_id]
        return max(offers, key=lambda o: o.id or 0, default=None)

    async def latest_consent(self, customer_id: int, purpose: str) -> Consent | None:
        consents = [c for c in self.db.rows(Consent) if (c.customer_id, c.purpose) == (customer_id, purpose)]
        return max(consents, key=lambda c: c.id or 0, default=None)

    async def past_leads(self, customer_id: int, limit: int) -> list[Lead]:
        leads = [lead for lead in self.db.rows(Lead) if lead.customer_id == customer_id]
        return sorted(leads, key=lambda lead: lead.id or 0, reverse=True)[:limit]

    async def messages_before(self, conversation_id: int, before_id: int, limit: int) -> list[Message]:
        older = [m for m in self.db.rows(Message) if m.conversation_id == conversation_id and (m.id or 0) < before_id]
        return sorted(older, key=lambda m: m.id or 0, reverse=True)[:limit]

    async def llm_spent_since(self, since: datetime) -> float:
        return sum(u.cost_rub for u in self.db.rows(LlmUsage) if u.created_at >= since)

    async def unanswered_of(self, conversation_id: int, up_to: int) -> list[Message]:
        rows = [
            m
            for m in self.db.rows(Message)
            if m.conversation_id == conversation_id and m.direction == "in" and m.processed_at is None and (m.id or 0) <= up_to
        ]
        return sorted(rows, key=lambda m: m.id or 0)

    async def unanswered_inbound(self) -> list[int]:
        return sorted(m.id for m in self.db.rows(Message) if m.direction == "in" and m.processed_at is None and m.id)
