"""The unit of work (cosmicpython's pattern): one transaction the service layer opens, reads and
writes rows through, and commits whole — or not at all.

bot/store/uow.py runs it on SQLAlchemy (SQLite, PostgreSQL: row locks, unique keys, migrations);
tests/support/memory_uow.py keeps it in memory, for service tests where the database adds nothing.
`Rows` is the part a helper needs that works inside someone else's transaction (effects, consents,
offers): add, get, and the few queries the service layer asks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol, Self, TypeVar

from sqlmodel import SQLModel

from bot.store.models import Consent, Customer, Lead, Message, Offer

T = TypeVar("T", bound=SQLModel)


class Duplicate(Exception):
    """Another transaction committed a row with the same unique key first (a re-delivered message)."""


class Rows(Protocol):
    def add(self, row: SQLModel) -> None: ...

    async def delete(self, row: SQLModel) -> None: ...

    async def get(self, model: type[T], key: Any, *, for_update: bool = False) -> T | None:
        """The row by primary key; `for_update`: locked until commit where the database can lock rows."""

    async def flush(self) -> None:
        """Give added rows their ids (still uncommitted)."""

    async def insert(self, row: SQLModel) -> None:
        """Write a new row now and give it its id (still uncommitted); `Duplicate` when a unique key
        clashed. Afterwards it is as a row read here: a change to it, `add`ed, is saved at commit."""

    async def update(self, model: type[SQLModel], keys: Sequence[Any], values: Mapping[str, Any]) -> None:
        """Set `values` on the rows of `model` with these primary keys now (still uncommitted); rows
        of them read here show the new values too."""

    async def message_by_external_id(self, channel: str, external_id: str) -> Message | None: ...

    async def conversation_id_of_chat(self, channel: str, chat_id: str) -> int | None: ...

    async def customer_by_phone(self, phone: str) -> Customer | None:
        """The customer with this phone (E.164), the oldest when several have it."""

    async def latest_offer(self, customer_id: int) -> Offer | None: ...

    async def latest_consent(self, customer_id: int, purpose: str) -> Consent | None: ...

    async def past_leads(self, customer_id: int, limit: int) -> list[Lead]:
        """The customer's latest requests, newest first (the cars they asked for: their garage)."""

    async def messages_before(self, conversation_id: int, before_id: int, limit: int) -> list[Message]:
        """Up to `limit` messages of the conversation older than `before_id`, newest first."""

    async def llm_spent_since(self, since: datetime) -> float:
        """Roubles the model's calls have cost since `since`."""

    async def unanswered_of(self, conversation_id: int, up_to: int) -> list[Message]:
        """The conversation's inbound messages not answered yet, up to message `up_to`, oldest first."""

    async def unanswered_inbound(self) -> list[int]:
        """Ids of inbound messages stored but never processed, oldest first."""


class UnitOfWork(Rows, Protocol):
    async def __aenter__(self) -> Self: ...

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        """Whatever was not committed is rolled back."""

    async def commit(self) -> None:
        """Make everything added or changed durable at once; `Duplicate` when a unique key clashed."""

    async def read_ahead(self, conversation_ids: Sequence[int], leads_limit: int) -> None:
        """A unit of work about to carry the turns of these conversations (group commit) may read
        what they will ask for at once — the conversations, their unanswered messages, the customers,
        their latest offers and `leads_limit` past requests; each later read gets what it would have
        read without this."""

    async def forget(self) -> None:
        """Write what is added or changed (still uncommitted) and let go of the rows read: what is
        read next comes from the database again. A unit of work that carries several turns (group
        commit) keeps each turn's rows to that turn."""


UnitOfWorkFactory = Callable[[], UnitOfWork]
