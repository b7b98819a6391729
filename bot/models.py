"""Tables. Times are stored as naive UTC and come back as aware UTC (see UtcDateTime)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class UtcDateTime(sa.types.TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite and PostgreSQL alike."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def _when(**kwargs: Any) -> Any:
    return Field(sa_type=UtcDateTime, **kwargs)


def _json(**kwargs: Any) -> Any:
    return Field(sa_type=sa.JSON, **kwargs)


class Customer(SQLModel, table=True):
    __tablename__ = "customers"
    id: int | None = Field(default=None, primary_key=True)
    name: str | None = None
    phone: str | None = Field(default=None, index=True)
    created_at: datetime = _when()


class Conversation(SQLModel, table=True):
    __tablename__ = "conversations"
    __table_args__ = (sa.UniqueConstraint("channel", "chat_id", name="uq_conversation_chat"),)
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customers.id", index=True)
    channel: str
    chat_id: str
    stage: str = "new"
    state: dict[str, Any] = _json(default_factory=dict)
    created_at: datetime = _when()
    updated_at: datetime = _when()


class Message(SQLModel, table=True):
    """Every message in and out. (channel, external_id) is unique, which is what deduplicates updates."""

    __tablename__ = "messages"
    __table_args__ = (sa.UniqueConstraint("channel", "external_id", name="uq_message_external"),)
    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversations.id", index=True)
    channel: str
    external_id: str | None = None
    direction: str  # "in" | "out"
    text: str = ""
    attachments: list[dict[str, Any]] = _json(default_factory=list)
    created_at: datetime = _when()
    processed_at: datetime | None = _when(default=None)


class Lead(SQLModel, table=True):
    __tablename__ = "leads"
    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversations.id", index=True)
    customer_id: int = Field(foreign_key="customers.id", index=True)
    status: str = "handed_off"  # handed_off | closed
    channel: str
    vin: str | None = None
    frame: str | None = None
    car: str | None = None
    parts: list[str] = _json(default_factory=list)
    hot: bool = False
    crm_deal_id: str | None = None
    created_at: datetime = _when()


class OutboxItem(SQLModel, table=True):
    """A durable effect: written in the same transaction as the state that caused it."""

    __tablename__ = "outbox"
    __table_args__ = (sa.Index("ix_outbox_due", "status", "next_attempt_at"),)
    id: int | None = Field(default=None, primary_key=True)
    kind: str
    payload: dict[str, Any] = _json(default_factory=dict)
    progress: dict[str, Any] = _json(default_factory=dict)
    status: str = "pending"  # pending | done | parked
    attempts: int = 0
    next_attempt_at: datetime = _when()
    last_error: str | None = None
    created_at: datetime = _when()
    done_at: datetime | None = _when(default=None)


class LocalContact(SQLModel, table=True):
    """The built-in CRM board's contacts (crm_adapters/local.py)."""

    __tablename__ = "local_crm_contacts"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    name: str | None = None
    phone: str | None = None
    vin: str | None = None
    frame: str | None = None
    created_at: datetime = _when()


class LocalDeal(SQLModel, table=True):
    __tablename__ = "local_crm_deals"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    contact_id: int = Field(foreign_key="local_crm_contacts.id", index=True)
    title: str
    parts: list[str] = _json(default_factory=list)
    car: str | None = None
    source: str
    tags: list[str] = _json(default_factory=list)
    status: str = "new"
    created_at: datetime = _when()


class LocalNote(SQLModel, table=True):
    __tablename__ = "local_crm_notes"
    id: int | None = Field(default=None, primary_key=True)
    deal_id: int = Field(foreign_key="local_crm_deals.id", index=True)
    text: str
    created_at: datetime = _when()


class LocalTask(SQLModel, table=True):
    __tablename__ = "local_crm_tasks"
    id: int | None = Field(default=None, primary_key=True)
    deal_id: int = Field(foreign_key="local_crm_deals.id", index=True)
    text: str
    due_at: datetime = _when()
    done: bool = False
