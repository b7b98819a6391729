"""A deal's end, whichever CRM reports it: the lead is closed and a won deal becomes a purchase —
which is what moves the customer's "last purchase" for retention and attributes the order."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.customers import record_purchase
from bot.store.models import Customer, Lead, RetentionContact


async def close_lead(
    session: AsyncSession,
    lead: Lead,
    *,
    won: bool,
    amount: float,
    at: datetime,
    external_id: str,
    source: str,
    stage: str | None = None,
) -> bool:
    """Caller commits. Returns True when a purchase was recorded (False: lost, or recorded before)."""
    lead.crm_stage = stage or ("won" if won else "lost")
    if lead.status != "closed":
        lead.status, lead.closed_at = "closed", at
    session.add(lead)
    if not won:
        return False
    customer = await session.get(Customer, lead.customer_id)
    assert customer is not None
    touch = (await session.exec(select(RetentionContact.id).where(RetentionContact.lead_id == lead.id))).first()
    return await record_purchase(
        session,
        customer,
        purchased_at=at,
        amount=amount,
        external_id=external_id,
        source=source,
        retention_contact_id=touch,
    )
