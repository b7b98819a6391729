"""amoCRM webhooks in: `POST /webhooks/amocrm/{secret}` stores the raw form body as an outbox item
("amocrm.webhook") and answers at once (amoCRM waits 2 s and disables hooks that keep failing);
the outbox worker then applies it: stage changes update our Lead, won deals (142) become
purchases, lost ones (143) close the lead; a responsible user change (`responsible_lead`) on one of our
deals means a manager took the request (bot/app/sla.py).

amoCRM signs nothing here: the long random secret in the path is the only check (§7.5 of the
reference), and the payload is a hint — the won deal is re-read through the API before use.
"""

from __future__ import annotations

import hmac
import logging
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, HTTPException, Request, Response
from sqlmodel import select

from bot.app.customers import CustomerRecord, normalize_phone, record_purchase, upsert_customer
from bot.app.deals import close_lead
from bot.app.outbox import Handler
from bot.app.sla import mark_taken
from bot.app.suppression import is_suppressed
from bot.clock import Clock
from bot.store.engine import SessionFactory
from bot.store.models import Customer, Lead, OutboxItem
from crm_adapters.amocrm.adapter import AmoCrm, phone_values
from crm_adapters.amocrm.fields import LOST, WON

log = logging.getLogger(__name__)

KIND = "amocrm.webhook"
MAX_BODY = 512 * 1024
MAX_DEPTH = 8
_BRACKETS = re.compile(r"\[([^\]]*)\]")


def parse_form(body: str) -> dict[str, Any]:
    """`leads[status][0][id]=5` -> {"leads": {"status": {"0": {"id": "5"}}}}; every value is a string."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(body, keep_blank_values=True, max_num_fields=5000):
        head = key.split("[", 1)[0]
        path = [head, *_BRACKETS.findall(key[len(head) :])][:MAX_DEPTH]
        node = root
        for name in path[:-1]:
            child = node.get(name)
            if not isinstance(child, dict):
                child = node[name] = {}
            node = child
        node[path[-1]] = value
    return root


def lead_events(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """Lead entries that carry a status: status changes, adds and updates."""
    leads = payload.get("leads")
    if not isinstance(leads, dict):
        return []
    events = []
    for action in ("status", "add", "update"):
        entries = leads.get(action)
        for entry in entries.values() if isinstance(entries, dict) else []:
            if isinstance(entry, dict) and str(entry.get("id", "")).isdigit() and str(entry.get("status_id", "")).isdigit():
                events.append(entry)
    return events


def responsible_events(payload: dict[str, Any]) -> list[tuple[int, str]]:
    """(deal id, new responsible user id) of `leads[responsible][N]` entries."""
    entries = (payload.get("leads") or {}).get("responsible") if isinstance(payload.get("leads"), dict) else None
    found = []
    for entry in entries.values() if isinstance(entries, dict) else []:
        if isinstance(entry, dict) and str(entry.get("id", "")).isdigit() and str(entry.get("responsible_user_id", "")).isdigit():
            found.append((int(entry["id"]), str(entry["responsible_user_id"])))
    return found


def webhook_router(sessions: SessionFactory, clock: Clock, secret: str, wake: Any = None) -> APIRouter:
    router = APIRouter()

    @router.post("/webhooks/amocrm/{given}")
    async def amocrm_webhook(given: str, request: Request) -> Response:
        """amoCRM event hook: queued for the outbox worker, answered at once."""
        if not hmac.compare_digest(given.encode(), secret.encode()):
            raise HTTPException(status_code=404)
        body = await request.body()
        if len(body) > MAX_BODY:
            raise HTTPException(status_code=413)
        now = clock.now()
        async with sessions() as session:
            text = body.decode("utf-8", errors="replace")
            session.add(OutboxItem(kind=KIND, payload={"body": text}, next_attempt_at=now, created_at=now))
            await session.commit()
        if wake is not None:
            wake.set()
        return Response(content="ok", media_type="text/plain")

    return router


def webhook_handlers(sessions: SessionFactory, crm: AmoCrm, clock: Clock) -> dict[str, Handler]:
    async def apply(payload: dict[str, Any], progress: dict[str, Any], save: Any) -> None:
        form = parse_form(str(payload.get("body", "")))
        for event in lead_events(form):
            await apply_status(int(event["id"]), int(event["status_id"]), event)
        for deal_id, user_id in responsible_events(form):
            await apply_responsible(deal_id, user_id)

    async def apply_responsible(deal_id: int, user_id: str) -> None:
        async with sessions() as session:
            lead_id = (await session.exec(select(Lead.id).where(Lead.crm_deal_id == str(deal_id)))).first()
        if lead_id is not None:
            await mark_taken(sessions, lead_id, await user_name(user_id), "amocrm", clock.now())

    async def user_name(user_id: str) -> str:
        """The manager's name as amoCRM shows it (the owner's report lists people, not ids); the id when
        amoCRM does not say (no such user, no right to read users, amoCRM down: the take counts anyway)."""
        try:
            body = await crm.client.request("GET", f"/api/v4/users/{user_id}")
        except Exception as exc:  # a name is not worth retrying the whole webhook for
            log.info("amoCRM user %s: no name (%s)", user_id, type(exc).__name__)
            body = None
        name = body.get("name") if isinstance(body, dict) else None
        return name.strip() if isinstance(name, str) and name.strip() else f"amoCRM #{user_id}"

    async def apply_status(deal_id: int, status_id: int, event: dict[str, Any]) -> None:
        mapping = await crm.mapping()
        deal = (
            await crm.client.request("GET", f"/api/v4/leads/{deal_id}", params={"with": "contacts"}) if status_id == WON else None
        )
        async with sessions() as session:
            lead = (await session.exec(select(Lead).where(Lead.crm_deal_id == str(deal_id)))).first()
            closed_at = _closed_at(deal, event, clock)
            stage = mapping.stages.get(str(status_id), str(status_id))
            price = float((deal or {}).get("price") or event.get("price") or 0)
            external_id = f"amocrm:lead:{deal_id}"
            if lead is not None and status_id in (WON, LOST):
                await close_lead(
                    session,
                    lead,
                    won=status_id == WON,
                    amount=price,
                    at=closed_at,
                    external_id=external_id,
                    source="amocrm",
                    stage=stage,
                )
            elif lead is not None:
                lead.crm_stage = stage
                session.add(lead)
            elif status_id == WON:  # a deal made in amoCRM by hand: still a purchase of a known phone
                customer = await _customer_of(deal, session)
                if customer is not None:
                    await record_purchase(
                        session, customer, purchased_at=closed_at, amount=price, external_id=external_id, source="amocrm"
                    )
                else:
                    log.info("won amoCRM deal %s has no contact with a phone; no purchase recorded", deal_id)
            await session.commit()

    async def _customer_of(deal: dict[str, Any] | None, session: Any) -> Customer | None:
        contacts = (deal or {}).get("_embedded", {}).get("contacts") or []
        main = next((c for c in contacts if c.get("is_main")), contacts[0] if contacts else None)
        if main is None:
            return None
        body = await crm.client.request("GET", f"/api/v4/contacts/{main['id']}")
        phones = phone_values(body or {})
        if not phones:
            return None
        record = CustomerRecord(
            external_ref=f"amocrm:contact:{main['id']}", name=(body or {}).get("name"), phone=normalize_phone(phones[0])
        )
        if await is_suppressed(session, phone=record.phone, external_ref=record.external_ref):
            return None  # erased at their request: their purchases are not recorded again
        customer, _ = await upsert_customer(session, record, clock.now(), source="amocrm")
        return customer

    return {KIND: apply}


def _closed_at(deal: dict[str, Any] | None, event: dict[str, Any], clock: Clock) -> datetime:
    for raw in ((deal or {}).get("closed_at"), event.get("last_modified"), event.get("updated_at")):
        if raw and str(raw).isdigit():
            return datetime.fromtimestamp(int(raw), UTC)
    return clock.now()
