"""The CRM port over amoCRM API v4 (our own thin client: amocrm_client.py, amocrm_auth.py,
amocrm_fields.py). Errors leave as bot.ports errors only; see amocrm_client.py for the map.

Exactly once: amoCRM has no idempotency keys, so every create is preceded by a lookup — the
contact by phone, the deal by our key in the «Заявка partsbot» field, the note and the task by
their text on the deal — and a retry after a lost answer finds what the first attempt made.
"""

from __future__ import annotations

import collections.abc
import logging
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from bot.app.customers import normalize_phone
from bot.clock import Clock
from bot.config import Settings
from bot.ports import ContactCard, CrmRejected, DealCard
from bot.store.engine import SessionFactory
from bot.store.kv import KvStore
from bot.store.rate import RateSlots
from crm_adapters.amocrm.auth import LongLivedToken, OAuthTokens
from crm_adapters.amocrm.client import Alert, AmoClient, BlockGuard, RateLimiter, TokenSource
from crm_adapters.amocrm.fields import Mapping, MappingCache, field_specs, resolve, signature

RECENT_LEADS = 250  # newest leads scanned when the search index has not caught up yet
INSTALL_KEY = "amocrm.install"

log = logging.getLogger(__name__)


def phone_values(entity: dict[str, Any]) -> list[str]:
    """Every PHONE value of a contact, normalised to E.164 (unparseable ones dropped)."""
    result = []
    for item in entity.get("custom_fields_values") or []:
        if item.get("field_code") == "PHONE":
            for value in item.get("values") or []:
                phone = normalize_phone(str(value.get("value", "")))
                if phone:
                    result.append(phone)
    return result


def field_value(entity: dict[str, Any], field_id: int | None) -> str | None:
    for item in entity.get("custom_fields_values") or []:
        if field_id is not None and item.get("field_id") == field_id and item.get("values"):
            return str(item["values"][0].get("value"))
    return None


def _text_fields(values: collections.abc.Mapping[int | None, str | None]) -> list[dict[str, Any]]:
    return [{"field_id": fid, "values": [{"value": text}]} for fid, text in values.items() if fid and text]


class AmoCrm:
    """CrmPort for amoCRM. Build it with `AmoCrm.from_settings(settings, sessions, clock)`."""

    def __init__(
        self,
        client: AmoClient,
        kv: KvStore,
        tokens: TokenSource,
        *,
        sig: str,
        settings: Settings,
        bonus_field: str,
        rate_slots: RateSlots | None = None,
    ) -> None:
        self.client, self.kv, self.tokens = client, kv, tokens
        self._rate_slots = rate_slots
        self._sig, self._settings = sig, settings
        self._specs = field_specs(bonus_field)
        self._cache = MappingCache(kv)
        self._install: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings, sessions: SessionFactory, clock: Clock, *, alert: Alert | None = None) -> AmoCrm:
        assert settings.amocrm.base_url, "AMOCRM_BASE_URL is not set"
        kv = KvStore(sessions, clock)
        # one budget for every process on this database: the service, `crm sync`, `retention run-once`
        rate_slots = RateSlots(settings.database_url, "amocrm", settings.amocrm.rate_per_second)
        limiter = RateLimiter(settings.amocrm.rate_per_second, shared=rate_slots)
        tokens: TokenSource
        if settings.amocrm.access_token:
            tokens = LongLivedToken(settings.amocrm.access_token.get_secret_value())
        else:
            secret, code = settings.amocrm.client_secret, settings.amocrm.auth_code
            tokens = OAuthTokens(
                kv,
                clock,
                limiter,
                base_url=settings.amocrm.base_url,
                client_id=settings.amocrm.client_id or "",
                client_secret=secret.get_secret_value() if secret else "",
                redirect_uri=settings.amocrm.redirect_uri or "",
                auth_code=code.get_secret_value() if code else None,
                timeout=settings.amocrm.timeout_seconds,
            )
        guard = BlockGuard(kv, clock, pause=timedelta(minutes=settings.amocrm.blocked_pause_minutes), alert=alert)
        client = AmoClient(
            settings.amocrm.base_url,
            tokens,
            limiter,
            guard,
            timeout=settings.amocrm.timeout_seconds,
            retry_seconds=settings.amocrm.retry_seconds,
        )
        specs = field_specs(settings.amocrm.bonus_field)
        sig = signature(settings.amocrm.base_url, settings.amocrm.pipeline, settings.amocrm.stage, specs)
        return cls(client, kv, tokens, sig=sig, settings=settings, bonus_field=settings.amocrm.bonus_field, rate_slots=rate_slots)

    async def aclose(self) -> None:
        await self.client.aclose()
        if isinstance(self.tokens, OAuthTokens):
            await self.tokens.aclose()
        if self._rate_slots is not None:
            await self._rate_slots.aclose()

    async def mapping(self, *, fresh: bool = False, allow_create: bool = True) -> Mapping:
        cached = None if fresh else await self._cache.get(self._sig)
        if cached is not None:
            return cached
        mapping = await resolve(
            self.client,
            sig=self._sig,
            pipeline=self._settings.amocrm.pipeline,
            stage=self._settings.amocrm.stage,
            specs=self._specs,
            allow_create=allow_create,
        )
        if allow_create:  # a read-only look must not hide fields a later call would create
            await self._cache.put(mapping)
        return mapping

    async def deal_key(self, key: str) -> str:
        """Our key as stored in the deal: "lead:42@<database id>", so two databases (a reset, a
        replay) sharing one amoCRM account never take each other's deals for their own."""
        if self._install is None:
            stored = await self.kv.get(INSTALL_KEY)
            if not stored:

                async def first(current: dict[str, Any] | None) -> dict[str, Any] | None:
                    return None if current else {"id": uuid.uuid4().hex[:8]}

                stored = await self.kv.locked_change(INSTALL_KEY, first)
            assert stored is not None
            self._install = str(stored["id"])
        return f"{key}@{self._install}"

    # --- CrmPort -------------------------------------------------------------------------------

    async def upsert_contact(self, contact: ContactCard) -> str:
        return await self._fresh_fields_on_reject(lambda: self._upsert_contact(contact))

    async def create_deal(self, deal: DealCard, contact_id: str) -> str:
        return await self._fresh_fields_on_reject(lambda: self._create_deal(deal, contact_id))

    async def set_responsible(self, deal_id: str, user_id: str) -> None:
        await self.client.request("PATCH", f"/api/v4/leads/{deal_id}", json={"responsible_user_id": int(user_id)})

    async def _fresh_fields_on_reject(self, call: Callable[[], Awaitable[str]]) -> str:
        """A field deleted (or re-created) in amoCRM since we cached the map: amoCRM answers 400 on
        its id. The map is read afresh (missing fields made again) and the call made once more."""
        try:
            return await call()
        except CrmRejected as exc:
            if "custom_fields" not in str(exc):
                raise
            log.warning("amoCRM rejected a custom field (%s); reading the field map afresh", exc)
            await self.mapping(fresh=True)
            return await call()

    async def _upsert_contact(self, contact: ContactCard) -> str:
        m = await self.mapping()
        ids = {m.field_id("vin"): contact.vin, m.field_id("frame"): contact.frame}
        phone = normalize_phone(contact.phone)
        remembered = None if phone else await self.kv.get(await self._contact_key(contact.key))
        if remembered:  # no phone to find them by: the contact we made for this customer before
            try:
                found = await self.client.request("GET", f"/api/v4/contacts/{remembered['id']}")  # 204: deleted
            except CrmRejected:  # 404 and the like: gone, a new contact is made below
                found = None
        else:
            found = await self.find_contact(phone) if phone else None
        if found is not None:
            changes = {fid: text for fid, text in ids.items() if text and field_value(found, fid) != text}
            if changes:
                await self.client.request(
                    "PATCH", f"/api/v4/contacts/{found['id']}", json={"custom_fields_values": _text_fields(changes)}
                )
            return str(found["id"])
        values = _text_fields(ids)
        if phone:
            values.insert(0, {"field_code": "PHONE", "values": [{"value": phone, "enum_code": "WORK"}]})
        item = {"name": contact.name or phone or "Клиент", "custom_fields_values": values, "request_id": contact.key}
        body = await self.client.request("POST", "/api/v4/contacts", json=[item])
        contact_id = str(_first(body, "contacts")["id"])
        if not phone:
            await self.kv.put(await self._contact_key(contact.key), {"id": contact_id})
        return contact_id

    async def _contact_key(self, key: str) -> str:
        return f"amocrm.contact.{await self.deal_key(key)}"

    async def find_contact(self, phone: str) -> dict[str, Any] | None:
        """A contact whose PHONE field holds this number in any form (+7…, 8…, spaces)."""
        national = phone[-10:]
        body = await self.client.request("GET", "/api/v4/contacts", params={"query": national, "limit": 50})
        for candidate in (body or {}).get("_embedded", {}).get("contacts") or []:
            if phone in phone_values(candidate):
                return dict(candidate)
        return None

    async def find_deal(self, key: str) -> str | None:
        key_field = (await self.mapping()).field_id("key")
        if key_field is None:
            return await self._find_attempted(key)
        key = await self.deal_key(key)
        searches = [{"query": key, "limit": 50}, {"order[id]": "desc", "limit": RECENT_LEADS}]
        for params in searches:
            body = await self.client.request("GET", "/api/v4/leads", params=params)
            for lead in (body or {}).get("_embedded", {}).get("leads") or []:
                if field_value(lead, key_field) == key:
                    return str(lead["id"])
        return None

    async def _find_attempted(self, key: str) -> str | None:
        """Without the «Заявка partsbot» field: the deal a lost answer may have made is the newest one
        with our title on our contact, made since we tried (remembered in kv before the POST)."""
        attempt = await self.kv.get(await self._attempt_key(key))
        if not attempt:
            return None
        body = await self.client.request(
            "GET", "/api/v4/leads", params={"order[id]": "desc", "limit": RECENT_LEADS, "with": "contacts"}
        )
        for lead in (body or {}).get("_embedded", {}).get("leads") or []:
            contacts = {str(c.get("id")) for c in (lead.get("_embedded") or {}).get("contacts") or []}
            if (
                lead.get("name") == attempt["name"]
                and attempt["contact_id"] in contacts
                and int(lead.get("created_at") or 0) >= int(attempt["at"]) - 60
            ):
                return str(lead["id"])
        return None

    async def _attempt_key(self, key: str) -> str:
        return f"amocrm.attempt.{await self.deal_key(key)}"

    async def _create_deal(self, deal: DealCard, contact_id: str) -> str:
        m = await self.mapping()
        if m.field_id("key") is None:  # no field to find it by later: remember that we are trying
            await self.kv.put(
                await self._attempt_key(deal.key),
                {"name": deal.title, "contact_id": contact_id, "at": int(self.kv.now().timestamp())},
            )
        values = {
            m.field_id("parts"): "\n".join(deal.parts),
            m.field_id("car"): deal.car,
            m.field_id("source"): deal.source,
            m.field_id("key"): await self.deal_key(deal.key),
        }
        item = {
            "name": deal.title,
            "pipeline_id": m.pipeline_id,
            "status_id": m.status_id,
            "custom_fields_values": _text_fields(values),
            "_embedded": {"tags": [{"name": t} for t in deal.tags], "contacts": [{"id": int(contact_id)}]},
            "request_id": deal.key,
        }
        body = await self.client.request("POST", "/api/v4/leads/complex", json=[item])
        if not isinstance(body, list) or not body:
            raise CrmRejected(f"unexpected answer to leads/complex: {str(body)[:200]}")
        return str(body[0]["id"])

    async def add_note(self, deal_id: str, text: str) -> str:
        existing = await self.client.request(
            "GET", f"/api/v4/leads/{deal_id}/notes", params={"filter[note_type]": "common", "limit": 250}
        )
        for note in (existing or {}).get("_embedded", {}).get("notes") or []:
            if (note.get("params") or {}).get("text") == text:
                return str(note["id"])
        body = await self.client.request(
            "POST", f"/api/v4/leads/{deal_id}/notes", json=[{"note_type": "common", "params": {"text": text}}]
        )
        return str(_first(body, "notes")["id"])

    async def add_task(self, deal_id: str, text: str, due: datetime, *, responsible: str | None = None) -> str:
        return await self.add_entity_task("leads", deal_id, text, due, responsible=responsible)

    async def add_entity_task(
        self, entity_type: str, entity_id: str, text: str, due: datetime, *, responsible: str | None = None
    ) -> str:
        """A task on a deal ("leads") or a contact ("contacts"); the same text there already is that task."""
        params = {"filter[entity_type]": entity_type, "filter[entity_id]": entity_id, "limit": 250}
        existing = await self.client.request("GET", "/api/v4/tasks", params=params)
        for task in (existing or {}).get("_embedded", {}).get("tasks") or []:
            if task.get("text") == text:
                return str(task["id"])
        item = {
            "text": text,
            "complete_till": int(due.timestamp()),
            "entity_id": int(entity_id),
            "entity_type": entity_type,
            "task_type_id": 1,
        }
        if responsible and responsible.isdigit():
            item["responsible_user_id"] = int(responsible)
        body = await self.client.request("POST", "/api/v4/tasks", json=[item])
        return str(_first(body, "tasks")["id"])


def _first(body: Any, key: str) -> dict[str, Any]:
    items = (body or {}).get("_embedded", {}).get(key) if isinstance(body, dict) else None
    if not items:
        raise CrmRejected(f"amoCRM answered without {key}: {str(body)[:200]}")
    return dict(items[0])
