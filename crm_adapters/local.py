"""The built-in CRM: deals kept in our own database and shown on the /crm board."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select

from bot.app.deals import close_lead
from bot.clock import Clock
from bot.plugin import Needs, Plugin
from bot.ports import ContactCard, CrmRejected, DealCard
from bot.store.engine import SessionFactory
from bot.store.models import Lead, LeadSla, LocalContact, LocalDeal, LocalNote, LocalTask


def build(needs: Needs) -> Plugin:
    """The embedded default CRM: used when no other CRM is configured."""
    return Plugin(name="local_crm", crm=LocalCrm(needs.sessions, needs.clock))


class LocalCrm:
    def __init__(self, sessions: SessionFactory, clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def upsert_contact(self, contact: ContactCard) -> str:
        async with self._sessions() as session:
            row = (await session.exec(select(LocalContact).where(LocalContact.key == contact.key))).first()
            if row is None:
                row = LocalContact(key=contact.key, created_at=self._clock.now())
            row.name = contact.name or row.name
            row.phone = contact.phone or row.phone
            row.vin = contact.vin or row.vin
            row.frame = contact.frame or row.frame
            session.add(row)
            await session.commit()
            return str(row.id)

    async def find_deal(self, key: str) -> str | None:
        async with self._sessions() as session:
            row = (await session.exec(select(LocalDeal.id).where(LocalDeal.key == key))).first()
            return None if row is None else str(row)

    async def create_deal(self, deal: DealCard, contact_id: str) -> str:
        async with self._sessions() as session:
            row = LocalDeal(
                key=deal.key,
                contact_id=int(contact_id),
                title=deal.title,
                parts=list(deal.parts),
                car=deal.car,
                source=deal.source,
                tags=list(deal.tags),
                created_at=self._clock.now(),
            )
            session.add(row)
            await session.commit()
            return str(row.id)

    async def add_note(self, deal_id: str, text: str) -> str:
        return await self._add(LocalNote(deal_id=int(deal_id), text=text, created_at=self._clock.now()))

    async def add_task(self, deal_id: str, text: str, due: datetime, *, responsible: str | None = None) -> str:
        return await self._add(LocalTask(deal_id=int(deal_id), text=text, due_at=due))

    async def set_responsible(self, deal_id: str, user_id: str) -> None:
        return None  # the board has no users: the «взял(а)» note on the deal says who took it

    async def _add(self, row: LocalNote | LocalTask) -> str:
        async with self._sessions() as session:
            if await session.get(LocalDeal, row.deal_id) is None:
                raise CrmRejected(f"no deal {row.deal_id}")
            session.add(row)
            await session.commit()
            return str(row.id)


async def board(sessions: SessionFactory, limit: int = 200) -> list[dict[str, object]]:
    """Deals for the /crm page and for replay output, newest first, with contact, notes and tasks."""
    async with sessions() as session:
        deals = (await session.exec(select(LocalDeal).order_by(col(LocalDeal.id).desc()).limit(limit))).all()
        result: list[dict[str, object]] = []
        for deal in deals:
            contact = await session.get(LocalContact, deal.contact_id)
            notes = (await session.exec(select(LocalNote).where(LocalNote.deal_id == deal.id).order_by(col(LocalNote.id)))).all()
            tasks = (await session.exec(select(LocalTask).where(LocalTask.deal_id == deal.id))).all()
            lead_id = int(deal.key.split(":", 1)[1]) if deal.key.startswith("lead:") else None
            sla = await session.get(LeadSla, lead_id) if lead_id else None
            result.append(
                {
                    "deal": deal.model_dump(mode="json"),
                    "contact": contact.model_dump(mode="json") if contact else None,
                    "notes": [n.model_dump(mode="json") for n in notes],
                    "tasks": [t.model_dump(mode="json") for t in tasks],
                    "taken_by": sla.taken_by if sla else None,  # who took the request (bot/app/sla.py)
                    "overdue": bool(sla and sla.overdue_at and not sla.taken_at),
                }
            )
        return result


async def close_local_deal(sessions: SessionFactory, deal_id: int, *, won: bool, amount: float, now: datetime) -> None:
    """The board's "won"/"lost" buttons: the deal, our lead and (when won) a purchase, in one commit."""
    async with sessions() as session:
        deal = await session.get(LocalDeal, deal_id)
        if deal is None:
            raise CrmRejected(f"no deal {deal_id}")
        deal.status = "won" if won else "lost"
        session.add(deal)
        lead_id = int(deal.key.split(":", 1)[1]) if deal.key.startswith("lead:") else None
        lead = await session.get(Lead, lead_id) if lead_id else None
        if lead is not None:
            await close_lead(session, lead, won=won, amount=amount, at=now, external_id=f"local:{deal.key}", source="crm")
        await session.commit()
