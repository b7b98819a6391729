"""History in (`python main.py crm sync`): amoCRM contacts with phones and their won deals become
our customers and purchases, so retention works from the shop's real sales.

Pages are walked oldest contact first; each page's customers, purchases and the cursor (next page)
commit together, so an interrupted sync resumes at the page it stopped on, and a repeated page
changes nothing (customers by external ref "amocrm:contact:ID", purchases by "amocrm:lead:ID").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlmodel import select

from bot.app.customers import CustomerRecord, record_purchase, upsert_customer
from bot.app.suppression import is_suppressed
from bot.clock import Clock
from bot.store.engine import SessionFactory
from bot.store.models import KeyValue
from crm_adapters.amocrm.adapter import AmoCrm, field_value, phone_values
from crm_adapters.amocrm.fields import WON

CURSOR_KEY = "amocrm.sync"
PAGE = 250
IDS_PER_CALL = 50


@dataclass
class SyncProgress:
    page: int = 0  # pages done in this run
    contacts: int = 0  # contacts seen
    customers: int = 0  # customers created or changed
    purchases: int = 0  # purchases added
    resumed_from: int = 1
    finished: bool = False


def _bonus(contact: dict[str, Any], field_id: int | None) -> int | None:
    raw = field_value(contact, field_id)
    try:
        return int(float(str(raw).replace(",", ".").replace(" ", ""))) if raw not in (None, "") else None
    except ValueError:
        return None


async def sync_history(
    crm: AmoCrm,
    sessions: SessionFactory,
    clock: Clock,
    *,
    on_page: Callable[[SyncProgress], None] | None = None,
    page_size: int = PAGE,
) -> SyncProgress:
    bonus_field = (await crm.mapping(fresh=True, allow_create=False)).field_id("bonus")
    cursor = await crm.kv.get(CURSOR_KEY) or {}
    page = int(cursor.get("page", 1))
    progress = SyncProgress(resumed_from=page)
    while True:
        params = {"page": page, "limit": page_size, "with": "leads", "order[id]": "asc"}
        body = await crm.client.request("GET", "/api/v4/contacts", params=params)
        contacts = list((body or {}).get("_embedded", {}).get("contacts") or [])
        won = await _won_deals(crm, contacts)
        last = not contacts or not (body or {}).get("_links", {}).get("next")
        async with sessions() as session:
            for contact in contacts:
                phones = phone_values(contact)
                if not phones:
                    continue
                record = CustomerRecord(
                    external_ref=f"amocrm:contact:{contact['id']}",
                    name=contact.get("name") or None,
                    phone=phones[0],
                    bonus_points=_bonus(contact, bonus_field),
                )
                if await is_suppressed(session, phone=record.phone, external_ref=record.external_ref):
                    continue  # erased at their request: a manager deletes them in amoCRM too
                customer, changed = await upsert_customer(session, record, clock.now(), source="amocrm")
                progress.customers += int(changed)
                for lead in won.get(int(contact["id"]), []):
                    progress.purchases += await record_purchase(
                        session,
                        customer,
                        purchased_at=datetime.fromtimestamp(int(lead.get("closed_at") or lead["updated_at"]), UTC),
                        amount=float(lead.get("price") or 0),
                        external_id=f"amocrm:lead:{lead['id']}",
                        source="amocrm",
                    )
            next_cursor = {"page": 1, "finished_at": clock.now().isoformat()} if last else {"page": page + 1}
            row = (await session.exec(select(KeyValue).where(KeyValue.key == CURSOR_KEY))).first()
            row = row or KeyValue(key=CURSOR_KEY, updated_at=clock.now())
            row.value, row.updated_at = next_cursor, clock.now()
            session.add(row)
            await session.commit()
        progress.page += 1
        progress.contacts += len(contacts)
        progress.finished = last
        if on_page is not None:
            on_page(progress)
        if last:
            return progress
        page += 1


async def _won_deals(crm: AmoCrm, contacts: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    """Won deals of these contacts, by contact id (one list call per 50 deal ids)."""
    owner: dict[int, int] = {}
    for contact in contacts:
        if phone_values(contact):
            for lead in (contact.get("_embedded") or {}).get("leads") or []:
                owner.setdefault(int(lead["id"]), int(contact["id"]))
    ids = sorted(owner)
    result: dict[int, list[dict[str, Any]]] = {}
    for start in range(0, len(ids), IDS_PER_CALL):
        chunk = ids[start : start + IDS_PER_CALL]
        params: dict[str, Any] = {f"filter[id][{n}]": lead_id for n, lead_id in enumerate(chunk)}
        body = await crm.client.request("GET", "/api/v4/leads", params={**params, "limit": PAGE})
        for lead in (body or {}).get("_embedded", {}).get("leads") or []:
            if lead.get("status_id") == WON and int(lead["id"]) in owner:
                result.setdefault(owner[int(lead["id"])], []).append(lead)
    return result
