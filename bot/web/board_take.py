"""«Взять» on the built-in CRM board: the signed-in manager takes a deal — the first one wins, as with
the Telegram button (bot/app/ownership.py), the request counts as taken for the SLA (bot/app/sla.py),
and the deal gets a note saying who took it."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import RedirectResponse

from bot.app.effects import outbox_item
from bot.app.manager_texts import ManagerTexts
from bot.app.ownership import Ownership
from bot.app.sla import mark_taken
from bot.runtime import Container
from bot.store.kv import KvStore
from bot.store.models import LocalDeal
from bot.web.auth import StaffAuth, Viewer

VIA = "board"


def lead_of_deal(deal: LocalDeal) -> int | None:
    key = deal.key.split(":", 1)
    return int(key[1]) if key[0] == "lead" and key[1].isdigit() else None


def build_router(container: Container, auth: StaffAuth) -> APIRouter:
    router = APIRouter(tags=["crm"])
    ownership = Ownership(KvStore(container.sessions, container.clock))
    manager_form = Depends(auth.form("manager"))
    texts = ManagerTexts(container.settings.prompts_dir)

    @router.post("/crm/deals/{deal_id}/take")
    async def take_deal(deal_id: int, viewer: Viewer = manager_form) -> RedirectResponse:
        """The signed-in manager takes the deal (409 naming who has it, when somebody took it first)."""
        async with container.sessions() as session:
            deal = await session.get(LocalDeal, deal_id)
        lead_id = lead_of_deal(deal) if deal is not None else None
        if lead_id is None:
            raise HTTPException(404, "Нет такой сделки")
        name = viewer.staff.name
        holder = await ownership.take(lead_id, {"name": name, "via": VIA, "staff_id": viewer.staff.id})
        if holder is not None:
            raise HTTPException(409, f"Уже взял(а) {holder.get('name', 'другой менеджер')}")
        now = container.clock.now()
        await mark_taken(container.sessions, lead_id, name, VIA, now)
        async with container.sessions() as session:
            session.add(outbox_item("crm.add_note", {"lead_id": lead_id, "note": texts("board_taken_note", manager=name)}, now))
            await session.commit()
        if container.core.wake_outbox is not None:
            container.core.wake_outbox.set()
        return RedirectResponse("/crm", status_code=303)

    return router
