"""Tables. Times are stored as naive UTC and come back as aware UTC (see UtcDateTime)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from pydantic_core import PydanticUndefined
from sqlalchemy import inspect as mapper_of
from sqlalchemy.orm import configure_mappers
from sqlmodel import Field, SQLModel

T = TypeVar("T", bound=SQLModel)


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


def _json(*, default_factory: Callable[[], Any] | None = None, **kwargs: Any) -> Any:
    if default_factory is not None:
        kwargs["default_factory"] = _signed(default_factory)
    return Field(sa_type=sa.JSON, **kwargs)


def _signed(factory: Callable[[], Any]) -> Callable[[], Any]:
    """`factory` with its signature given: a table model's construction asks for the signature of
    every default factory it calls (pydantic's `takes_validated_data_argument`, each time), and a
    builtin's (list, dict) is parsed from its text signature — ~50 µs a field, a third of building a
    Message."""

    def make() -> Any:
        return factory()

    make.__signature__ = inspect.Signature()  # type: ignore[attr-defined]
    return make


def new_row(model: type[T], **values: Any) -> T:
    """`model(**values)` for the rows a turn writes: the same object — the values given, the column
    defaults for the rest, pending until added — built as the ORM builds a row it loads, in one
    step. The constructor sends a pydantic and a SQLAlchemy event per attribute (~40 µs for a
    Message); a table model validates nothing either way."""
    row = blank_row(model)
    fields = model.model_fields
    unknown = values.keys() - fields.keys()
    if unknown:
        raise TypeError(f"{model.__name__} has no {', '.join(sorted(unknown))}")
    defaults = {
        name: field.default_factory() if field.default_factory is not None else field.default  # type: ignore[call-arg]
        for name, field in fields.items()
        if name not in values and (field.default_factory is not None or field.default is not PydanticUndefined)
    }
    row.__dict__.update(values, **defaults)
    object.__setattr__(row, "__pydantic_fields_set__", set(values))
    return row


def blank_row(model: type[T]) -> T:
    """An instance of `model` without values, as the ORM makes one before it loads a row into it."""
    mapper = mapper_of(model)
    if not mapper.configured:
        configure_mappers()
    row: T = mapper.class_manager.new_instance()
    return row


class Customer(SQLModel, table=True):
    """A person the shop sells to. The retention columns are denormalised so that "who is due"
    is one indexed query (retention/due.py); the history behind them lives in purchases,
    consents and retention_contacts."""

    __tablename__ = "customers"
    __table_args__ = (
        sa.Index("ix_customers_due", "last_purchase_at", "last_contacted_at"),
        # partial: almost nobody has a follow-up date, and a full index misleads SQLite's planner
        # into scanning it for "IS NULL" in the due query (bench/retention_due.py measured 1.1 s vs 0.2 ms)
        sa.Index(
            "ix_customers_next_contact_at",
            "next_contact_at",
            sqlite_where=sa.text("next_contact_at IS NOT NULL"),
            postgresql_where=sa.text("next_contact_at IS NOT NULL"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    name: str | None = None
    phone: str | None = Field(default=None, index=True)  # E.164
    external_ref: str | None = Field(default=None, sa_column_kwargs={"unique": True})  # the shop's own customer id (imports)
    timezone: str = "Europe/Moscow"
    bonus_points: int = 0
    messaging_consent: bool = False  # may be written to first
    ads_consent: bool = False  # may be sent advertising (discount offers), 38-FZ art. 18
    telegram_chat_id: str | None = Field(default=None, index=True)
    telegram_unreachable: bool = False
    whatsapp_unreachable: bool = False
    last_purchase_at: datetime | None = _when(default=None)
    last_contacted_at: datetime | None = _when(default=None)
    next_contact_at: datetime | None = _when(default=None)
    opted_out_at: datetime | None = _when(default=None)
    created_at: datetime = _when()
    # their data was erased at their request (bot/app/erasure.py): the row stays, without anything
    # identifying, so that their purchases keep their amounts for the accounts
    forgotten_at: datetime | None = _when(default=None)
    # the purchase cycle the last purchase puts the customer in (retention/segments.py), and which last
    # purchase that was read from (a newer purchase makes it stale)
    retention_segment: str | None = None
    segment_of: datetime | None = _when(default=None)


class Purchase(SQLModel, table=True):
    __tablename__ = "purchases"
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customers.id", index=True)
    external_id: str | None = Field(default=None, unique=True)  # order number / CRM deal id: makes imports idempotent
    purchased_at: datetime = _when()
    amount: float = 0.0
    source: str = "import"  # import | crm | amocrm
    retention_contact_id: int | None = Field(default=None, foreign_key="retention_contacts.id")
    items: str | None = None  # the order's lines as the shop's file gives them ("Масло 5W-30 4л; Фильтр масляный")


class Consent(SQLModel, table=True):
    """The consent ledger: every grant and withdrawal with its source text (152-FZ, 38-FZ)."""

    __tablename__ = "consents"
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customers.id", index=True)
    purpose: str  # personal_data | messaging | ads
    granted: bool
    at: datetime = _when()
    source: str  # import | chat | telegram_start | opt_out ...
    text: str | None = None


class RetentionContact(SQLModel, table=True):
    """One campaign touch of one customer and where it led: the funnel's unit."""

    __tablename__ = "retention_contacts"
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customers.id", index=True)
    conversation_id: int | None = Field(default=None, foreign_key="conversations.id", index=True)
    channel: str
    kind: str = "opener"  # opener | follow_up
    contacted_at: datetime = _when(index=True)
    replied_at: datetime | None = _when(default=None)
    outcome: str | None = None  # need_now | later | nothing | no_reply | opted_out
    outcome_at: datetime | None = _when(default=None)
    next_contact_at: datetime | None = _when(default=None)
    lead_id: int | None = Field(default=None, foreign_key="leads.id")
    cost_rub: float = 0.0
    web_token: str | None = Field(default=None, unique=True)
    failed_at: datetime | None = _when(default=None)  # the message never reached the customer: no touch


class RetentionAssignment(SQLModel, table=True):
    """A customer found due by a campaign pass and the group they fell in: `touched` (written to, the
    contact is `contact_id`) or `control` (the holdout: recorded, never written to). Both groups' orders
    within the attribution window of `due_at` are what the owner's uplift compares."""

    __tablename__ = "retention_assignments"
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customers.id", index=True)
    arm: str  # touched | control
    due_at: datetime = _when(index=True)
    channel: str  # the channel written through (touched) or that would have been (control)
    segment: str  # the purchase cycle the customer was due on
    contact_id: int | None = Field(default=None, foreign_key="retention_contacts.id")


class Offer(SQLModel, table=True):
    """A personal discount, granted by policy (retention/offers.py), never by the model."""

    __tablename__ = "offers"
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customers.id", index=True)
    retention_contact_id: int | None = Field(default=None, foreign_key="retention_contacts.id")
    percent: int
    created_at: datetime = _when()
    expires_at: datetime = _when()
    used_at: datetime | None = _when(default=None)


class Suppression(SQLModel, table=True):
    """Customers who had their data erased, as keyed hashes of their phone, the shop's customer id and
    messenger chat ids (bot/app/suppression.py): an import or a CRM sync never brings them back."""

    __tablename__ = "suppressions"
    digest: str = Field(primary_key=True)  # HMAC-SHA256 hex; the key is in kv, never with the digests' sources
    created_at: datetime = _when()


class KeyValue(SQLModel, table=True):
    """Small durable settings and cursors: CRM tokens and field maps, sync positions, pause flags."""

    __tablename__ = "kv"
    key: str = Field(primary_key=True)
    value: dict[str, Any] = _json(default_factory=dict)
    updated_at: datetime = _when()


class RateSlot(SQLModel, table=True):
    """A request budget every process shares (bot/store/rate.py): a call may start when it claims one of
    a bucket's `rate` slots that was last used at least a window ago."""

    __tablename__ = "rate_slots"
    bucket: str = Field(primary_key=True)  # e.g. "amocrm"
    slot: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    used_at: float = Field(default=0.0, sa_type=sa.Double)  # seconds since the epoch by the database's clock


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
    delivery: str | None = None  # outgoing, where the platform reports it: sent | delivered | read | failed
    delivery_error: str | None = None


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
    crm_stage: str | None = None
    created_at: datetime = _when()
    closed_at: datetime | None = _when(default=None)


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


class TelegramUpdate(SQLModel, table=True):
    """Telegram update ids already handled: Telegram re-sends updates and aiogram does not deduplicate."""

    __tablename__ = "telegram_updates"
    update_id: int = Field(sa_type=sa.BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False})
    seen_at: datetime = _when(index=True)


class LlmUsage(SQLModel, table=True):
    """Tokens one model call spent for one conversation, and what that cost at the configured price."""

    __tablename__ = "llm_usage"
    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversations.id", index=True)
    purpose: str  # understand | reply | photo
    model: str
    tokens_in: int = 0
    tokens_out: int = 0
    cost_rub: float = 0.0
    ok: bool = True  # False: the call failed or its answer was rejected by code
    created_at: datetime = _when(index=True)


class StaffUser(SQLModel, table=True):
    """Who may open the CRM board (managers) and the dashboard (the owner): `python main.py users add`."""

    __tablename__ = "staff_users"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column_kwargs={"unique": True})
    role: str  # manager | owner
    password_hash: str  # argon2id
    created_at: datetime = _when()
    disabled_at: datetime | None = _when(default=None)


class StaffSession(SQLModel, table=True):
    """A signed-in browser. The cookie holds a random token; only its SHA-256 is stored here."""

    __tablename__ = "staff_sessions"
    id: str = Field(primary_key=True)  # sha256 hex of the cookie's token
    user_id: int = Field(foreign_key="staff_users.id", index=True)
    csrf: str  # the form token of this session
    created_at: datetime = _when()
    expires_at: datetime = _when(index=True)


class LeadSla(SQLModel, table=True):
    """A handed-off request's way to a manager (bot/app/sla.py): when it was due to be taken, who took it
    and how (telegram | board | amocrm | reply), their first reply, and the escalation steps done."""

    __tablename__ = "lead_sla"
    lead_id: int = Field(foreign_key="leads.id", primary_key=True, sa_column_kwargs={"autoincrement": False})
    handed_off_at: datetime = _when()
    take_due_at: datetime | None = _when(default=None)
    escalate_due_at: datetime | None = _when(default=None)
    taken_at: datetime | None = _when(default=None)
    taken_by: str | None = None  # the manager's name as their tool gives it
    taken_via: str | None = None
    first_reply_at: datetime | None = _when(default=None)
    overdue_at: datetime | None = _when(default=None)  # posted again as overdue (the first limit)
    escalated_at: datetime | None = _when(default=None)  # the owner alerted (the second limit)
    customer_told_at: datetime | None = _when(default=None)


class Feedback(SQLModel, table=True):
    """One after-purchase question (bot/app/feedback.py) and the customer's answer: a rating 1–5, a comment."""

    __tablename__ = "feedback"
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customers.id", index=True)
    purchase_id: int = Field(foreign_key="purchases.id", unique=True)  # asked once per purchase
    lead_id: int | None = Field(default=None, foreign_key="leads.id")
    conversation_id: int = Field(foreign_key="conversations.id")
    asked_at: datetime = _when(index=True)
    rating: int | None = None
    comment: str | None = None
    answered_at: datetime | None = _when(default=None)
