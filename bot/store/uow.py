"""The unit of work on SQLAlchemy: one AsyncSession per `async with`, committed whole or rolled back."""

from __future__ import annotations

from datetime import datetime
from types import TracebackType
from typing import Any, Self, TypeVar

import sqlalchemy as sa
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.uow import Duplicate
from bot.store.engine import SessionFactory
from bot.store.models import Consent, Conversation, Customer, Lead, LlmUsage, Message, Offer

T = TypeVar("T", bound=SQLModel)


class SqlRows:
    """The service layer's queries over a session someone else opened (and will commit)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(self, row: SQLModel) -> None:
        self.session.add(row)

    async def delete(self, row: SQLModel) -> None:
        await self.session.delete(row)

    async def get(self, model: type[T], key: Any, *, for_update: bool = False) -> T | None:
        if not for_update:
            return await self.session.get(model, key)
        primary_key = inspect(model).primary_key[0]
        query = select(model).where(primary_key == key).with_for_update().execution_options(populate_existing=True)
        return (await self.session.exec(query)).first()

    async def flush(self) -> None:
        try:
            await self.session.flush()
        except IntegrityError as exc:
            await self.session.rollback()
            raise Duplicate(str(exc.orig)) from exc

    async def message_by_external_id(self, channel: str, external_id: str) -> Message | None:
        query = select(Message).where(Message.channel == channel, Message.external_id == external_id)
        return (await self.session.exec(query)).first()

    async def conversation_of_chat(self, channel: str, chat_id: str) -> Conversation | None:
        query = select(Conversation).where(Conversation.channel == channel, Conversation.chat_id == chat_id)
        return (await self.session.exec(query)).first()

    async def customer_by_phone(self, phone: str) -> Customer | None:
        query = select(Customer).where(Customer.phone == phone).order_by(col(Customer.id))
        return (await self.session.exec(query)).first()

    async def latest_offer(self, customer_id: int) -> Offer | None:
        query = select(Offer).where(Offer.customer_id == customer_id).order_by(col(Offer.id).desc())
        return (await self.session.exec(query)).first()

    async def latest_consent(self, customer_id: int, purpose: str) -> Consent | None:
        query = (
            select(Consent).where(Consent.customer_id == customer_id, Consent.purpose == purpose).order_by(col(Consent.id).desc())
        )
        return (await self.session.exec(query)).first()

    async def past_leads(self, customer_id: int, limit: int) -> list[Lead]:
        query = select(Lead).where(Lead.customer_id == customer_id).order_by(col(Lead.id).desc()).limit(limit)
        return list((await self.session.exec(query)).all())

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
        query = select(Message).where(
            Message.conversation_id == conversation_id,
            Message.direction == "in",
            col(Message.processed_at).is_(None),
            col(Message.id) <= up_to,
        )
        return list((await self.session.exec(query.order_by(col(Message.id)))).all())

    async def unanswered_inbound(self) -> list[int]:
        query = select(Message.id).where(Message.direction == "in", col(Message.processed_at).is_(None))
        return [message_id for message_id in (await self.session.exec(query.order_by(col(Message.id)))).all() if message_id]


class SqlUnitOfWork(SqlRows):
    def __init__(self, sessions: SessionFactory) -> None:
        self._sessions = sessions

    async def __aenter__(self) -> Self:
        self.session = self._sessions()
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        await self.session.close()  # rolls back what was not committed; loaded rows stay readable

    async def commit(self) -> None:
        try:
            await self.session.commit()
        except IntegrityError as exc:
            await self.session.rollback()
            raise Duplicate(str(exc.orig)) from exc
