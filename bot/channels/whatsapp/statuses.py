"""What WhatsApp says became of our messages: sent -> delivered -> read, or failed.

Statuses come at least once and out of order, so a message's status only moves forward (a late
"sent" never turns "read" back). A failure says what to do next: the 24-hour window had closed
(131047) -> the template goes instead; a rate limit (130429, 131056) -> the same text again a minute
later; the customer is not on WhatsApp or refuses marketing (131026, 131049, 131050) -> marked, never
written through WhatsApp by the campaign again. A campaign message that failed is no touch in the
funnel.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.effects import outbox_item
from bot.app.sending import SEND
from bot.store.engine import SessionFactory
from bot.store.models import Conversation, Customer, Message, RetentionContact

CHANNEL = "whatsapp"
RESEND_AS_TEMPLATE = "whatsapp.resend_as_template"
ORDER = {"sent": 1, "delivered": 2, "read": 3, "played": 3}
WINDOW_CLOSED = 131047
RATE = frozenset({130429, 131056})
REFUSED = frozenset({131026, 131049, 131050})
RATE_PAUSE = timedelta(minutes=1)


async def record_sent(sessions: SessionFactory, message_id: int, wamid: str) -> None:
    """Our stored message now has WhatsApp's id, so its statuses find it."""
    async with sessions() as session:
        message = await session.get(Message, message_id)
        if message is not None:
            message.external_id, message.delivery = wamid, message.delivery or "sent"
            session.add(message)
            await session.commit()


async def record_status(sessions: SessionFactory, wamid: str, status: str, error: int | None, detail: str, now: datetime) -> bool:
    """Apply one status; True when the wake-up of the outbox is due (something was queued)."""
    async with sessions() as session:
        query = select(Message).where(Message.channel == CHANNEL, Message.external_id == wamid, Message.direction == "out")
        message = (await session.exec(query)).first()
        if message is None or message.delivery in ("read", "failed"):
            return False  # not ours, or final already: a re-delivered or late status changes nothing
        if status != "failed":
            if ORDER.get(status, 0) > ORDER.get(message.delivery or "", 0):
                message.delivery = status
                session.add(message)
                await session.commit()
            return False
        message.delivery, message.delivery_error = "failed", f"{error}: {detail}"[:300]
        session.add(message)
        queued = await _after_failure(session, message, error, now)
        await session.commit()
        return queued


async def _after_failure(session: AsyncSession, message: Message, error: int | None, now: datetime) -> bool:
    assert message.id is not None
    if error == WINDOW_CLOSED:
        session.add(outbox_item(RESEND_AS_TEMPLATE, {"message_id": message.id}, now))
        return True
    if error in RATE:
        session.add(outbox_item(SEND, {"message_id": message.id}, now + RATE_PAUSE))
        return True
    conversation = await session.get(Conversation, message.conversation_id)
    if error in REFUSED and conversation is not None:
        customer = await session.get(Customer, conversation.customer_id)
        if customer is not None:
            customer.whatsapp_unreachable = True
            session.add(customer)
    touches = select(RetentionContact).where(
        RetentionContact.conversation_id == message.conversation_id, col(RetentionContact.contacted_at) <= message.created_at
    )
    touch = (await session.exec(touches.order_by(col(RetentionContact.contacted_at).desc()))).first()
    if touch is not None and touch.replied_at is None:
        touch.failed_at = now
        session.add(touch)
    return False
